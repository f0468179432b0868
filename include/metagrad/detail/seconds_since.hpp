// seconds_since: the wall time from a steady clock's reading, for the lines that say how long a
// step took.
#pragma once

#include <chrono>

namespace metagrad::detail {

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace metagrad::detail
