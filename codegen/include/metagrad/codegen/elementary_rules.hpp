// rule<Op> for the elementary functions users write losses from (ops/elementary.hpp) and for
// concat (ops/concat.hpp): rules.hpp's conventions, in a file of their own.
#pragma once

#include "metagrad/codegen/rules.hpp"

#include <string>
#include <string_view>

namespace metagrad::codegen {

template <>
struct rule<exp_op> : pointwise<1> {
  static constexpr std::string_view formula = "exp(a)";
  static std::string value(const element_site& s) { return detail::call("pm::pexp", s.in); }
};
template <>
struct rule<log_op> : pointwise<1> {
  static constexpr std::string_view formula = "log(a)";
  static std::string value(const element_site& s) { return detail::call("pm::plog", s.in); }
};
template <>
struct rule<log1p_op> : pointwise<1> {
  static constexpr std::string_view formula = "log1p(a) = log(1 + a)";
  static std::string value(const element_site& s) { return detail::call("pm::plog1p", s.in); }
};
template <>
struct rule<sqrt_op> : pointwise<1> {
  static constexpr std::string_view formula = "sqrt(a)";
  static std::string value(const element_site& s) { return detail::call("pm::psqrt", s.in); }
};
template <>
struct rule<abs_op> : pointwise<1> {
  static constexpr std::string_view formula = "abs(a)";
  static std::string value(const element_site& s) { return detail::call("pm::pabs", s.in); }
};
template <>
struct rule<div_op> : pointwise<2> {
  static constexpr std::string_view formula = "div(a, b) = a / b";
  static std::string value(const element_site& s) { return detail::call("pm::pdiv", s.in); }
};
template <>
struct rule<log1p_grad_op> : pointwise<2> {
  static constexpr std::string_view formula = "log1p_grad(g, a) = g / (1 + a)";
  static std::string value(const element_site& s) {
    return "pm::pdiv(" + s.in[0] + ", pm::padd(splat(v, 1), " + s.in[1] + "))";
  }
};
template <>
struct rule<sqrt_grad_op> : pointwise<2> {
  static constexpr std::string_view formula = "sqrt_grad(g, s) = g / (2 s)";
  static std::string value(const element_site& s) {
    return "pm::pdiv(" + s.in[0] + ", pm::pmul(splat(v, 2), " + s.in[1] + "))";
  }
};
template <>
struct rule<abs_grad_op> : pointwise<2> {
  static constexpr std::string_view formula = "abs_grad(g, a) = g sign(a), 0 at 0";
  static std::string value(const element_site& s) {
    const std::string &g = s.in[0], &a = s.in[1];
    return "pm::pselect(pm::pcmp_lt(pm::pzero(" + a + "), " + a + "), " + g +
           ", pm::pselect(pm::pcmp_lt(" + a + ", pm::pzero(" + a + ")), pm::pnegate(" + g +
           "), pm::pzero(" + g + ")))";
  }
};
template <int Sign>
struct rule<shift_op<Sign>> {
  static constexpr std::array<read, 2> reads{read::each, read::scalar};
  static constexpr std::string_view formula =
      Sign > 0 ? "add_scalar(a, s) = a + s" : "sub_scalar(a, s) = a - s";
  static std::string value(const element_site& s) {
    return std::string(Sign > 0 ? "pm::padd(" : "pm::psub(") + s.in[0] + ", splat(v, " + s.in[1] +
           "))";
  }
};
// a^p and its adjoint by the executor's own formulas (detail/stable_math.hpp, embedded).
template <>
struct rule<pow_op> {
  static constexpr std::array<read, 2> reads{read::each, read::scalar};
  static constexpr std::string_view formula = "pow(a, p) = a^p";
  static std::string value(const element_site& s) { return detail::call("power", s.in); }
};
template <>
struct rule<pow_grad_op> {
  static constexpr std::array<read, 3> reads{read::each, read::each, read::scalar};
  static constexpr std::string_view formula = "pow_grad(g, a, p) = g p a^(p - 1), 0 where g p = 0";
  static std::string value(const element_site& s) { return detail::call("power_adjoint", s.in); }
};

// The columns of two operands side by side, and the adjoint's split of a gradient's columns.
template <>
struct rule<concat_op> {
  static constexpr std::string_view formula = "concat(a, b) = [a b]";
  static std::string kernel(const kernel_site& s) {
    const memory &a = s.in[0], &b = s.in[1];
    return "auto out = as_array(" + s.out + ", " + s.rows + ", " + s.cols + ");\n" +
           "  out.leftCols(" + a.cols + ") = as_array(" + a.data + ", " + a.rows + ", " + a.cols +
           ");\n  out.rightCols(" + b.cols + ") = as_array(" + b.data + ", " + b.rows + ", " +
           b.cols + ");\n";
  }
};
template <bool Left>
struct rule<side_cols_op<Left>> {
  static constexpr std::string_view formula =
      Left ? "left_cols(g, a) = g[:, :a.cols]" : "right_cols(g, b) = g[:, g.cols - b.cols:]";
  static std::string kernel(const kernel_site& s) {
    const memory& g = s.in[0];
    return "as_array(" + s.out + ", " + s.rows + ", " + s.cols + ") = as_array(" + g.data + ", " +
           g.rows + ", " + g.cols + ")." + (Left ? "leftCols(" : "rightCols(") + s.cols + ");\n";
  }
};

}  // namespace metagrad::codegen
