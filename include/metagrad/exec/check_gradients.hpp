// check_gradients: compares the compiled gradient of a loss with central finite differences, for
// every element of every parameter. For users who add an op: one call checks it completely.
//
//   auto report = mg::check_gradients(loss, mg::wrt(W1, b1), x = X, y = Y, W1 = w1, b1 = c1);
//   if (!report.ok) std::cerr << report.text();
//
// Everything runs in double. The bound matrices are copied, so the caller's data is not touched;
// bindings of names the loss does not use are ignored.
#pragma once

#include "metagrad/core/leaf.hpp"
#include "metagrad/detail/eigen_types.hpp"
#include "metagrad/exec/program.hpp"
#include "metagrad/graph/grad.hpp"

#include <cmath>
#include <cstdio>
#include <deque>
#include <string>
#include <type_traits>
#include <vector>

namespace metagrad {

template <expression... Wrt>
struct wrt_t {};
template <expression... Wrt>
constexpr wrt_t<Wrt...> wrt(Wrt...) {
  return {};
}

struct gradient_check_options {
  double step = 1e-6;  // h, scaled by max(1, |w|)
  double relative_tolerance = 1e-5;
  double absolute_tolerance = 1e-8;
};

struct gradient_check {
  bool ok = true;
  double worst_error = 0;             // max over elements of |a - n| / (atol + rtol max(|a|, |n|))
  std::size_t checked = 0;            // elements compared
  std::vector<std::string> failures;  // "W1[2, 3]: analytic .., numeric .." (the first 20)

  std::string text() const {
    std::string out = ok ? "gradients agree with finite differences" : "gradients disagree:";
    for (const std::string& f : failures) out += "\n  " + f;
    return out;
  }
};

namespace detail {

inline std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// Copies of the caller's bindings, which the check perturbs in place.
struct bound_copies {
  std::deque<matrix_t<double>> matrices;  // a deque keeps addresses stable as it grows
  template <class V>
  auto copy(const binding<V>& b) {
    if constexpr (std::is_arithmetic_v<V>) {
      return b;
    } else {
      static_assert(std::is_same_v<typename V::Scalar, double>,
                    "check_gradients: bind double matrices (finite differences need them)");
      matrices.emplace_back(*b.value);
      return binding<matrix_t<double>>{b.name, &matrices.back()};
    }
  }
  matrix_t<double>* find(std::string_view name, const std::vector<std::string_view>& names) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return &matrices[i];
    return nullptr;
  }
};

}  // namespace detail

template <expression Loss, expression... Wrt, class... V>
gradient_check check_gradients(const gradient_check_options& options, Loss loss, wrt_t<Wrt...>,
                               const binding<V>&... bindings) {
  constexpr auto grads = grad(loss, Wrt{}...);
  auto program = compile(loss, grads);
  detail::bound_copies copies;
  std::vector<std::string_view> names;
  auto rebind = [&]<class Value>(const binding<Value>& b) {
    if constexpr (!std::is_arithmetic_v<Value>) names.push_back(b.name);
    return copies.copy(b);
  };
  workspace<decltype(program), double> ws;
  ws.bind_if_used(rebind(bindings)...);  // one set of bindings may serve several losses
  ws.run();

  gradient_check report;
  grads.for_each([&](auto leaf, auto gradient) {
    detail::matrix_t<double>* w = copies.find(decltype(leaf)::name, names);
    if (!w)
      throw std::invalid_argument("check_gradients: bind '" + std::string(decltype(leaf)::name) +
                                  "'");
    ws.run();
    const detail::matrix_t<double> analytic = ws[gradient];
    for (Eigen::Index j = 0; j < w->cols(); ++j)
      for (Eigen::Index i = 0; i < w->rows(); ++i) {
        const double saved = (*w)(i, j);
        const double h = options.step * std::max(1.0, std::abs(saved));
        (*w)(i, j) = saved + h;
        ws.run();
        const double up = ws[loss](0, 0);
        (*w)(i, j) = saved - h;
        ws.run();
        const double down = ws[loss](0, 0);
        (*w)(i, j) = saved;
        const double numeric = (up - down) / (2 * h), a = analytic(i, j);
        const double error = std::abs(a - numeric) / (options.absolute_tolerance +
                                                      options.relative_tolerance *
                                                          std::max(std::abs(a), std::abs(numeric)));
        ++report.checked;
        report.worst_error = std::max(report.worst_error, error);
        if (!(error <= 1.0)) {
          report.ok = false;
          if (report.failures.size() < 20)
            report.failures.push_back(std::string(decltype(leaf)::name) + "[" + std::to_string(i) +
                                      ", " + std::to_string(j) + "]: analytic " +
                                      detail::number(a) + ", numeric " + detail::number(numeric));
        }
      }
  });
  return report;
}

template <expression Loss, expression... Wrt, class... V>
gradient_check check_gradients(Loss loss, wrt_t<Wrt...> w, const binding<V>&... bindings) {
  return check_gradients(gradient_check_options{}, loss, w, bindings...);
}

}  // namespace metagrad
