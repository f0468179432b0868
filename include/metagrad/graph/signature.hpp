// signature_of(roots...): a graph's canonical text, one line per node in topological order — a
// leaf's kind, name and declared shape ("param h1.W ? x 256", dyn as "?"), an op's name and the
// lines of its operands ("matmul 0 1") — and the text's 64-bit FNV-1a hash. Two expressions of
// the same ops, leaves and shapes, wired alike, have the same signature, so a file of parameters
// written with its model's signature refuses to load into another, naming the first node that
// differs.
#pragma once

#include "metagrad/core/fnv1a.hpp"
#include "metagrad/graph/topology.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace metagrad::graph {

struct signature {
  std::vector<std::string> nodes;

  std::uint64_t hash() const {
    std::string text;
    for (const std::string& line : nodes) text.append(line).append(1, '\n');
    return fnv1a(text);
  }
};

template <class Topo>
signature signature_of_topology() {
  signature s;
  for (std::size_t i = 0; i < Topo::size; ++i) {
    const node_record& r = *Topo::entries[i].record;
    std::string line;
    if (r.kind == op_kind::leaf) {
      line.append(kind_text(r.leaf)).append(1, ' ').append(r.name).append(1, ' ');
      line.append(shape_text(r.static_shape));
    } else {
      line = std::string(r.name);
      for (std::size_t k = 0; k < r.arity; ++k)
        line.append(1, ' ').append(std::to_string(Topo::operand(i, k)));
    }
    s.nodes.push_back(line);
  }
  return s;
}

template <expression... Roots>
signature signature_of(Roots...) {
  return signature_of_topology<topology<Roots...>>();
}

}  // namespace metagrad::graph
