// Elementary functions, element-wise, for losses a user writes: each a forward pass and its
// derivative as an expression, so the compiler derives the rest.
//
//   exp(a)            d/da = exp(a)               (reuses the output)
//   log(a)            d/da = 1 / a
//   log1p(a)          d/da = 1 / (1 + a)
//   sqrt(a)           d/da = 1 / (2 sqrt(a))      (reuses the output)
//   abs(a)            d/da = sign(a), 0 at 0      (the sub-gradient PyTorch takes)
//   div(a, b) = a / b d/da = 1 / b,  d/db = -a / b^2
//   pow(a, p)         d/da = p a^(p - 1)          (p a run-time scalar<>; no gradient into p;
//                                                  a >= 0 unless p is whole, |p| <= 8; the
//                                                  derivative is 0 for p = 0, as PyTorch's, and
//                                                  where g = 0: a zero adjoint stays zero where
//                                                  a^(p - 1) is infinite)
//   add_scalar(a, s) = a + s, sub_scalar(a, s) = a - s    d/da = 1   (s a run-time scalar<>)
//
// log, exp, one_minus and pow rewrite what they are given as the catalogue (rewrites.hpp) says.
#pragma once

#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/detail/packet_kernel.hpp"
#include "metagrad/detail/stable_math.hpp"
#include "metagrad/ops/activations.hpp"
#include "metagrad/ops/arithmetic.hpp"
#include "metagrad/ops/fill.hpp"
#include "metagrad/ops/rewrites.hpp"
#include "metagrad/ops/scale.hpp"
#include "metagrad/ops/softmax.hpp"

namespace metagrad {

struct div_op : binary_elementwise_op {
  static constexpr const char* name = "div";
  template <class A, class B>
  static constexpr bool valid() {
    return check::div_shape<A::static_shape, B::static_shape>();
  }
  static void check(shape a, shape b) { check::div_shape(a, b); }
  static constexpr shape infer(shape a, shape b) { return merge_shape(a, b); }
  template <class S>
  static auto apply(shape, const auto& a, const auto& b) {
    return a / b;
  }
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self self, G g, A, B b) {
    if constexpr (K == 0)
      return make<div_op>(g, b);  // g / b
    else
      return neg(mul(g, make<div_op>(self, b)));  // -g a / b^2 = -g (a / b) / b
  }
};

template <expression A, expression B>
constexpr auto div(A a, B b) {
  return make<div_op>(a, b);
}

// g / (1 + a), g / (2 s), g sign(a) and g p a^(p - 1): the adjoints that are one pass each.
struct log1p_grad_op : binary_elementwise_op {
  static constexpr const char* name = "log1p_grad";
  template <class S>
  static auto apply(shape, const auto& g, const auto& a) {
    return g / (S(1) + a);
  }
};
struct sqrt_grad_op : binary_elementwise_op {
  static constexpr const char* name = "sqrt_grad";
  template <class S>
  static auto apply(shape, const auto& g, const auto& s) {
    return g / (S(2) * s);
  }
};
struct abs_grad_op : binary_elementwise_op {
  static constexpr const char* name = "abs_grad";
  template <class S>
  static auto apply(shape, const auto& g, const auto& a) {
    return (a > S(0)).select(g, (a < S(0)).select(-g, S(0)));
  }
};
struct pow_grad_op : elementwise_op {
  static constexpr const char* name = "pow_grad";
  static constexpr shape infer(shape g, shape, shape) { return g; }
  template <class S, class G, class A>
  static auto apply(shape out, const G& g, const A& a, S p) {
    return detail::elementwise<S>(
        out, [p](const auto& gv, const auto& av) { return detail::power_adjoint(gv, av, p); },
        detail::each<G>{g}, detail::each<A>{a});
  }
};

