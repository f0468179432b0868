// genre_classifier's networks, one instantiation of nn::fit per (input kind, loss), compiled in
// translation units of their own (genre_classifier_network_*.cpp): together in one they took
// 47 s and 1.9 GB at -O2 (docs/compile_time.md).
#pragma once

#include <metagrad/classify/cross_fitted_networks.hpp>

namespace metagrad::classify {
extern template void train_network<true, nn::loss_kind::bce>(const network_task&);
extern template void train_network<false, nn::loss_kind::bce>(const network_task&);
extern template void train_network<true, nn::loss_kind::focal>(const network_task&);
extern template void train_network<false, nn::loss_kind::focal>(const network_task&);
extern template void train_network<true, nn::loss_kind::asl>(const network_task&);
extern template void train_network<false, nn::loss_kind::asl>(const network_task&);
}  // namespace metagrad::classify
