// The rewrites applied as an expression is built, in one catalogue: each is a pattern here and a
// branch in the builder that consults it. They keep a loss finite where the literal formula
// overflows, and collapse the gradients the compiler derives. tests/ops/rewrites_test.cpp shows
// each expression's type before and after.
//
//   builder (file)                pattern                    built as
//   neg (arithmetic)              -(-x)                      x
//   add, sub (arithmetic)         a s + b s, a s - b s       (a + b) s, (a - b) s  (common factor)
//   log (elementary)              log(sigmoid(z))            log_sigmoid(z)
//   log (elementary)              log(softmax(z))            log_softmax(z)
//   log (elementary)              log(exp(x))                x
//   exp (elementary)              exp(log(x)), x known > 0   x  (x an exp, sigmoid, softplus,
//   softmax) one_minus (elementary)        1 - sigmoid(z)             sigmoid(-z) pow (elementary)
//   pow(sigmoid(z), g)         exp(g log_sigmoid(z)) sigmoid's vjp (activations)   sigmoid'(z)
//   sigmoid(z) sigmoid(-z)
//
// sigmoid'(z) is built the same for z and -z (it is even), so a loss that reads both sigmoid(z)
// and sigmoid(-z) (focal loss) computes one slope for both paths, from values the forward pass
// already holds; and it keeps its digits in the tails, where s (1 - s) rounds 1 - s to 0 (float:
// |z| > 17, where the slope is below 4e-8). Besides these, the builders drop zeros, multiply
// ones away and cancel transposes (arithmetic.hpp, matmul.hpp).
#pragma once

#include "metagrad/core/expr.hpp"

namespace metagrad {

struct neg_op;
struct mul_op;
struct sigmoid_op;
struct softplus_op;
struct exp_op;
struct log_op;
template <bool Log>
struct softmax_op;

namespace detail {

// The operand of a unary op Op: operand_of<Op, expr<Op, X>>::type is X; any other type has none.
template <class Op, class T>
struct operand_of {};
template <class Op, class X>
struct operand_of<Op, expr<Op, X>> {
  using type = X;
};
// x of neg(x); z of sigmoid(z), softmax(z); x of exp(x), log(x).
template <class T>
using negated = operand_of<neg_op, T>;
template <class T>
using sigmoid_of = operand_of<sigmoid_op, T>;
template <class T>
using softmax_of = operand_of<softmax_op<false>, T>;
template <class T>
using exp_of = operand_of<exp_op, T>;
template <class T>
using log_of = operand_of<log_op, T>;

// Expressions positive wherever they are defined, by their op.
template <class T>
inline constexpr bool known_positive = false;
template <class X>
inline constexpr bool known_positive<expr<exp_op, X>> = true;
template <class X>
inline constexpr bool known_positive<expr<sigmoid_op, X>> = true;
template <class X>
inline constexpr bool known_positive<expr<softplus_op, X>> = true;
template <class X>
inline constexpr bool known_positive<expr<softmax_op<false>, X>> = true;

// log(x) with x known positive.
template <class T>
inline constexpr bool log_of_positive = false;
template <class X>
inline constexpr bool log_of_positive<expr<log_op, X>> = known_positive<X>;

// For A = a s and B = b s (s either factor of either product): other_a = a, other_b = b and
// common = s. Not a product, or no shared factor: no members.
template <class A, class B>
struct common_factor {};
template <class P, class Q, class R, class T>
requires(std::is_same_v<P, R> || std::is_same_v<P, T> || std::is_same_v<Q, R> ||
         std::is_same_v<Q, T>) struct common_factor<expr<mul_op, P, Q>, expr<mul_op, R, T>> {
  static constexpr bool first_of_a = std::is_same_v<P, R> || std::is_same_v<P, T>;
  using common = std::conditional_t<first_of_a, P, Q>;
  using other_a = std::conditional_t<first_of_a, Q, P>;
  using other_b = std::conditional_t<std::is_same_v<common, R>, T, R>;
};

}  // namespace detail
}  // namespace metagrad
