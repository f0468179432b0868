// fixed_string: a string usable as a template argument, so a leaf's name is part of its type.
#pragma once

#include <cstddef>
#include <string_view>

namespace metagrad {

template <std::size_t N>
struct fixed_string {
  char data[N]{};

  constexpr fixed_string() = default;
  constexpr fixed_string(const char (&text)[N]) {  // NOLINT: implicit by design
    for (std::size_t i = 0; i < N; ++i) data[i] = text[i];
  }
  constexpr std::string_view view() const { return {data, N - 1}; }
};

// a + b: the names of a block's leaves ("hidden" + ".W").
template <std::size_t N, std::size_t M>
constexpr fixed_string<N + M - 1> operator+(const fixed_string<N>& a, const fixed_string<M>& b) {
  fixed_string<N + M - 1> out;
  for (std::size_t i = 0; i + 1 < N; ++i) out.data[i] = a.data[i];
  for (std::size_t i = 0; i < M; ++i) out.data[N - 1 + i] = b.data[i];
  return out;
}

}  // namespace metagrad
