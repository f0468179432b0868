// fill: a constant matrix shaped like another node. zeros_like and ones_like are what zero and one
// propagation simplify to; `one` seeds the adjoint of a 1 x 1 loss.
#pragma once

#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/detail/eigen_types.hpp"

#include <type_traits>

namespace metagrad {

template <int Value>
struct fill_op : elementwise_op {
  static constexpr const char* name = Value == 0 ? "zeros" : "ones";
  static constexpr unsigned shape_only = 1;
  static constexpr shape infer() { return {1, 1}; }
  static constexpr shape infer(shape like) { return like; }
  template <class S>
  static auto apply(shape out, auto...) {
    return detail::array_t<S>::Constant(out.rows, out.cols, S(Value));
  }
};

template <expression T>
constexpr auto zeros_like(T) {
  return make<fill_op<0>>(T{});
}
template <expression T>
constexpr auto ones_like(T) {
  return make<fill_op<1>>(T{});
}

// The adjoint of the loss with respect to itself.
inline constexpr expr<fill_op<1>> one{};

template <class T>
inline constexpr bool is_zero_v = false;
template <class... Like>
inline constexpr bool is_zero_v<expr<fill_op<0>, Like...>> = true;

template <class T>
inline constexpr bool is_one_v = false;
template <class... Like>
inline constexpr bool is_one_v<expr<fill_op<1>, Like...>> = true;

}  // namespace metagrad
