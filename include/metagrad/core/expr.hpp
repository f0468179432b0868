// expr: an operation node. It holds no data; its type names the operation and its operands, so two
// equal subexpressions are one type and common-subexpression elimination is type identity.
#pragma once

#include "metagrad/core/shape.hpp"

#include <type_traits>

namespace metagrad {

template <class Op, class... Args>
struct expr {
  static constexpr shape static_shape = Op::infer(Args::static_shape...);
};

// What a builder returns after a shape rule failed: every builder passes it on without a word, so
// the user sees the one sentence of the rule and nothing else.
struct invalid_expr {
  static constexpr shape static_shape{0, 0};
};

template <class T>
inline constexpr bool is_invalid_v = std::is_same_v<T, invalid_expr>;

template <class T>
struct is_expr : std::false_type {};
template <class Op, class... Args>
struct is_expr<expr<Op, Args...>> : std::true_type {};

// Builds Op(args...) after the op's shape rules; a poisoned operand or a failed rule gives poison.
template <class Op, class... Args>
constexpr auto make(Args...) {
  if constexpr ((is_invalid_v<Args> || ...)) {
    return invalid_expr{};
  } else if constexpr (!Op::template valid<Args...>()) {
    return invalid_expr{};
  } else {
    return expr<Op, Args...>{};
  }
}

}  // namespace metagrad
