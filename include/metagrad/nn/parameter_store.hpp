// parameter_store: the values of a model's parameters, one matrix per param leaf, keyed by the
// leaf at compile time (store[W1], no lookup at run time) and by name at run time (files,
// initializer overrides). Its leaves come from the graph: make_parameter_store(loss) holds exactly
// params_of(loss).
//
// Keyed by position, not by a Hana map: the leaf's position is one constexpr search over the
// names, where a hana::map of types adds an instantiation per lookup for the same O(1) access.
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/graph/params_of.hpp"

#include <Eigen/Core>
#include <boost/hana/tuple.hpp>
#include <boost/hana/unpack.hpp>

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace metagrad::nn {

template <class S, class... P>
class parameter_store {
 public:
  using matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  static constexpr std::size_t size = sizeof...(P);
  static constexpr std::array<std::string_view, size> names{P::name...};
  static constexpr std::array<shape, size> declared{P::static_shape...};
  static_assert(((P::kind == leaf_kind::param) && ...), "a parameter store holds param leaves");

  // The position of a leaf's name (npos: none).
  static constexpr std::size_t position(std::string_view name) {
    for (std::size_t i = 0; i < size; ++i)
      if (names[i] == name) return i;
    return static_cast<std::size_t>(-1);
  }

  template <class Leaf>
  matrix& operator[](Leaf) {
    return values_[checked_position<Leaf>()];
  }
  template <class Leaf>
  const matrix& operator[](Leaf) const {
    return values_[checked_position<Leaf>()];
  }

  // By name, for files and options; an unknown name is an error that lists the known ones.
  matrix& at(std::string_view name) { return values_[known(name)]; }
  const matrix& at(std::string_view name) const { return values_[known(name)]; }

  matrix& value(std::size_t i) { return values_[i]; }
  const matrix& value(std::size_t i) const { return values_[i]; }

  // Replaces a value by name, after checking it against the parameter's declared size and, when
  // the store already holds one, its size: one sentence naming the parameter and both shapes.
  void assign(std::string_view name, matrix m) {
    const std::size_t i = known(name);
    const shape got{m.rows(), m.cols()}, want = declared[i];
    const shape held{values_[i].rows(), values_[i].cols()};
    const bool declared_fits =
        (want.rows == dyn || want.rows == got.rows) && (want.cols == dyn || want.cols == got.cols);
    if (!declared_fits || (held.size() > 0 && !(held == got)))
      throw shape_error("parameter '" + std::string(name) + "': given " + shape_text(got) +
                        ", the model's is " + shape_text(declared_fits ? held : want));
    values_[i] = std::move(m);
  }

  // (leaf = value) for every parameter, to pass to a workspace's bind: writable, so that a step
  // may update them in place, or read-only from a const store.
  auto bindings() {
    return [this]<std::size_t... I>(std::index_sequence<I...>) {
      return boost::hana::make_tuple((P{} = values_[I])...);
    }
    (std::index_sequence_for<P...>{});
  }
  auto bindings() const {
    return [this]<std::size_t... I>(std::index_sequence<I...>) {
      return boost::hana::make_tuple((P{} = values_[I])...);
    }
    (std::index_sequence_for<P...>{});
  }
  // Whether the values are there (initialize() or a file gave them).
  bool empty() const { return size > 0 && values_[0].size() == 0; }

 private:
  template <class Leaf>
  static constexpr std::size_t checked_position() {
    constexpr std::size_t i = position(Leaf::name);
    static_assert(i < size, "store[p]: p is not a parameter of this model");
    return i;
  }
  static std::size_t known(std::string_view name) {
    const std::size_t i = position(name);
    if (i < size) return i;
    std::string list;
    for (const std::string_view n : names) list += (list.empty() ? "" : ", ") + std::string(n);
    throw std::invalid_argument("no parameter named '" + std::string(name) +
                                "'; this model has: " + list);
  }

  std::array<matrix, size> values_{};
};

// An empty store for the parameters of a graph (its values sized by nn::initialize).
template <class S = float, expression... Roots>
auto make_parameter_store(Roots... roots) {
  return boost::hana::unpack(params_of(roots...),
                             [](auto... p) { return parameter_store<S, decltype(p)...>{}; });
}

}  // namespace metagrad::nn
