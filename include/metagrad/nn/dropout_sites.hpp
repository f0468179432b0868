// The dropout layers of a model's graph, as fit finds them to draw their masks: each one's mask
// leaf, rate and the node it masks, with the rates a user sets at run time (fit_options::dropout,
// by layer name) in place of the model's.
#pragma once

#include "metagrad/graph/topology.hpp"
#include "metagrad/nn/dropout.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace metagrad::nn::detail {

struct dropout_site {
  std::string_view mask;  // "name.mask"
  double rate;
  std::size_t masked;  // the node it masks, in the topology
};

template <class Topo>
std::vector<dropout_site> dropout_sites(const std::vector<std::pair<std::string, double>>& rates) {
  std::vector<dropout_site> out;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    const auto visit = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
      using T = graph::type_at<Topo, J>;
      if constexpr (is_dropout_v<T>)
        out.push_back({Topo::entries[Topo::operand(J, 1)].record->name, dropout_of<T>::rate,
                       Topo::operand(J, 0)});
    };
    (visit(std::integral_constant<std::size_t, I>{}), ...);
  }
  (std::make_index_sequence<Topo::size>{});
  for (const auto& [layer, rate] : rates) {
    if (!(rate >= 0 && rate < 1))
      throw std::invalid_argument("dropout '" + layer + "': the rate must be in [0, 1)");
    bool found = false;
    for (dropout_site& s : out)
      if (s.mask == layer + ".mask") s.rate = rate, found = true;
    if (found) continue;
    std::string known;
    for (const dropout_site& s : out)
      known.append(known.empty() ? "" : ", ").append(s.mask.substr(0, s.mask.size() - 5));
    throw std::invalid_argument("dropout '" + layer + "': the model has no such layer (it has: " +
                                (known.empty() ? "none" : known) + ")");
  }
  return out;
}

}  // namespace metagrad::nn::detail
