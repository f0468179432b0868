// The few Eigen types the library passes around: column-major arrays, viewed through maps.
#pragma once

#include "metagrad/core/shape.hpp"

#include <Eigen/Core>

namespace metagrad::detail {

template <class S>
using array_t = Eigen::Array<S, Eigen::Dynamic, Eigen::Dynamic>;
template <class S>
using matrix_t = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
template <class S>
using const_array_map = Eigen::Map<const array_t<S>, Eigen::Unaligned, Eigen::OuterStride<>>;
template <class S>
using array_map = Eigen::Map<array_t<S>, Eigen::Unaligned, Eigen::OuterStride<>>;
template <class S>
using const_matrix_map = Eigen::Map<const matrix_t<S>, Eigen::Unaligned, Eigen::OuterStride<>>;

// An operand whose values the op never reads, only its size.
struct shape_operand {
  shape value;
};

}  // namespace metagrad::detail
