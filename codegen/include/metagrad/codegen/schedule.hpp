// What the code generators read from a compiled program besides its plan: the kernel each node is
// computed in, and which kernels the loss needs (the forward pass) before the gradients' (the
// backward pass).
#pragma once

#include "metagrad/exec/program.hpp"
#include "metagrad/graph/topology.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace metagrad::codegen {

// The kernel computing each node: its own when it has a buffer, its one reader's when inlined
// there; npos for leaves and for views read by several kernels.
template <class P>
std::vector<std::size_t> kernel_of() {
  using topo = typename P::topo;
  using plan = typename P::plan;
  std::vector<std::size_t> kernel(topo::size, graph::npos);
  for (std::size_t i = topo::size; i-- > 0;) {
    if (plan::record(i).kind == op_kind::leaf) continue;
    if (plan::buffered[i]) {
      kernel[i] = i;
      continue;
    }
    std::size_t readers = 0, reader = graph::npos;
    for (std::size_t u = topo::uses_begin[i]; u < topo::uses_begin[i + 1]; ++u)
      if (plan::record(topo::uses[u].node).reads_data(topo::uses[u].slot))
        ++readers, reader = topo::uses[u].node;
    if (readers == 1) kernel[i] = kernel[reader];
  }
  return kernel;
}

// The position of the last kernel the first root needs: kernels up to it are the forward pass
// (for compile(loss, grad(loss, ...)), the loss), the rest the backward pass. Kernels run in the
// plan's order either way, so its arena slots stay valid.
template <class P>
std::size_t last_forward_kernel() {
  using topo = typename P::topo;
  std::vector<bool> needed(topo::size, false);
  needed[topo::root_index[0]] = true;
  std::size_t last = 0;
  for (std::size_t i = topo::size; i-- > 0;) {
    if (!needed[i]) continue;
    last = std::max(last, i);
    for (std::size_t k = 0; k < P::plan::record(i).arity; ++k) needed[topo::operand(i, k)] = true;
  }
  return last;
}

}  // namespace metagrad::codegen
