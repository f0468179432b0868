// op_kind and the defaults every operation starts from: what the planner must know about an op.
#pragma once

namespace metagrad {

enum class op_kind {
  leaf,           // bound by name; no kernel
  elementwise,    // fused into its consumer unless it needs a buffer of its own
  matmul,         // a GEMM into a buffer
  transpose,      // a view of its operand's buffer, folded into the consumer
  reduce,         // a fixed-partition reduction into a buffer
  rowwise,        // a kernel that reads whole rows (softmax), into a buffer
  sparse_matmul,  // sparse rows times a dense matrix, into a buffer
  sparse_grad     // X^T G for sparse X: a buffer of its own whose untouched rows stay zero
};

// The defaults of an element-wise op; an op states only where it differs.
struct elementwise_op {
  static constexpr op_kind kind = op_kind::elementwise;
  // Bit K set: operand K must be read from a buffer (GEMM operands, broadcast rows).
  static constexpr unsigned buffered = 0;
  // Bit K set: only operand K's size is used, never its values (the planner ignores its data).
  static constexpr unsigned shape_only = 0;
  template <class...>
  static constexpr bool valid() {
    return true;
  }
  static void check(auto...) {}
};

}  // namespace metagrad
