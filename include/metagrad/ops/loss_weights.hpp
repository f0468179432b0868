// pos_weight(p) and sample_weight(w): the optional arguments of the losses, named at the call
// site: bce_with_logits(z, y, pos_weight(p), sample_weight(w)).
#pragma once

#include "metagrad/core/leaf.hpp"

namespace metagrad {

// One weight per label (1 x labels) on the positive term, as PyTorch's BCEWithLogitsLoss.
template <expression P>
struct pos_weight_t {
  P value;
};
template <expression P>
constexpr pos_weight_t<P> pos_weight(P p) {
  return {p};
}

// One weight per sample (rows x 1) multiplying that row's losses before the reduction.
template <expression W>
struct sample_weight_t {
  W value;
};
template <expression W>
constexpr sample_weight_t<W> sample_weight(W w) {
  return {w};
}

}  // namespace metagrad
