// dropout<"name", rate>(x): drops each unit of x with probability `rate` while training, as an
// op of the graph. The mask is a leaf named "name.mask" that nn::fit finds and fills for every
// step (seeded); nn::without_dropout(e) is e with every dropout removed, the graph of inference.
// The rate is part of the type (a constant of the model, as a Keras layer's argument).
#pragma once

#include "metagrad/core/expr.hpp"
#include "metagrad/core/fixed_string.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/ops/dropout.hpp"

#include <Eigen/Core>

#include <random>
#include <type_traits>

namespace metagrad::nn {

template <fixed_string Name, double Rate, expression X>
constexpr auto dropout(X x) {
  return make<dropout_op<Rate>>(x, input<Name + fixed_string(".mask"), dyn, X::static_shape.cols>);
}

namespace detail {

template <class T>
struct without_dropout_t {
  using type = T;  // a leaf
};
template <class Op, class... A>
struct without_dropout_t<expr<Op, A...>> {
  using type = decltype(make<Op>(typename without_dropout_t<A>::type{}...));
};
template <double Rate, class X, class Mask>
struct without_dropout_t<expr<dropout_op<Rate>, X, Mask>> {
  using type = typename without_dropout_t<X>::type;
};

// A dropout node's rate (none for other nodes).
template <class T>
struct dropout_of {};
template <double Rate, class X, class Mask>
struct dropout_of<expr<dropout_op<Rate>, X, Mask>> {
  static constexpr double rate = Rate;
};
template <class T>
inline constexpr bool is_dropout_v = requires {
  dropout_of<T>::rate;
};

}  // namespace detail

// A fresh mask for one step, rows x cols: each entry 0 with probability `rate`, else
// 1 / (1 - rate), so that the expected value of every unit is unchanged (inverted dropout).
// The storage is reused when the size is.
inline void draw_dropout_mask(Eigen::MatrixXf& mask, Eigen::Index rows, Eigen::Index cols,
                              double rate, std::mt19937_64& rng) {
  std::bernoulli_distribution dropped(rate);
  const float kept = float(1 / (1 - rate));
  mask.resize(rows, cols);
  for (Eigen::Index k = 0; k < mask.size(); ++k) mask(k) = dropped(rng) ? 0.0f : kept;
}

// The graph of inference: e with every dropout node replaced by its input.
template <expression E>
constexpr auto without_dropout(E) {
  return typename detail::without_dropout_t<E>::type{};
}

}  // namespace metagrad::nn
