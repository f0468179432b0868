// genre_classifier's networks trained with the asl loss, compiled apart
// (genre_classifier_networks.hpp).
#include "genre_classifier_networks.hpp"

namespace metagrad::classify {
template void train_network<true, nn::loss_kind::asl>(const network_task&);
template void train_network<false, nn::loss_kind::asl>(const network_task&);
}  // namespace metagrad::classify
