// grad(loss, wrt...): reverse-mode gradients as expressions, derived by the compiler.
//
// The adjoint of node I is the sum, over the places u where I is read, of the reading op's
// vector-Jacobian product for that operand applied to the reader's adjoint:
//   adjoint(I) = sum_u vjp_{op(u), slot(u)}(adjoint(u.node))
// Each adjoint is one class instantiation, so the sum over readers is formed once per node (true
// reverse accumulation, not a path enumeration), and only for nodes between the loss and a wrt.
// The builders simplify as they go (zeros vanish, ones multiply away, transposes cancel), and the
// losses' vjps are their fused stable derivatives, so no log or exp of the loss survives.
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/graph/params_of.hpp"
#include "metagrad/graph/topology.hpp"
#include "metagrad/ops/arithmetic.hpp"
#include "metagrad/ops/fill.hpp"

#include <boost/hana/for_each.hpp>
#include <boost/hana/pair.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/unpack.hpp>

#include <tuple>
#include <utility>

namespace metagrad {

namespace graph {

template <std::size_t K, class Op, class... A, class G>
constexpr auto vjp_of(expr<Op, A...> self, G g) {
  return Op::template vjp<K>(self, g, A{}...);
}

// The sum of the contributions, left to right (add() drops zeros).
template <class First>
constexpr auto total(First first) {
  return first;
}
template <class First, class Second, class... Rest>
constexpr auto total(First first, Second second, Rest... rest) {
  return total(add(first, second), rest...);
}

template <class Topo, std::size_t I, bool IsLoss = (I + 1 == Topo::size)>
struct adjoint;

template <class Topo, std::size_t I>
struct adjoint<Topo, I, true> {
  using type = std::remove_const_t<decltype(one)>;
};

template <class Topo, std::size_t I>
struct adjoint<Topo, I, false> {
  template <std::size_t U>
  static constexpr auto contribution() {
    constexpr use u = Topo::uses[Topo::uses_begin[I] + U];
    using reader = type_at<Topo, u.node>;
    using reader_adjoint = typename adjoint<Topo, u.node>::type;
    if constexpr (!record_of<reader>::value.reads_data(u.slot)) {
      return zeros_like(type_at<Topo, I>{});  // a shape carries no gradient
    } else if constexpr (is_zero_v<reader_adjoint>) {
      return zeros_like(type_at<Topo, I>{});  // nothing flows back (a where() mask's operands)
    } else {
      return vjp_of<u.slot>(reader{}, reader_adjoint{});
    }
  }
  template <std::size_t... U>
  static constexpr auto sum(std::index_sequence<U...>) {
    return total(contribution<U>()...);
  }
  using type =
      decltype(sum(std::make_index_sequence<Topo::uses_begin[I + 1] - Topo::uses_begin[I]>{}));
};

template <class Wrt, class G>
struct gradient_entry {
  static constexpr G at(Wrt) { return {}; }
};

}  // namespace graph

// What grad() returns: the gradient expression of each wrt leaf, looked up as grads[W1].
template <class... Entries>
struct gradient_set;

template <class... Wrt, class... G>
struct gradient_set<graph::gradient_entry<Wrt, G>...> : graph::gradient_entry<Wrt, G>... {
  using graph::gradient_entry<Wrt, G>::at...;
  template <expression W>
  constexpr auto operator[](W w) const {
    return at(w);
  }
  // The (leaf, gradient) pairs as a Hana tuple, for iterating over every parameter.
  static constexpr auto pairs() {
    return boost::hana::make_tuple(boost::hana::make_pair(Wrt{}, G{})...);
  }
  static constexpr std::tuple<G...> as_tuple() { return {}; }
  template <class F>
  static constexpr void for_each(F&& f) {
    boost::hana::for_each(pairs(),
                          [&](auto p) { f(boost::hana::first(p), boost::hana::second(p)); });
  }
};

// grad(loss): with respect to every parameter of the loss (params_of), in topological order.
template <expression Loss, expression... Wrt>
constexpr auto grad(Loss loss, Wrt...) {
  if constexpr (sizeof...(Wrt) == 0 && !is_invalid_v<Loss>) {
    return boost::hana::unpack(params_of(loss), [](auto... w) {
      if constexpr (sizeof...(w) == 0)
        return gradient_set<>{};  // no parameters: nothing to differentiate
      else
        return grad(Loss{}, w...);
    });
  } else if constexpr (is_invalid_v<Loss> || (is_invalid_v<Wrt> || ...)) {
    return invalid_expr{};
  } else if constexpr (!check::loss_shape<Loss::static_shape, shape{1, 1}>()) {
    return invalid_expr{};
  } else {
    using topo = graph::topology<Loss>;
    auto one_gradient = [](auto wrt) {
      using W = decltype(wrt);
      constexpr std::size_t i = topo::template index_of<W>;
      if constexpr (i == graph::npos)
        return zeros_like(wrt);  // the loss does not depend on it
      else
        return typename graph::adjoint<topo, i>::type{};
    };
    return gradient_set<graph::gradient_entry<Wrt, decltype(one_gradient(Wrt{}))>...>{};
  }
}

}  // namespace metagrad
