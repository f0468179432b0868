// parameters: the trained values of an mlp_classifier — W1, b1 (the relu layer), W2, b2 (the
// sigmoid layer) — as plain matrices, apart from any training machinery (model files read them
// without it).
#pragma once

#include <Eigen/Core>

namespace metagrad::nn {

using matrix = Eigen::MatrixXf;

struct parameters {
  matrix W1, b1, W2, b2;
};

}  // namespace metagrad::nn
