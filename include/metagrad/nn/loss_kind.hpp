// loss_kind: the loss a multi-label model trains with — binary cross-entropy from the logits, or
// focal loss (Lin et al. 2017), which down-weights the examples already classified well.
#pragma once

namespace metagrad::nn {

enum class loss_kind { bce, focal };

}  // namespace metagrad::nn
