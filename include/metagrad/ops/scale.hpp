// scale: a node times a run-time scalar (a learning rate, a loss weight).
//
//   scale(a, s) = s a      d/da = s   (s is a hyper-parameter: no gradient flows into it)
#pragma once

#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/ops/fill.hpp"

namespace metagrad {

struct scale_op : elementwise_op {
  static constexpr const char* name = "scale";
  static constexpr shape infer(shape a, shape) { return a; }
  template <class S>
  static auto apply(shape, const auto& a, S s) {
    return a * s;
  }
  template <std::size_t K, class Self, class G, class A, class Scalar>
  static constexpr auto vjp(Self, G g, A, Scalar s) {
    static_assert(K == 0, "scale(a, s): s is a hyper-parameter; no gradient flows into it");
    return scale(g, s);  // d/da = s
  }
};

template <expression A, scalar_expression Scalar>
constexpr auto scale(A a, Scalar s) {
  if constexpr (is_zero_v<A>)
    return a;
  else
    return make<scale_op>(a, s);
}

template <scalar_expression Scalar, expression A>
requires(!scalar_expression<A>) constexpr auto operator*(Scalar s, A a) { return scale(a, s); }
template <expression A, scalar_expression Scalar>
requires(!scalar_expression<A>) constexpr auto operator*(A a, Scalar s) { return scale(a, s); }

}  // namespace metagrad
