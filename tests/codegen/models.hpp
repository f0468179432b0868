// Models for the code generator's tests (with examples/dense_classifier_model.hpp).
#pragma once

#include <metagrad/metagrad.hpp>

#include "dense_classifier_model.hpp"

// Two hidden relu layers, every size left to the data, sigmoid focal loss with run-time alpha and
// gamma: the benchmark's `c` shape.
namespace focal_mlp {
namespace mg = metagrad;
inline constexpr auto x = mg::input<"x">;
inline constexpr auto y = mg::input<"y">;
inline constexpr auto alpha = mg::scalar<"alpha">;
inline constexpr auto gamma = mg::scalar<"gamma">;
inline constexpr auto W1 = mg::param<"W1">;
inline constexpr auto b1 = mg::param<"b1", 1, mg::dyn>;
inline constexpr auto W2 = mg::param<"W2">;
inline constexpr auto b2 = mg::param<"b2", 1, mg::dyn>;
inline constexpr auto W3 = mg::param<"W3">;
inline constexpr auto b3 = mg::param<"b3", 1, mg::dyn>;
inline constexpr auto logits = mg::relu(mg::relu(x * W1 + b1) * W2 + b2) * W3 + b3;
inline constexpr auto loss = mg::mean(mg::focal_with_logits(logits, y, alpha, gamma));
inline constexpr auto grads = mg::grad(loss, W1, b1, W2, b2, W3, b3);
}  // namespace focal_mlp

// tanh and softplus layers, a scaled skip term, BCE with pos_weight and sample weights, and a
// penalties on per-column means and per-row sums: every other element-wise op and reduction the
// generator knows.
namespace weighted_mlp {
namespace mg = metagrad;
inline constexpr auto x = mg::input<"x", mg::dyn, 12>;
inline constexpr auto y = mg::input<"y", mg::dyn, 5>;
inline constexpr auto w = mg::input<"w", mg::dyn, 1>;
inline constexpr auto p = mg::input<"p", 1, 5>;
inline constexpr auto c = mg::scalar<"c">;
inline constexpr auto W1 = mg::param<"W1", 12, 8>;
inline constexpr auto b1 = mg::param<"b1", 1, 8>;
inline constexpr auto W2 = mg::param<"W2", 8, 5>;
inline constexpr auto U = mg::param<"U", 12, 5>;
inline constexpr auto h = mg::tanh(x * W1 + b1);
inline constexpr auto logits = mg::softplus(h) * W2 - mg::scale(x * U, c) + mg::log_sigmoid(h) * W2;
inline constexpr auto loss =
    mg::mean(mg::bce_with_logits(logits, y, mg::pos_weight(p), mg::sample_weight(w))) +
    mg::sum(mg::mean(mg::sigmoid(logits), mg::per_column)) +
    mg::mean(mg::sum(mg::mul(h, h), mg::per_row));
inline constexpr auto grads = mg::grad(loss, W1, b1, W2, U);
}  // namespace weighted_mlp

// The movie model: TF-IDF rows (sparse) into a relu layer stored feature-major, beside a linear
// path straight from the words to the labels ("wide and deep"), BCE: both sparse kernels and both
// sparse gradients.
namespace movie_model {
namespace mg = metagrad;
inline constexpr auto x = mg::sparse_input<"x">;
inline constexpr auto y = mg::input<"y">;
inline constexpr auto W1 = mg::param<"W1">;  // hidden x features
inline constexpr auto b1 = mg::param<"b1", 1, mg::dyn>;
inline constexpr auto W2 = mg::param<"W2">;
inline constexpr auto b2 = mg::param<"b2", 1, mg::dyn>;
inline constexpr auto U = mg::param<"U">;  // features x labels
inline constexpr auto logits = mg::relu(x * mg::transpose(W1) + b1) * W2 + b2 + x * U;
inline constexpr auto loss = mg::mean(mg::bce_with_logits(logits, y));
inline constexpr auto grads = mg::grad(loss, W1, b1, W2, b2, U);
}  // namespace movie_model

// One class per sample: softmax cross-entropy with sample weights (the row-wise kernels).
namespace softmax_mlp {
namespace mg = metagrad;
inline constexpr auto x = mg::input<"x", mg::dyn, 9>;
inline constexpr auto y = mg::input<"y", mg::dyn, 4>;
inline constexpr auto w = mg::input<"w", mg::dyn, 1>;
inline constexpr auto W1 = mg::param<"W1", 9, 6>;
inline constexpr auto W2 = mg::param<"W2", 6, 4>;
inline constexpr auto loss =
    mg::mean(mg::softmax_cross_entropy(mg::tanh(x * W1) * W2, y, mg::sample_weight(w)));
inline constexpr auto grads = mg::grad(loss, W1, W2);
}  // namespace softmax_mlp

// The selecting ops: two slices of one layer compared by max and min, a clamp, a where() by a
// comparison with a run-time threshold, then softmax and log_softmax of the logits; and columns
// broadcast by add, sub and mul.
namespace selection_mlp {
namespace mg = metagrad;
inline constexpr auto x = mg::input<"x", mg::dyn, 6>;
inline constexpr auto y = mg::input<"y", mg::dyn, 3>;
inline constexpr auto t = mg::scalar<"t">;
inline constexpr auto lo = mg::scalar<"lo">;
inline constexpr auto hi = mg::scalar<"hi">;
inline constexpr auto W1 = mg::param<"W1", 6, 8>;
inline constexpr auto W2 = mg::param<"W2", 4, 3>;
inline constexpr auto h = x * W1;
inline constexpr auto left = mg::slice<0, 4>(h);
inline constexpr auto right = mg::slice<4, 4>(h);
inline constexpr auto u = mg::max(left, right) + mg::min(left, mg::clamp(right, lo, hi));
inline constexpr auto v = mg::where(mg::less(u, t), mg::mul(u, u), u) * W2;
// Columns broadcast against matrices: each row's sum added, its mean subtracted, a column product.
inline constexpr auto r = mg::sum(u, mg::per_row);
inline constexpr auto broadcast = mg::mul(mg::add(v, r), mg::sub(v, mg::mean(v, mg::per_row)));
inline constexpr auto loss = mg::mean(mg::mul(mg::softmax(v), y)) + mg::mean(mg::log_softmax(v)) +
                             mg::mean(mg::where(mg::greater(v, u* W2), v, mg::zeros_like(v))) +
                             mg::mean(mg::mul(broadcast, r));
inline constexpr auto grads = mg::grad(loss, W1, W2);
}  // namespace selection_mlp
