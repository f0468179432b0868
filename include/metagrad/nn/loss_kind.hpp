// loss_kind: the loss a multi-label model trains with — binary cross-entropy from the logits,
// focal loss (Lin et al. 2017), which down-weights the examples already classified well, or the
// asymmetric loss (Ridnik et al. 2021), which down-weights the easy negatives more than the
// positives and discards the most confident negatives.
#pragma once

namespace metagrad::nn {

enum class loss_kind { bce, focal, asl };

}  // namespace metagrad::nn
