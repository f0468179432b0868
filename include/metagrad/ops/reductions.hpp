// sum and mean, of the whole matrix or per column (and per row). "mean" divides by the number of
// elements reduced: rows x cols for the whole matrix, as PyTorch's reduction="mean" does.
//
//   sum(a)                 = sum_ij a[i, j]        d/da = 1
//   mean(a)                = sum(a) / (rows cols)  d/da = 1 / (rows cols)
//   sum(a, per_column)[j]  = sum_i a[i, j]         d/da[i, j] = g[j]
//   mean(a, per_column)[j] = sum_i a[i, j] / rows  d/da[i, j] = g[j] / rows
#pragma once

#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/ops/axis.hpp"
#include "metagrad/ops/broadcast.hpp"

namespace metagrad {

template <axis Along, bool Mean>
struct reduce_op : elementwise_op {
  static constexpr const char* name = Mean ? "mean" : "sum";
  static constexpr op_kind kind = op_kind::reduce;
  static constexpr axis along = Along;
  static constexpr bool mean = Mean;
  static constexpr shape infer(shape a) {
    if constexpr (Along == axis::all)
      return {1, 1};
    else if constexpr (Along == axis::per_column)
      return {1, a.cols};
    else
      return {a.rows, 1};
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self, G g, A a) {
    return expand<Along, Mean>(g, a);  // the adjoint spread back over what was reduced
  }
};

template <axis Along, bool Mean, expression A>
constexpr auto reduce(A a) {
  return make<reduce_op<Along, Mean>>(a);
}

template <expression A>
constexpr auto sum(A a) {
  return reduce<axis::all, false>(a);
}
template <expression A>
constexpr auto mean(A a) {
  return reduce<axis::all, true>(a);
}
template <expression A, axis Along>
constexpr auto sum(A a, axis_tag<Along>) {
  return reduce<Along, false>(a);
}
template <expression A, axis Along>
constexpr auto mean(A a, axis_tag<Along>) {
  return reduce<Along, true>(a);
}

}  // namespace metagrad
