// rule<Op> for the ops that select — comparisons and where (ops/masks.hpp), max, min and clamp
// (ops/min_max.hpp), row-wise softmax (ops/softmax.hpp) and slices of columns (ops/slice.hpp):
// rules.hpp's conventions, in a file of their own.
#pragma once

#include "metagrad/codegen/rules.hpp"

#include <string>
#include <string_view>

namespace metagrad::codegen {

namespace detail {
// 1 where the packet mask is set, else 0.
inline std::string one_where(const std::string& mask, const std::string& like) {
  return "pm::pselect(" + mask + ", splat(v, 1), pm::pzero(" + like + "))";
}
}  // namespace detail

template <bool Greater, bool WithScalar>
struct rule<compare_op<Greater, WithScalar>> {
  static constexpr std::array<read, 2> reads{read::each, WithScalar ? read::scalar : read::each};
  static constexpr std::string_view formula =
      Greater ? "greater(a, b) = [a > b]" : "less(a, b) = [a < b]";
  static std::string value(const element_site& s) {
    const std::string& a = s.in[0];
    const std::string b = WithScalar ? "splat(v, " + s.in[1] + ")" : s.in[1];
    return detail::one_where(
        Greater ? "pm::pcmp_lt(" + b + ", " + a + ")" : "pm::pcmp_lt(" + a + ", " + b + ")", a);
  }
};
template <>
struct rule<where_op> : pointwise<3> {
  static constexpr std::string_view formula = "where(mask, a, b) = a where mask != 0, else b";
  static std::string value(const element_site& s) {
    const std::string& m = s.in[0];
    return "pm::pselect(pm::pcmp_eq(" + m + ", pm::pzero(" + m + ")), " + s.in[2] + ", " + s.in[1] +
           ")";
  }
};

template <bool Max>
struct rule<pick_op<Max>> : pointwise<2> {
  static constexpr std::string_view formula = Max ? "max(a, b)" : "min(a, b)";
  static std::string value(const element_site& s) {
    return detail::call(Max ? "pm::pmax" : "pm::pmin", s.in);
  }
};
template <bool Max>
struct rule<pick_grad_op<Max>> : pointwise<3> {
  static constexpr std::string_view formula = Max ? "max_grad(g, a, b) = g [a > b] + g/2 [a == b]"
                                                  : "min_grad(g, a, b) = g [a < b] + g/2 [a == b]";
  static std::string value(const element_site& s) {
    const std::string &g = s.in[0], &a = s.in[1], &b = s.in[2];
    const std::string wins =
        Max ? "pm::pcmp_lt(" + b + ", " + a + ")" : "pm::pcmp_lt(" + a + ", " + b + ")";
    return "pm::pselect(" + wins + ", " + g + ", pm::pselect(pm::pcmp_eq(" + a + ", " + b +
           "), pm::pmul(splat(v, 0.5f), " + g + "), pm::pzero(" + g + ")))";
  }
};
template <>
struct rule<clamp_op> {
  static constexpr std::array<read, 3> reads{read::each, read::scalar, read::scalar};
  static constexpr std::string_view formula = "clamp(a, lo, hi) = min(max(a, lo), hi)";
  static std::string value(const element_site& s) {
    return "pm::pmin(pm::pmax(" + s.in[0] + ", splat(v, " + s.in[1] + ")), splat(v, " + s.in[2] +
           "))";
  }
};
template <>
struct rule<clamp_grad_op> {
  static constexpr std::array<read, 4> reads{read::each, read::each, read::scalar, read::scalar};
  static constexpr std::string_view formula = "clamp_grad(g, a, lo, hi) = g [lo <= a <= hi]";
  static std::string value(const element_site& s) {
    const std::string &g = s.in[0], &a = s.in[1];
    return "pm::pselect(pm::pand(pm::pcmp_le(splat(v, " + s.in[2] + "), " + a + "), pm::pcmp_le(" +
           a + ", splat(v, " + s.in[3] + "))), " + g + ", pm::pzero(" + g + "))";
  }
};

template <bool Log>
struct rule<softmax_op<Log>> {
  static constexpr std::string_view formula =
      Log ? "log_softmax(z)_i = z_i - lse(z_i)" : "softmax(z)_i = exp(z_i - lse(z_i))";
  static std::string kernel(const kernel_site& s) {
    return detail::rowwise(s, Log ? "log_softmax_row" : "softmax_row");
  }
};
template <bool Log>
struct rule<softmax_grad_op<Log>> {
  static constexpr std::string_view formula =
      Log ? "log_softmax_grad(g, l)_i = g_i - exp(l_i) sum_j g_ij"
          : "softmax_grad(g, s)_i = s_i (g_i - sum_j g_ij s_ij)";
  static std::string kernel(const kernel_site& s) {
    return detail::rowwise(s, Log ? "log_softmax_grad_row" : "softmax_grad_row");
  }
};

template <dim_t Begin, dim_t Count>
struct rule<slice_op<Begin, Count>> {
  static constexpr std::string_view formula = "slice<b, n>(a) = a[:, b : b + n]";
  static std::string kernel(const kernel_site& s) {
    const memory& a = s.in[0];
    return "as_array(" + s.out + ", " + s.rows + ", " + s.cols + ") = as_array(" + a.data + ", " +
           a.rows + ", " + a.cols + ").middleCols(" + std::to_string(Begin) + ", " + s.cols +
           ");\n";
  }
};
template <dim_t Begin>
struct rule<unslice_op<Begin>> {
  static constexpr std::string_view formula = "unslice<b>(g, a) = [0 g 0], g at column b";
  static std::string kernel(const kernel_site& s) {
    const memory& g = s.in[0];
    return "auto out = as_array(" + s.out + ", " + s.rows + ", " + s.cols + ");\n" +
           "  out.setZero();\n  out.middleCols(" + std::to_string(Begin) + ", " + g.cols +
           ") = as_array(" + g.data + ", " + g.rows + ", " + g.cols + ");\n";
  }
};

}  // namespace metagrad::codegen
