// sparse_matmul: a sparse input (row-major, e.g. TF-IDF rows) times a dense matrix, and its
// gradient for the dense side, X^T G, which is non-zero only in the rows of features that occur in
// X: the kernel writes those rows alone and lists them, so an optimizer can update just them.
//
//   sparse_matmul(x, w) = x w       d/dw = x^T g   (no gradient flows into the data x)
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"

namespace metagrad {

// x^T g (features x g.cols), or with FeatureMajor its transpose g^T x (g.cols x features), the
// gradient of a first layer stored one column per feature (x * transpose(W)): there each
// feature's weights are contiguous, so products, gradients and updates stream through memory.
template <bool FeatureMajor>
struct sparse_grad_op : elementwise_op {
  static constexpr const char* name = FeatureMajor ? "sparse_matmul_grad_t" : "sparse_matmul_grad";
  static constexpr op_kind kind = op_kind::sparse_grad;
  static constexpr bool feature_major = FeatureMajor;
  static constexpr unsigned buffered = 0b10;
  static constexpr shape infer(shape x, shape g) {
    return FeatureMajor ? shape{g.cols, x.cols} : shape{x.cols, g.cols};
  }
};

struct sparse_matmul_op : elementwise_op {
  static constexpr const char* name = "sparse_matmul";
  static constexpr op_kind kind = op_kind::sparse_matmul;
  static constexpr unsigned buffered = 0b10;
  template <class X, class W>
  static constexpr bool valid() {
    return check::matmul_inner<X::static_shape.cols, W::static_shape.rows>();
  }
  static void check(shape x, shape w) { check::matmul_inner(x.cols, w.rows); }
  static constexpr shape infer(shape x, shape w) { return {x.rows, w.cols}; }
  template <std::size_t K, class Self, class G, class X, class W>
  static constexpr auto vjp(Self, G g, X x, W) {
    static_assert(K == 1, "sparse_matmul(x, w): x is data; no gradient flows into it");
    return make<sparse_grad_op<false>>(x, g);  // d/dw = x^T g
  }
};

}  // namespace metagrad
