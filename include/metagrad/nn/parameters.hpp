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

// Whether p has these sizes. A sparse (text) model's first layer is feature-major (hidden x
// features), a dense one's features x hidden.
inline bool has_sizes(const parameters& p, Eigen::Index features, Eigen::Index hidden,
                      Eigen::Index labels, bool feature_major) {
  return p.W1.rows() == (feature_major ? hidden : features) &&
         p.W1.cols() == (feature_major ? features : hidden) && p.b1.rows() == 1 &&
         p.b1.cols() == hidden && p.W2.rows() == hidden && p.W2.cols() == labels &&
         p.b2.rows() == 1 && p.b2.cols() == labels;
}

}  // namespace metagrad::nn
