// Element-wise activations and the vector-Jacobian products that reuse their outputs.
//
//   relu(a)        = max(a, 0)              d/da = [a > 0]
//   sigmoid(a)     = 1 / (1 + exp(-a))      d/da = sigmoid(a) sigmoid(-a)  (rewrites.hpp)
//   tanh(a)                                 d/da = 1 - t^2,     t = tanh(a)
//   softplus(a)    = log(1 + exp(a))        d/da = sigmoid(a)
//   log_sigmoid(a) = -softplus(-a)          d/da = sigmoid(-a)
#pragma once

#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/detail/stable_math.hpp"
#include "metagrad/ops/arithmetic.hpp"

#include <cmath>

namespace metagrad {

struct unary_elementwise_op : elementwise_op {
  static constexpr shape infer(shape a) { return a; }
};
struct binary_elementwise_op : elementwise_op {
  static constexpr shape infer(shape a, shape) { return a; }
};

// The adjoints of relu and tanh: each one pass over g and a saved value.
// g [a > 0]: the relu's adjoint, one pass.
struct relu_grad_op : binary_elementwise_op {
  static constexpr const char* name = "relu_grad";
  template <class S>
  static auto apply(shape, const auto& g, const auto& a) {
    return (a > S(0)).select(g, S(0));
  }
};

struct tanh_grad_op : binary_elementwise_op {
  static constexpr const char* name = "tanh_grad";
  template <class S>
  static auto apply(shape, const auto& g, const auto& t) {
    return g * (S(1) - t * t);
  }
};

struct relu_op : unary_elementwise_op {
  static constexpr const char* name = "relu";
  template <class S>
  static auto apply(shape, const auto& a) {
    return a.max(S(0));
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self, G g, A a) {
    return make<relu_grad_op>(g, a);  // g [a > 0]
  }
};

struct sigmoid_op : unary_elementwise_op {
  static constexpr const char* name = "sigmoid";
  template <class S>
  static auto apply(shape out, const auto& a) {
    return detail::elementwise<S>(
        out, [](const auto& x) { return detail::sigmoid(x); }, detail::each{a});
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self, G g, A a) {
    return mul(g, sigmoid_slope(a));  // d/da = sigmoid(a) sigmoid(-a)
  }
};

struct tanh_op : unary_elementwise_op {
  static constexpr const char* name = "tanh";
  template <class S>
  static auto apply(shape, const auto& a) {
    return a.tanh();
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self self, G g, A) {
    return make<tanh_grad_op>(g, self);  // g (1 - t^2), reusing t
  }
};

struct softplus_op : unary_elementwise_op {
  static constexpr const char* name = "softplus";
  template <class S>
  static auto apply(shape out, const auto& a) {
    return detail::elementwise<S>(
        out, [](const auto& x) { return detail::softplus(x); }, detail::each{a});
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self, G g, A a) {
    return mul(g, sigmoid(a));  // d/da = sigmoid(a)
  }
};

struct log_sigmoid_op : unary_elementwise_op {
  static constexpr const char* name = "log_sigmoid";
  template <class S>
  static auto apply(shape out, const auto& a) {
    return detail::elementwise<S>(
        out,
        [](const auto& x) { return detail::pm::pnegate(detail::softplus(detail::pm::pnegate(x))); },
        detail::each{a});
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self, G g, A a) {
    return mul(g, sigmoid(neg(a)));  // d/da = sigmoid(-a)
  }
};

template <expression A>
constexpr auto relu(A a) {
  return make<relu_op>(a);
}
template <expression A>
constexpr auto sigmoid(A a) {
  return make<sigmoid_op>(a);
}
// sigmoid'(a) = sigmoid(a) sigmoid(-a), one expression for a and -a (rewrites.hpp says why).
template <expression A>
constexpr auto sigmoid_slope(A a) {
  if constexpr (requires { typename detail::negated<A>::type; })
    return sigmoid_slope(typename detail::negated<A>::type{});
  else
    return mul(sigmoid(a), sigmoid(neg(a)));
}
template <expression A>
constexpr auto tanh(A a) {
  return make<tanh_op>(a);
}
template <expression A>
constexpr auto softplus(A a) {
  return make<softplus_op>(a);
}
template <expression A>
constexpr auto log_sigmoid(A a) {
  return make<log_sigmoid_op>(a);
}

}  // namespace metagrad
