// fixed_string: a string usable as a template argument, so a leaf's name is part of its type.
#pragma once

#include <cstddef>
#include <string_view>

namespace metagrad {

template <std::size_t N>
struct fixed_string {
  char data[N]{};

  constexpr fixed_string(const char (&text)[N]) {  // NOLINT: implicit by design
    for (std::size_t i = 0; i < N; ++i) data[i] = text[i];
  }
  constexpr std::string_view view() const { return {data, N - 1}; }
};

}  // namespace metagrad
