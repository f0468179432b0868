// printed: printf's formatting into a std::string (for a library's lines of what it chose, which
// the caller prints or not).
#pragma once

#include <cstdio>
#include <string>

namespace metagrad::detail {

template <class... Values>
std::string printed(const char* format, Values... values) {
  const int size = std::snprintf(nullptr, 0, format, values...);
  if (size <= 0) return {};
  std::string out(std::size_t(size) + 1, '\0');
  std::snprintf(out.data(), out.size(), format, values...);
  out.pop_back();
  return out;
}

}  // namespace metagrad::detail
