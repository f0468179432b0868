// plan<Topo>: which nodes get a buffer, when each buffer is last read, and which slot of the arena
// each buffer takes. Everything here is decided at compile time; only the slots' sizes wait for
// the data.
//
// A node gets a buffer when it is a root, a product, a reduction or a row-wise kernel, when two
// kernels read it, or when its reader needs memory (a GEMM operand, a broadcast row). Every other
// element-wise node is inlined into its single reader, so a chain of them is one fused pass.
// A transpose is a view of its operand's buffer. A slot is reused once the last kernel that reads
// its buffer (directly or through inlined nodes) has run; a kernel's output never shares a slot
// with its inputs.
#pragma once

#include "metagrad/graph/topology.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace metagrad::graph {

// A parameter and its gradient, by position in the order (npos: not in the program).
struct update_pair {
  std::size_t param = npos, gradient = npos;
};

template <class Topo>
struct plan {
  static constexpr std::size_t size = Topo::size;

  static constexpr std::array<bool, size> is_root = [] {
    std::array<bool, size> out{};
    for (std::size_t r : Topo::root_index) out[r] = true;
    return out;
  }();

  static constexpr const node_record& record(std::size_t i) { return *Topo::entries[i].record; }

  static constexpr std::array<bool, size> buffered = [] {
    std::array<bool, size> out{};
    for (std::size_t i = 0; i < size; ++i) {
      const op_kind kind = record(i).kind;
      std::size_t readers = 0;
      bool needs_memory = false;
      for (std::size_t u = Topo::uses_begin[i]; u < Topo::uses_begin[i + 1]; ++u) {
        const use& x = Topo::uses[u];
        if (!record(x.node).reads_data(x.slot)) continue;
        ++readers;
        needs_memory = needs_memory || record(x.node).needs_buffer(x.slot);
      }
      switch (kind) {
        case op_kind::leaf:
          out[i] = false;
          break;
        case op_kind::transpose:
          out[i] = is_root[i];
          break;
        case op_kind::elementwise:
          out[i] = is_root[i] || readers > 1 || needs_memory;
          break;
        default:
          out[i] = true;
      }
    }
    return out;
  }();

  // The last position in the order at which node i's values are read (size: never released).
  static constexpr std::array<std::size_t, size> last_read = [] {
    std::array<std::size_t, size> out{};
    for (std::size_t i = size; i-- > 0;) {
      out[i] = is_root[i] ? size : i;
      for (std::size_t u = Topo::uses_begin[i]; u < Topo::uses_begin[i + 1]; ++u) {
        const use& x = Topo::uses[u];
        if (!record(x.node).reads_data(x.slot)) continue;
        out[i] = std::max(out[i], buffered[x.node] ? x.node : out[x.node]);
      }
    }
    return out;
  }();

  // Whether plain SGD on the parameter at `param` can be folded into the kernel of its gradient at
  // `gradient`: that kernel is a product, a sparse gradient or a reduction (its result can be
  // added, times -learning_rate, straight into the parameter's storage), nothing reads the
  // gradient, and nothing reads the parameter from that kernel on (the kernel itself included: it
  // would read what it writes).
  static constexpr bool foldable_update(std::size_t param, std::size_t gradient) {
    const op_kind kind = record(gradient).kind;
    if (record(param).kind != op_kind::leaf ||
        (kind != op_kind::matmul && kind != op_kind::sparse_grad && kind != op_kind::reduce))
      return false;
    for (std::size_t u = Topo::uses_begin[gradient]; u < Topo::uses_begin[gradient + 1]; ++u)
      if (record(Topo::uses[u].node).reads_data(Topo::uses[u].slot)) return false;
    return last_read[param] < gradient;
  }

  // For an SGD step on (parameter, gradient) pairs: the pair each node's kernel updates in place
  // (npos: none). A gradient node two pairs share (equal gradients are one node) folds neither.
  template <class Pairs>
  static constexpr std::array<std::size_t, size> folded_updates(const Pairs& pairs) {
    std::array<std::size_t, size> out{};
    out.fill(npos);
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const update_pair u = pairs[k];
      if (u.param == npos || u.gradient == npos) continue;
      std::size_t sharing = 0;
      for (const update_pair& other : pairs) sharing += other.gradient == u.gradient;
      if (sharing == 1 && foldable_update(u.param, u.gradient)) out[u.gradient] = k;
    }
    return out;
  }

  struct slots_t {
    std::array<std::size_t, size> of{};  // the slot of each buffered node (npos otherwise)
    std::array<bool, size> exclusive{};  // per slot: owned by one sparse gradient for good
    std::size_t count = 0;
  };
  static constexpr slots_t slots = [] {
    slots_t s;
    std::array<std::size_t, size> busy_until{};  // per slot: last_read of its current owner
    for (std::size_t i = 0; i < size; ++i) {
      s.of[i] = npos;
      if (!buffered[i]) continue;
      // A sparse gradient keeps its untouched rows zero from run to run: it owns its slot.
      const bool exclusive = record(i).kind == op_kind::sparse_grad;
      std::size_t chosen = s.count;
      for (std::size_t k = 0; k < s.count && !exclusive; ++k)
        if (busy_until[k] < i) {
          chosen = k;
          break;
        }
      if (chosen == s.count) ++s.count;
      s.of[i] = chosen;
      s.exclusive[chosen] = exclusive;
      busy_until[chosen] = exclusive ? npos : last_read[i];
    }
    return s;
  }();
};

}  // namespace metagrad::graph
