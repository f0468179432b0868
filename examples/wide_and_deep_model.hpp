// wide_and_deep's model (Cheng et al., 2016), one expression: the logits of a linear layer over
// the sparse features (wide: it remembers which words go with which labels) added to those of a
// relu layer with dropout over the same features (deep: it generalizes across words). Included by
// the example and by the tests that train, save and export it (tests/examples).
#pragma once

#include <metagrad/metagrad.hpp>
#include <metagrad/nn/dense.hpp>
#include <metagrad/nn/dropout.hpp>
#include <metagrad/nn/multilabel_model.hpp>

namespace wide_and_deep {

namespace mg = metagrad;
namespace nn = metagrad::nn;

inline constexpr auto words = mg::sparse_input<"words">;
inline constexpr auto wide = nn::dense<"wide", mg::dyn>(words);
inline constexpr auto deep = nn::dense<"deep_out", mg::dyn>(
    nn::dropout<"deep", 0.5>(mg::relu(nn::dense<"deep", 256>(words))));
inline constexpr auto model = nn::multilabel(wide + deep);

}  // namespace wide_and_deep
