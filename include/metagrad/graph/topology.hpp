// topology<Roots...>: the unique nodes reachable from the roots in topological order (operands
// before the nodes that read them), who reads whom, and type_at<I>, the node type at position I.
//
// The order comes from one constexpr depth-first search over records; type_at walks back from a
// root along the path on which the search first met the node, one instantiation per node. Both
// are linear in the number of nodes, where a fold over type lists is quadratic or worse.
#pragma once

#include "metagrad/graph/record.hpp"

#include <array>
#include <cstddef>
#include <tuple>
#include <vector>

namespace metagrad::graph {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

struct entry {
  const node_record* record = nullptr;
  std::size_t parent = npos;  // the node through which the search first reached this one
  std::size_t slot = 0;       // ... as its operand number `slot`
  std::size_t root = npos;    // for a root reached first as a root: its position among the roots
};

struct use {
  std::size_t node = 0;  // the consumer
  std::size_t slot = 0;  // the operand it reads us as
};

namespace detail {

template <std::size_t R>
constexpr std::vector<entry> depth_first(const std::array<const node_record*, R>& roots) {
  std::vector<entry> order;
  std::vector<const node_record*> parent_of;
  auto seen = [&](const node_record* r) {
    for (const entry& e : order)
      if (e.record == r) return true;
    return false;
  };
  struct frame {
    const node_record* record;
    std::size_t next;
  };
  std::vector<frame> stack;
  for (std::size_t r = 0; r < R; ++r) {
    if (seen(roots[r])) continue;
    stack.push_back({roots[r], 0});
    while (!stack.empty()) {
      frame& top = stack.back();
      if (top.next < top.record->arity) {
        const node_record* operand = top.record->operands[top.next++];
        if (!seen(operand)) stack.push_back({operand, 0});
        continue;
      }
      entry e{top.record, npos, 0, npos};
      if (stack.size() > 1) {
        const frame& below = stack[stack.size() - 2];
        parent_of.push_back(below.record);
        e.slot = below.next - 1;
      } else {
        parent_of.push_back(nullptr);
        e.root = r;
      }
      order.push_back(e);
      stack.pop_back();
    }
  }
  // The parent finishes after its operand, so its index is known only now.
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::size_t j = i + 1; j < order.size() && parent_of[i]; ++j)
      if (order[j].record == parent_of[i]) order[i].parent = j;
  return order;
}

}  // namespace detail

template <class... Roots>
struct topology {
  using roots = std::tuple<Roots...>;
  static constexpr std::array<const node_record*, sizeof...(Roots)> root_records{
      &record_of<Roots>::value...};
  static constexpr std::size_t size = detail::depth_first(root_records).size();

  static constexpr std::array<entry, size> entries = [] {
    std::array<entry, size> out{};
    const auto order = detail::depth_first(root_records);
    for (std::size_t i = 0; i < size; ++i) out[i] = order[i];
    return out;
  }();

  static constexpr std::size_t find(const node_record* r) {
    for (std::size_t i = 0; i < size; ++i)
      if (entries[i].record == r) return i;
    return npos;
  }
  template <class T>
  static constexpr std::size_t index_of = find(&record_of<T>::value);

  // Position of each root in the order (a root may also be an operand of another root).
  static constexpr std::array<std::size_t, sizeof...(Roots)> root_index{index_of<Roots>...};

  static constexpr std::size_t operand(std::size_t i, std::size_t k) {
    return find(entries[i].record->operands[k]);
  }

  static constexpr std::size_t edge_count = [] {
    std::size_t n = 0;
    for (const entry& e : entries) n += e.record->arity;
    return n;
  }();

  // uses_begin[i] .. uses_begin[i + 1]: the places in `uses` where node i is read.
  static constexpr std::array<std::size_t, size + 1> uses_begin = [] {
    std::array<std::size_t, size + 1> begin{};
    for (std::size_t i = 0; i < size; ++i)
      for (std::size_t k = 0; k < entries[i].record->arity; ++k) ++begin[operand(i, k) + 1];
    for (std::size_t i = 0; i < size; ++i) begin[i + 1] += begin[i];
    return begin;
  }();
  static constexpr std::array<use, edge_count> uses = [] {
    std::array<use, edge_count> out{};
    std::array<std::size_t, size + 1> fill = uses_begin;
    for (std::size_t i = 0; i < size; ++i)
      for (std::size_t k = 0; k < entries[i].record->arity; ++k)
        out[fill[operand(i, k)]++] = {i, k};
    return out;
  }();
};

template <class T, std::size_t K>
struct operand_type;
template <class Op, class... A, std::size_t K>
struct operand_type<expr<Op, A...>, K> {
  using type = std::tuple_element_t<K, std::tuple<A...>>;
};

template <class Topo, std::size_t I, bool Root = Topo::entries[I].parent == npos>
struct type_at_impl;
template <class Topo, std::size_t I>
struct type_at_impl<Topo, I, true> {
  using type = std::tuple_element_t<Topo::entries[I].root, typename Topo::roots>;
};
template <class Topo, std::size_t I>
struct type_at_impl<Topo, I, false> {
  using type = typename operand_type<typename type_at_impl<Topo, Topo::entries[I].parent>::type,
                                     Topo::entries[I].slot>::type;
};

// The node type at position I of the topological order.
template <class Topo, std::size_t I>
using type_at = typename type_at_impl<Topo, I>::type;

}  // namespace metagrad::graph
