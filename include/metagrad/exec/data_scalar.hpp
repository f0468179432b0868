// data_scalar<V...>: the scalar type of the data a workspace is made with — the first binding's
// value that has one (an Eigen matrix's Scalar), float when none has (only numbers bound).
#pragma once

namespace metagrad::detail {

template <class... V>
struct data_scalar {
  using type = float;
};
template <class V, class... Rest>
struct data_scalar<V, Rest...> {
  using type = typename data_scalar<Rest...>::type;
};
template <class V, class... Rest>
requires requires { typename V::Scalar; }
struct data_scalar<V, Rest...> {
  using type = typename V::Scalar;
};

}  // namespace metagrad::detail
