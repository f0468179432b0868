// params_of(roots...): the trainable leaves of a graph, found by the compiler, so that a model is
// written once as an expression and its parameter list is never restated by hand. They come in
// topological order (operands before readers: the first layer first), each once.
#pragma once

#include "metagrad/core/leaf.hpp"
#include "metagrad/graph/topology.hpp"

#include <boost/hana/tuple.hpp>

#include <array>
#include <cstddef>
#include <utility>

namespace metagrad {

namespace graph {

template <class Topo>
inline constexpr std::size_t param_count = [] {
  std::size_t n = 0;
  for (const entry& e : Topo::entries)
    n += e.record->kind == op_kind::leaf && e.record->leaf == leaf_kind::param;
  return n;
}();

// The positions in the order of the param leaves.
template <class Topo>
inline constexpr std::array<std::size_t, param_count<Topo>> param_positions = [] {
  std::array<std::size_t, param_count<Topo>> at{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < Topo::size; ++i)
    if (Topo::entries[i].record->kind == op_kind::leaf &&
        Topo::entries[i].record->leaf == leaf_kind::param)
      at[n++] = i;
  return at;
}();

template <class Topo, std::size_t... K>
constexpr auto params_at(std::index_sequence<K...>) {
  return boost::hana::make_tuple(type_at<Topo, param_positions<Topo>[K]> {}...);
}

}  // namespace graph

// The param leaves reachable from the roots, as a Hana tuple of leaves (each an empty value).
template <expression... Roots>
constexpr auto params_of(Roots...) {
  if constexpr ((is_invalid_v<Roots> || ...)) {
    return boost::hana::make_tuple();  // the failed shape rule has said its sentence
  } else {
    using topo = graph::topology<Roots...>;
    return graph::params_at<topo>(std::make_index_sequence<graph::param_count<topo>>{});
  }
}

}  // namespace metagrad