struct exp_op : unary_elementwise_op {
  static constexpr const char* name = "exp";
  template <class S>
  static auto apply(shape, const auto& a) {
    return a.exp();
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self self, G g, A) {
    return mul(g, self);
  }
};
struct log_op : unary_elementwise_op {
  static constexpr const char* name = "log";
  template <class S>
  static auto apply(shape, const auto& a) {
    return a.log();
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self, G g, A a) {
    return div(g, a);
  }
};
struct log1p_op : unary_elementwise_op {
  static constexpr const char* name = "log1p";
  template <class S>
  static auto apply(shape, const auto& a) {
    return a.log1p();
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self, G g, A a) {
    return make<log1p_grad_op>(g, a);
  }
};
struct sqrt_op : unary_elementwise_op {
  static constexpr const char* name = "sqrt";
  template <class S>
  static auto apply(shape, const auto& a) {
    return a.sqrt();
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self self, G g, A) {
    return make<sqrt_grad_op>(g, self);
  }
};
struct abs_op : unary_elementwise_op {
  static constexpr const char* name = "abs";
  template <class S>
  static auto apply(shape, const auto& a) {
    return a.abs();
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self, G g, A a) {
    return make<abs_grad_op>(g, a);
  }
};
struct pow_op : binary_elementwise_op {
  static constexpr const char* name = "pow";
  template <class S, class A>
  static auto apply(shape out, const A& a, S p) {
    return detail::elementwise<S>(
        out, [p](const auto& v) { return detail::power(v, p); }, detail::each<A>{a});
  }
  template <std::size_t K, class Self, class G, class A, class P>
  static constexpr auto vjp(Self, G g, A a, P p) {
    static_assert(K == 0,
                  "pow(a, p): the exponent is a hyper-parameter; no gradient flows into it");
    return make<pow_grad_op>(g, a, p);
  }
};

// a + s (Sign 1) or a - s (Sign -1).
template <int Sign>
struct shift_op : binary_elementwise_op {
  static constexpr const char* name = Sign > 0 ? "add_scalar" : "sub_scalar";
  template <class S>
  static auto apply(shape, const auto& a, S s) {
    return a + S(Sign) * s;
  }
  template <std::size_t K, class Self, class G, class A, class Scalar>
  static constexpr auto vjp(Self, G g, A, Scalar) {
    static_assert(K == 0, "add_scalar(a, s): s is a hyper-parameter; no gradient flows into it");
    return g;
  }
};

template <expression A, scalar_expression Scalar>
constexpr auto add_scalar(A a, Scalar s) {
  return make<shift_op<1>>(a, s);
}
template <expression A, scalar_expression Scalar>
constexpr auto sub_scalar(A a, Scalar s) {
  return make<shift_op<-1>>(a, s);
}

template <expression A>
constexpr auto exp(A a) {
  if constexpr (detail::log_of_positive<A>)
    return typename detail::log_of<A>::type{};
  else
    return make<exp_op>(a);
}
template <expression A>
constexpr auto log(A a) {
  if constexpr (requires { typename detail::sigmoid_of<A>::type; })
    return log_sigmoid(typename detail::sigmoid_of<A>::type{});
  else if constexpr (requires { typename detail::softmax_of<A>::type; })
    return log_softmax(typename detail::softmax_of<A>::type{});
  else if constexpr (requires { typename detail::exp_of<A>::type; })
    return typename detail::exp_of<A>::type{};
  else
    return make<log_op>(a);
}
// 1 - a.
template <expression A>
constexpr auto one_minus(A a) {
  if constexpr (requires { typename detail::sigmoid_of<A>::type; })
    return sigmoid(neg(typename detail::sigmoid_of<A>::type{}));
  else
    return sub(ones_like(a), a);
}
template <expression A>
constexpr auto log1p(A a) {
  return make<log1p_op>(a);
}
template <expression A>
constexpr auto sqrt(A a) {
  return make<sqrt_op>(a);
}
template <expression A>
constexpr auto abs(A a) {
  return make<abs_op>(a);
}
template <expression A, scalar_expression P>
constexpr auto pow(A a, P p) {
  if constexpr (requires { typename detail::sigmoid_of<A>::type; })
    return exp(scale(log_sigmoid(typename detail::sigmoid_of<A>::type{}), p));
  else
    return make<pow_op>(a, p);
}

}  // namespace metagrad
