// to_dot(program): the compiled program as a Graphviz picture: every node of the forward and
// backward graph (leaves, ops with their static shapes), its edges, and the schedule the planner
// chose — one cluster per kernel (a GEMM, a reduction, or a fused element-wise pass with the nodes
// inlined into it), each buffer's arena slot, and the roots (the loss and its gradients).
// `dot -Tsvg program.dot -o program.svg` draws it.
#pragma once

#include "metagrad/codegen/schedule.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/core/shape.hpp"
#include "metagrad/exec/program.hpp"

#include <cstddef>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace metagrad::codegen {

namespace detail {

inline std::string_view kernel_text(op_kind k) {
  switch (k) {
    case op_kind::matmul:
      return "GEMM";
    case op_kind::reduce:
      return "reduction";
    case op_kind::rowwise:
      return "row-wise kernel";
    case op_kind::sparse_matmul:
      return "sparse x dense";
    case op_kind::sparse_grad:
      return "sparse gradient (touched rows)";
    case op_kind::transpose:
      return "transposed copy";
    default:
      return "fused element-wise pass";
  }
}

// Graphviz's double-quoted strings: quotes and backslashes escaped, line breaks as \n.
inline std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

}  // namespace detail

// root_names label the roots in the order given to compile() (for compile(loss, grad(loss, W, b)):
// "loss", "dW", "db"); roots without a name are "root k".
template <class... Roots>
std::string to_dot(program<Roots...>, const std::vector<std::string>& root_names = {},
                   std::string_view title = "metagrad program") {
  using P = program<Roots...>;
  using topo = typename P::topo;
  using plan = typename P::plan;
  constexpr std::size_t n = topo::size;

  const std::vector<std::size_t> kernel = kernel_of<P>();

  std::ostringstream out;
  out << "digraph metagrad {\n  label=" << detail::quoted(title)
      << ";\n  labelloc=t;\n  rankdir=BT;\n  node [fontname=\"Helvetica\", fontsize=10];\n"
      << "  edge [arrowsize=0.6];\n";
  // Strings are appended piecewise: g++ 12 misreports `"literal" + std::string&&` (-Wrestrict).
  auto node_line = [&](std::size_t i) {
    const graph::node_record& r = plan::record(i);
    std::string label = std::string(r.name) + "\n" + shape_text(r.static_shape);
    std::string style;
    if (r.kind == op_kind::leaf) {
      label = std::string(kind_text(r.leaf)) + " " + label;
      style = r.leaf == leaf_kind::param ? "shape=box, style=filled, fillcolor=\"#cfe2f3\""
                                         : "shape=box, style=filled, fillcolor=\"#eeeeee\"";
    } else if (plan::buffered[i]) {
      label += "\nslot " + std::to_string(plan::slots.of[i]);
      style = "shape=box, style=\"rounded,filled\", fillcolor=\"#fff2cc\"";
    } else {
      style = "shape=ellipse, style=dashed";  // inlined: no memory of its own
    }
    for (std::size_t k = 0; k < topo::root_index.size(); ++k)
      if (topo::root_index[k] == i) {
        label += "\n= ";
        if (k < root_names.size())
          label += root_names[k];
        else
          label.append("root ").append(std::to_string(k));
        style += ", peripheries=2";
      }
    std::string line = "n";
    line.append(std::to_string(i)).append(" [label=").append(detail::quoted(label));
    return line.append(", ").append(style).append("];\n");
  };
  for (std::size_t i = 0; i < n; ++i)
    if (kernel[i] == graph::npos) out << "  " << node_line(i);
  std::size_t order = 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (kernel[k] != k) continue;
    out << "  subgraph cluster_" << k << " {\n    label="
        << detail::quoted("kernel " + std::to_string(++order) + ": " +
                          std::string(detail::kernel_text(plan::record(k).kind)))
        << ";\n    style=rounded;\n    color=\"#999999\";\n";
    for (std::size_t i = 0; i < n; ++i)
      if (kernel[i] == k) out << "    " << node_line(i);
    out << "  }\n";
  }
  for (std::size_t i = 0; i < n; ++i) {
    const graph::node_record& r = plan::record(i);
    for (std::size_t k = 0; k < r.arity; ++k)
      out << "  n" << topo::operand(i, k) << " -> n" << i
          << (r.reads_data(k) ? ";\n" : " [style=dotted, label=\"shape\"];\n");
  }
  out << "}\n";
  return out.str();
}

}  // namespace metagrad::codegen
