// initialize: gives every parameter of a model its size (parameter_sizes.hpp) and its first values,
// chosen by the parameter's role in the graph, as Keras and PyTorch users expect:
//   a bias (one row)                          zeros
//   a weight whose product feeds a relu       He uniform,     limit sqrt(6 / fan_in)
//   any other weight                          Glorot uniform, limit sqrt(6 / (fan_in + fan_out))
// fan_in is the product's inner size (the columns of W when it is used transposed). A rule per
// parameter name overrides the role. One seeded generator visits the parameters in topological
// order, so a seed gives the same values on every machine with the same standard library.
#pragma once

#include "metagrad/graph/topology.hpp"
#include "metagrad/nn/init.hpp"
#include "metagrad/nn/parameter_sizes.hpp"
#include "metagrad/nn/parameter_store.hpp"

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace metagrad::nn {

enum class init_rule { by_role, zeros, glorot_uniform, he_uniform };

struct init_options {
  unsigned long seed = 42;
  std::map<std::string, init_rule, std::less<>> rules = {};  // by name; the others by role
  std::vector<named_shape> sizes = {};  // parameters' sizes the data cannot tell
};

namespace detail {

struct param_role {
  init_rule rule = init_rule::glorot_uniform;
  bool transposed = false;  // read as transpose(W): its inner size is its columns
};

// Follows the readers of parameter node p: through a transpose to a product, then up the chain of
// single readers that add to it (a bias) to the first other op.
template <class Topo>
param_role role_of(std::size_t p, shape size) {
  param_role r;
  if (size.rows == 1) return r.rule = init_rule::zeros, r;
  const auto only_reader = [](std::size_t i) {
    const std::size_t n = Topo::uses_begin[i + 1] - Topo::uses_begin[i];
    return n == 1 ? Topo::uses[Topo::uses_begin[i]].node : graph::npos;
  };
  std::size_t i = only_reader(p);
  if (i != graph::npos && Topo::entries[i].record->kind == op_kind::transpose)
    r.transposed = true, i = only_reader(i);
  const auto kind = [](std::size_t n) { return Topo::entries[n].record->kind; };
  if (i == graph::npos || (kind(i) != op_kind::matmul && kind(i) != op_kind::sparse_matmul))
    return r;
  for (i = only_reader(i); i != graph::npos; i = only_reader(i)) {
    const std::string_view op = Topo::entries[i].record->name;
    if (op == "relu") r.rule = init_rule::he_uniform;
    if (op != "add" && op != "add_row") break;
  }
  return r;
}

template <class S>
Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> initial_value(init_rule rule, shape s,
                                                               bool transposed,
                                                               std::mt19937_64& rng) {
  const Eigen::Index fan_in = transposed ? s.cols : s.rows, fan_out = transposed ? s.rows : s.cols;
  const double limit = rule == init_rule::he_uniform ? std::sqrt(6.0 / double(fan_in))
                                                     : std::sqrt(6.0 / double(fan_in + fan_out));
  if (rule == init_rule::zeros)
    return Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>::Zero(s.rows, s.cols);
  return uniform<S>(s.rows, s.cols, limit, rng);
}

}  // namespace detail

// Sizes and first values of every parameter of `store`, the parameters of the roots' graph;
// `data` names the data's shapes (inputs, batch x features).
template <class S, class... P, expression... Roots>
void initialize(parameter_store<S, P...>& store, std::vector<named_shape> data,
                const init_options& options, Roots... roots) {
  using topo = graph::topology<Roots...>;
  static_assert(graph::param_count<topo> == sizeof...(P),
                "initialize: the store holds other parameters than the graph's");
  for (const auto& rule : options.rules) (void)store.at(rule.first);  // a misspelt name: an error
  data.insert(data.end(), options.sizes.begin(), options.sizes.end());
  const std::vector<shape> sizes = parameter_sizes(data, roots...);
  std::mt19937_64 rng(options.seed);
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    const std::size_t at = graph::param_positions<topo>[k];
    const std::string_view name = topo::entries[at].record->name;
    detail::param_role role = detail::role_of<topo>(at, sizes[k]);
    if (const auto rule = options.rules.find(name); rule != options.rules.end())
      if (rule->second != init_rule::by_role) role.rule = rule->second;
    store.value(store.position(name)) =
        detail::initial_value<S>(role.rule, sizes[k], role.transposed, rng);
  }
}

}  // namespace metagrad::nn
