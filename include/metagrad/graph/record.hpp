// record_of<T>: a constexpr value describing node type T (its kind, operands, buffer needs), so
// graph passes run as constexpr loops over arrays instead of recursions over types. A record's
// address is the node's identity: equal types, one record.
#pragma once

#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/core/shape.hpp"

#include <array>
#include <cstddef>
#include <string_view>

namespace metagrad::graph {

inline constexpr std::size_t max_arity = 4;

struct node_record {
  op_kind kind;
  std::size_t arity;
  std::array<const node_record*, max_arity> operands;
  unsigned buffered;    // operand K must be a buffer (or a transposed view of one)
  unsigned shape_only;  // operand K lends its shape, never its values
  leaf_kind leaf;       // for leaves
  std::string_view name;
  shape static_shape;

  constexpr bool reads_data(std::size_t k) const { return !(shape_only >> k & 1u); }
  constexpr bool needs_buffer(std::size_t k) const { return buffered >> k & 1u; }
};

template <class T>
struct record_of;

template <leaf_kind K, fixed_string N, dim_t R, dim_t C>
struct record_of<leaf<K, N, R, C>> {
  static constexpr node_record value{op_kind::leaf, 0, {}, 0, 0, K, N.view(), {R, C}};
};

template <class Op, class... A>
struct record_of<expr<Op, A...>> {
  static_assert(sizeof...(A) <= max_arity, "an op takes at most four operands");
  static constexpr node_record value{
      Op::kind,         sizeof...(A), {&record_of<A>::value...},   Op::buffered, Op::shape_only,
      leaf_kind::input, Op::name,     expr<Op, A...>::static_shape};
};

}  // namespace metagrad::graph
