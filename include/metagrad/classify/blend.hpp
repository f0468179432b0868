// blend: a classifier's probabilities from its networks' mean and its linear member's, weighed by
// the linear member's weight w (chosen out of fold, linear_member.hpp; 0: the networks alone). An
// exported classifier carries this text (codegen/classifier_export.hpp), so it blends as the
// library does, from one definition.
#pragma once

#include <Eigen/Core>

namespace metagrad::classify {

inline Eigen::MatrixXf blend(const Eigen::MatrixXf& networks, const Eigen::MatrixXf& linear,
                             double weight) {
  return float(1 - weight) * networks + float(weight) * linear;
}

}  // namespace metagrad::classify
