// matmul and transpose. A transpose is a view: it folds into the GEMM that reads it and never
// takes a buffer of its own.
//
//   matmul(a, b) = a b          d/da = g b^T,  d/db = a^T g
//   transpose(a) = a^T          d/da = g^T
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/ops/sparse_matmul.hpp"

namespace metagrad {

struct matmul_op : elementwise_op {
  static constexpr const char* name = "matmul";
  static constexpr op_kind kind = op_kind::matmul;
  static constexpr unsigned buffered = 0b11;  // GEMM reads memory (or a transposed view of it)
  template <class A, class B>
  static constexpr bool valid() {
    return check::matmul_inner<A::static_shape.cols, B::static_shape.rows>();
  }
  static void check(shape a, shape b) { check::matmul_inner(a.cols, b.rows); }
  static constexpr shape infer(shape a, shape b) { return {a.rows, b.cols}; }
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self, G g, A a, B b) {
    if constexpr (K == 0)
      return matmul(g, transpose(b));  // d/da = g b^T
    else
      return matmul(transpose(a), g);  // d/db = a^T g
  }
};

struct transpose_op : elementwise_op {
  static constexpr const char* name = "transpose";
  static constexpr op_kind kind = op_kind::transpose;
  static constexpr unsigned buffered = 0b1;
  static constexpr shape infer(shape a) { return {a.cols, a.rows}; }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self, G g, A) {
    return transpose(g);  // d/da = g^T
  }
};

namespace detail {
template <class T>
struct transposed {};
template <class X>
struct transposed<expr<transpose_op, X>> {
  using operand = X;
};
}  // namespace detail

namespace detail {
template <class T>
struct sparse_gradient_transposed {};
template <bool FeatureMajor, class X, class G>
struct sparse_gradient_transposed<expr<sparse_grad_op<FeatureMajor>, X, G>> {
  using type = expr<sparse_grad_op<!FeatureMajor>, X, G>;
};
}  // namespace detail

template <expression A>
constexpr auto transpose(A a) {
  if constexpr (requires { typename detail::transposed<A>::operand; })
    return typename detail::transposed<A>::operand{};  // (a^T)^T = a
  else if constexpr (requires { typename detail::sparse_gradient_transposed<A>::type; })
    return typename detail::sparse_gradient_transposed<A>::type{};  // (x^T g)^T = g^T x, one kernel
  else
    return make<transpose_op>(a);
}

template <expression A, expression B>
constexpr auto matmul(A a, B b) {
  static_assert(!is_sparse_leaf_v<B>, "matmul(a, b): a sparse input can only be the left operand");
  if constexpr (is_sparse_leaf_v<A>)
    return make<sparse_matmul_op>(a, b);
  else
    return make<matmul_op>(a, b);
}

// Between two nodes `*` is the matrix product, as in Eigen; mul() is element-wise.
template <expression A, expression B>
requires(!scalar_expression<A> && !scalar_expression<B>) constexpr auto operator*(A a, B b) {
  return matmul(a, b);
}

}  // namespace metagrad
