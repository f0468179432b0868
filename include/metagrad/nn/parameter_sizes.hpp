// parameter_sizes: the size of every parameter of a graph, where the model leaves it to the data
// (`dyn`). The data's shapes are known by name; a parameter's unknown side is the side it must
// match: the inner size of a product it is a factor of (through a transpose, too), or the size of
// the operand it is combined with element-wise (a bias row takes the columns it is added to; an
// output layer of `dyn` units takes the labels' columns through the loss).
// Sizes may also be given by name (a size map), for what the data cannot tell. A conflict or a
// size left unknown is one sentence naming the parameter and the shapes.
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/graph/params_of.hpp"
#include "metagrad/graph/topology.hpp"

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace metagrad::nn {

// A leaf's size known from outside: data's (batch x features) or a parameter's, by name.
struct named_shape {
  std::string name;
  shape size;
};

namespace detail {

template <class Topo>
class size_solver {
 public:
  explicit size_solver(const std::vector<named_shape>& known) {
    for (std::size_t i = 0; i < Topo::size; ++i) s_[i] = given(i, known);
  }

  // Fills unknown parameter sizes until nothing changes, then checks every op on the result.
  std::array<shape, Topo::size> solve() {
    for (bool changed = true; changed;) {
      changed = false;
      [&]<std::size_t... I>(std::index_sequence<I...>) { ((changed |= visit<I>()), ...); }
      (std::make_index_sequence<Topo::size>{});
    }
    [&]<std::size_t... I>(std::index_sequence<I...>) { (check<I>(), ...); }
    (std::make_index_sequence<Topo::size>{});
    return s_;
  }

 private:
  static const graph::node_record& record(std::size_t i) { return *Topo::entries[i].record; }
  static bool is_param(std::size_t i) {
    return record(i).kind == op_kind::leaf && record(i).leaf == leaf_kind::param;
  }
  static dim_t& side(shape& s, int d) { return d == 0 ? s.rows : s.cols; }

  static shape given(std::size_t i, const std::vector<named_shape>& known) {
    const graph::node_record& r = record(i);
    if (r.kind != op_kind::leaf) return r.static_shape;
    for (const named_shape& k : known) {
      if (k.name != r.name) continue;
      const shape want = r.static_shape;
      if ((want.rows != dyn && want.rows != k.size.rows) ||
          (want.cols != dyn && want.cols != k.size.cols))
        throw shape_error(std::string(kind_text(r.leaf)) + " '" + std::string(r.name) +
                          "' is declared " + shape_text(want) + " but given " + shape_text(k.size));
      return k.size;
    }
    return r.static_shape;
  }

  // Sets side d of node i where it is unknown and decided by a parameter: the parameter's own, or
  // through the ops that pass that side on (a transpose swaps it; a product takes its rows from
  // the left factor and its columns from the right; an element-wise op from every operand).
  bool fill(std::size_t i, int d, dim_t value) {
    if (side(s_[i], d) != dyn) return false;
    const graph::node_record& r = record(i);
    const auto operand = [&](std::size_t k) { return Topo::operand(i, k); };
    if (is_param(i)) return side(s_[i], d) = value, true;
    if (r.kind == op_kind::transpose) return fill(operand(0), 1 - d, value);
    if (r.kind == op_kind::matmul || r.kind == op_kind::sparse_matmul)
      return fill(operand(d == 0 ? 0 : 1), d, value);
    bool changed = false;
    if (r.kind == op_kind::elementwise)
      for (std::size_t k = 0; k < r.arity; ++k)
        if (r.reads_data(k)) changed |= fill(operand(k), d, value);
    return changed;
  }

  template <std::size_t I>
  bool visit() {
    using T = graph::type_at<Topo, I>;
    if constexpr (is_leaf<T>::value) {
      return false;
    } else {
      bool changed = false;
      const std::size_t n = record(I).arity;
      const auto operand = [](std::size_t k) { return Topo::operand(I, k); };
      if (record(I).kind == op_kind::matmul || record(I).kind == op_kind::sparse_matmul) {
        const shape a = s_[operand(0)], b = s_[operand(1)];
        if (a.cols != dyn) changed |= fill(operand(1), 0, a.cols);
        if (b.rows != dyn) changed |= fill(operand(0), 1, b.rows);
      } else if (record(I).kind == op_kind::elementwise) {
        for (std::size_t k = 0; k < n; ++k)
          for (int d = 0; d < 2; ++d)
            for (std::size_t j = 0; j < n; ++j) {
              const dim_t other = side(s_[operand(j)], d);
              if (j != k && record(I).reads_data(j) && other != dyn && other != 1)
                changed |= fill(operand(k), d, other);
            }
      }
      const shape before = s_[I];
      s_[I] = [&]<std::size_t... K>(std::index_sequence<K...>) {
        return op_of<T>::infer(s_[operand(K)]...);
      }
      (std::make_index_sequence<std::tuple_size_v<operands_of<T>>>{});
      return changed || !(before == s_[I]);
    }
  }

  template <class T>
  struct op_of_t;
  template <class Op, class... A>
  struct op_of_t<expr<Op, A...>> {
    using op = Op;
    using operands = std::tuple<A...>;
  };
  template <class T>
  using op_of = typename op_of_t<T>::op;
  template <class T>
  using operands_of = typename op_of_t<T>::operands;

  std::string describe(std::size_t i) const {
    const graph::node_record& r = record(i);
    const std::string size = " (" + shape_text(s_[i]) + ")";
    if (r.kind == op_kind::leaf)
      return std::string(kind_text(r.leaf)) + " '" + std::string(r.name) + "'" + size;
    if (r.kind == op_kind::transpose) return "transpose of " + describe(Topo::operand(i, 0));
    return std::string(r.name) + size;
  }

  template <std::size_t I>
  void check() const {
    using T = graph::type_at<Topo, I>;
    if constexpr (is_leaf<T>::value) {
      if (is_param(I) && (s_[I].rows == dyn || s_[I].cols == dyn))
        throw shape_error(describe(I) +
                          ": the data does not tell its size; give it in the size map");
    } else {
      try {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
          op_of<T>::check(s_[Topo::operand(I, K)]...);
        }
        (std::make_index_sequence<std::tuple_size_v<operands_of<T>>>{});
      } catch (const shape_error& e) {
        std::string operands;
        for (std::size_t k = 0; k < record(I).arity; ++k)
          operands += (k ? " and " : "") + describe(Topo::operand(I, k));
        throw shape_error(std::string(record(I).name) + " of " + operands + ": " + e.what());
      }
    }
  }

  std::array<shape, Topo::size> s_{};
};

}  // namespace detail

// The sizes of params_of(roots...), in its order, from the known shapes of data and parameters.
template <expression... Roots>
std::vector<shape> parameter_sizes(const std::vector<named_shape>& known, Roots...) {
  using topo = graph::topology<Roots...>;
  const auto sizes = detail::size_solver<topo>(known).solve();
  std::vector<shape> out;
  for (const std::size_t i : graph::param_positions<topo>) out.push_back(sizes[i]);
  return out;
}

}  // namespace metagrad::nn
