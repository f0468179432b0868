// add, sub, mul (element-wise) and neg, with the zero and one propagation that keeps gradients
// free of work that adds nothing.
//
//   add(a, b) = a + b    d/da = 1, d/db = 1
//   sub(a, b) = a - b    d/da = 1, d/db = -1
//   mul(a, b) = a * b    d/da = b, d/db = a      (element-wise; `*` between nodes is matmul)
//   neg(a)    = -a       d/da = -1
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/ops/broadcast.hpp"
#include "metagrad/ops/fill.hpp"
#include "metagrad/ops/rewrites.hpp"

namespace metagrad {

constexpr shape merge_shape(shape a, shape b) {
  return {merge_dim(a.rows, b.rows), merge_dim(a.cols, b.cols)};
}

struct add_op : elementwise_op {
  static constexpr const char* name = "add";
  template <class A, class B>
  static constexpr bool valid() {
    return check::add_shape<A::static_shape, B::static_shape>();
  }
  static void check(shape a, shape b) { check::add_shape(a, b); }
  static constexpr shape infer(shape a, shape b) { return merge_shape(a, b); }
  template <class S>
  static auto apply(shape, const auto& a, const auto& b) {
    return a + b;
  }
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self, G g, A, B) {
    return g;  // d/da = d/db = 1
  }
};

struct sub_op : elementwise_op {
  static constexpr const char* name = "sub";
  template <class A, class B>
  static constexpr bool valid() {
    return check::sub_shape<A::static_shape, B::static_shape>();
  }
  static void check(shape a, shape b) { check::sub_shape(a, b); }
  static constexpr shape infer(shape a, shape b) { return merge_shape(a, b); }
  template <class S>
  static auto apply(shape, const auto& a, const auto& b) {
    return a - b;
  }
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self, G g, A, B) {
    if constexpr (K == 0)
      return g;  // d/da = 1
    else
      return neg(g);  // d/db = -1
  }
};

struct mul_op : elementwise_op {
  static constexpr const char* name = "mul";
  template <class A, class B>
  static constexpr bool valid() {
    return check::mul_shape<A::static_shape, B::static_shape>();
  }
  static void check(shape a, shape b) { check::mul_shape(a, b); }
  static constexpr shape infer(shape a, shape b) { return merge_shape(a, b); }
  template <class S>
  static auto apply(shape, const auto& a, const auto& b) {
    return a * b;
  }
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self, G g, A a, B b) {
    if constexpr (K == 0)
      return mul(g, b);  // d/da = b
    else
      return mul(g, a);  // d/db = a
  }
};

struct neg_op : elementwise_op {
  static constexpr const char* name = "neg";
  static constexpr shape infer(shape a) { return a; }
  template <class S>
  static auto apply(shape, const auto& a) {
    return -a;
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self, G g, A) {
    return neg(g);  // d/da = -1
  }
};

template <expression A>
constexpr auto neg(A a) {
  if constexpr (is_zero_v<A>)
    return a;
  else if constexpr (requires { typename detail::negated<A>::type; })
    return typename detail::negated<A>::type{};  // -(-x) = x
  else
    return make<neg_op>(a);
}

// a + b; a row b (1 x cols) is added to every row of a, as a bias is, a column b (rows x 1) to
// every column.
template <expression A, expression B>
constexpr auto add(A a, B b) {
  constexpr shape sa = A::static_shape, sb = B::static_shape;
  if constexpr (is_zero_v<A>)
    return b;
  else if constexpr (is_zero_v<B>)
    return a;
  else if constexpr (sb.rows == 1 && sa.rows != 1)
    return add_row(a, b);
  else if constexpr (sa.rows == 1 && sb.rows != 1)
    return add_row(b, a);
  else if constexpr (sb.cols == 1 && sa.cols != 1)
    return add_col(a, b);
  else if constexpr (sa.cols == 1 && sb.cols != 1)
    return add_col(b, a);
  else if constexpr (requires { typename detail::common_factor<A, B>::common; }) {
    using f = detail::common_factor<A, B>;
    return mul(add(typename f::other_a{}, typename f::other_b{}), typename f::common{});
  } else
    return make<add_op>(a, b);
}

// a - b, a row or a column b broadcast as add() does.
template <expression A, expression B>
constexpr auto sub(A a, B b) {
  constexpr shape sa = A::static_shape, sb = B::static_shape;
  if constexpr (is_zero_v<B>)
    return a;
  else if constexpr (is_zero_v<A> && !is_invalid_v<B>)
    return neg(b);
  else if constexpr (sa.rows != sb.rows && (sa.rows == 1 || sb.rows == 1))
    return add(a, neg(b));  // a row broadcast
  else if constexpr (sa.cols != sb.cols && (sa.cols == 1 || sb.cols == 1))
    return add(a, neg(b));  // a column broadcast
  else if constexpr (requires { typename detail::common_factor<A, B>::common; }) {
    using f = detail::common_factor<A, B>;
    return mul(sub(typename f::other_a{}, typename f::other_b{}), typename f::common{});
  } else
    return make<sub_op>(a, b);
}

// Element-wise product; a row b (1 x cols) multiplies every row of a, a column b (rows x 1) every
// column.
template <expression A, expression B>
constexpr auto mul(A a, B b) {
  constexpr shape sa = A::static_shape, sb = B::static_shape;
  if constexpr (is_zero_v<A>)
    return a;
  else if constexpr (is_zero_v<B>)
    return b;
  else if constexpr (is_one_v<A> && A::static_shape == B::static_shape)
    return b;
  else if constexpr (is_one_v<B> && A::static_shape == B::static_shape)
    return a;
  else if constexpr (sb.rows == 1 && sa.rows != 1)
    return mul_row(a, b);
  else if constexpr (sa.rows == 1 && sb.rows != 1)
    return mul_row(b, a);
  else if constexpr (sb.cols == 1 && sa.cols != 1)
    return mul_col(a, b);
  else if constexpr (sa.cols == 1 && sb.cols != 1)
    return mul_col(b, a);
  else
    return make<mul_op>(a, b);
}

template <expression A, expression B>
constexpr auto operator+(A a, B b) {
  return add(a, b);
}
template <expression A, expression B>
constexpr auto operator-(A a, B b) {
  return sub(a, b);
}
template <expression A>
constexpr auto operator-(A a) {
  return neg(a);
}

}  // namespace metagrad
