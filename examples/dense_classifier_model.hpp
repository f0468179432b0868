// The dense classifier's model, the classic Keras 784 -> Dense 32 relu -> Dense 10 sigmoid with
// binary cross-entropy: declared once for examples/dense_classifier.cpp and the tests that look at
// what the compiler builds from it (tests/codegen).
#pragma once

#include <metagrad/metagrad.hpp>

namespace dense_classifier_model {

namespace mg = metagrad;

inline constexpr auto x = mg::input<"x", mg::dyn, 784>;
inline constexpr auto y = mg::input<"y", mg::dyn, 10>;
inline constexpr auto W1 = mg::param<"W1", 784, 32>;
inline constexpr auto b1 = mg::param<"b1", 1, 32>;
inline constexpr auto W2 = mg::param<"W2", 32, 10>;
inline constexpr auto b2 = mg::param<"b2", 1, 10>;
inline constexpr auto logits = mg::relu(x * W1 + b1) * W2 + b2;
inline constexpr auto loss = mg::mean(mg::bce_with_logits(logits, y));
inline constexpr auto grads = mg::grad(loss, W1, b1, W2, b2);

}  // namespace dense_classifier_model
