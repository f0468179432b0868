// two_towers' model, one expression: the plot's TF-IDF rows and the cast's, each through its own
// relu layer, joined by concat, dropout, and one output layer with a unit per label. Included by
// the example and by the tests that train, save and export it (tests/examples).
#pragma once

#include <metagrad/metagrad.hpp>
#include <metagrad/nn/dense.hpp>
#include <metagrad/nn/dropout.hpp>
#include <metagrad/nn/multilabel_model.hpp>

namespace two_towers {

namespace mg = metagrad;
namespace nn = metagrad::nn;

inline constexpr auto plot = mg::sparse_input<"plot">;
inline constexpr auto cast = mg::sparse_input<"cast">;
inline constexpr auto towers = mg::concat(mg::relu(nn::dense<"plot", 256>(plot)),  //
                                          mg::relu(nn::dense<"cast", 64>(cast)));
inline constexpr auto model =
    nn::multilabel(nn::dense<"genres", mg::dyn>(nn::dropout<"join", 0.5>(towers)));

}  // namespace two_towers
