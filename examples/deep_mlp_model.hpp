// deep_mlp's model, one expression: features -> 256 relu -> dropout -> 128 relu -> dropout -> a
// sigmoid unit per label (dyn: the labels' count comes from the data). Included by the example and
// by the tests that train, save and export it (tests/examples).
#pragma once

#include <metagrad/metagrad.hpp>
#include <metagrad/nn/dense.hpp>
#include <metagrad/nn/dropout.hpp>
#include <metagrad/nn/multilabel_model.hpp>

namespace deep_mlp {

namespace mg = metagrad;
namespace nn = metagrad::nn;

inline constexpr auto x = mg::input<"x">;
inline constexpr auto hidden = nn::dropout<"h2", 0.3>(
    mg::relu(nn::dense<"h2", 128>(nn::dropout<"h1", 0.3>(mg::relu(nn::dense<"h1", 256>(x))))));
inline constexpr auto model = nn::multilabel(nn::dense<"out", mg::dyn>(hidden));

}  // namespace deep_mlp
