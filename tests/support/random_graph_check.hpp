// check_graph<Root, Seed>(): the gradient checks of one random graph (see random_graph.hpp):
// central finite differences for every parameter element, and the adjoint identity
// <J v, w> = <v, J^T w> along a random direction v.
#pragma once

#include <metagrad/metagrad.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "support/random_graph.hpp"

namespace metagrad::testing::random_graph {

constexpr auto Wt = mg::input<"Wt", rows, cols>;  // w of the adjoint identity

struct data {
  std::mt19937 rng;
  Eigen::MatrixXd x, y, ones_c, ones_r, pw, p, q, a, b, c, w, wt;

  explicit data(unsigned seed) : rng(seed) {
    x = random(rows, cols), p = random(rows, cols), q = random(rows, cols);
    a = random(rows, rows) * 0.5, b = random(cols, cols) * 0.5;
    c = random(1, cols), w = random(rows, 1), wt = random(rows, cols);
    y = (random(rows, cols).array() * 0.5 + 0.5).matrix();  // soft targets in (0, 1)
    pw = (random(1, cols).array().abs() + 0.5).matrix();
    ones_c = Eigen::MatrixXd::Ones(rows, 1), ones_r = Eigen::MatrixXd::Ones(1, cols);
  }
  Eigen::MatrixXd random(int r, int cols_) {
    std::uniform_real_distribution<double> u(-1, 1);
    Eigen::MatrixXd m(r, cols_);
    for (Eigen::Index i = 0; i < m.size(); ++i) m(i) = u(rng);
    return m;
  }
};

// Checks one graph; returns how many gradients agreed with both oracles (0 or 1).
template <int Root, std::uint64_t Seed>
int check_graph() {
  constexpr auto f = graph<Root, Seed>();
  constexpr auto loss = mg::sum(mg::mul(Wt, f));  // <w, f(params)>
  data d(static_cast<unsigned>(Seed));
  INFO("graph with root op " << Root << ", seed " << Seed);

  const auto report = mg::check_gradients(
      loss, mg::wrt(P, Q, A, B, bias, weight), X = d.x, Y = d.y, ones_col = d.ones_c,
      ones_row = d.ones_r, pos_w = d.pw, P = d.p, Q = d.q, A = d.a, B = d.b, bias = d.c,
      weight = d.w, Wt = d.wt, s = 0.7, alpha = 0.25, gamma_ = 2.0);
  INFO(report.text());
  CHECK(report.ok);
  CHECK(report.checked == std::size_t(2 * rows * cols + rows * rows + cols * cols + cols + rows));

  // <v, J^T w> from the gradients; <J v, w> from f at p +- h v.
  constexpr auto g = mg::grad(loss, P, Q, A, B, bias, weight);
  auto program = mg::compile(loss, g);
  std::vector<Eigen::MatrixXd*> params{&d.p, &d.q, &d.a, &d.b, &d.c, &d.w};
  std::vector<Eigen::MatrixXd> v;
  for (auto* m : params) v.push_back(d.random(int(m->rows()), int(m->cols())));
  mg::workspace<decltype(program), double> ws;
  ws.bind_if_used(X = d.x, Y = d.y, ones_col = d.ones_c, ones_row = d.ones_r, pos_w = d.pw, P = d.p,
                  Q = d.q, A = d.a, B = d.b, bias = d.c, weight = d.w, Wt = d.wt, s = 0.7,
                  alpha = 0.25, gamma_ = 2.0);
  ws.run();
  const Eigen::MatrixXd grads[] = {ws[g[P]], ws[g[Q]],    ws[g[A]],
                                   ws[g[B]], ws[g[bias]], ws[g[weight]]};
  double adjoint = 0;
  for (std::size_t k = 0; k < params.size(); ++k)
    adjoint += (v[k].array() * grads[k].array()).sum();
  auto shifted = [&](double h) {
    for (std::size_t k = 0; k < params.size(); ++k) *params[k] += h * v[k];
    ws.run();
    const double value = ws[loss](0, 0);
    for (std::size_t k = 0; k < params.size(); ++k) *params[k] -= h * v[k];
    return value;
  };
  const double h = 1e-6, tangent = (shifted(h) - shifted(-h)) / (2 * h);
  INFO("<v, J^T w> = " << adjoint << ", <J v, w> = " << tangent);
  const bool identity = std::abs(adjoint - tangent) <= 1e-6 * (1 + std::abs(adjoint));
  CHECK(identity);
  return report.ok && identity ? 1 : 0;
}

// The number of graphs, one per root op, whose gradients pass both checks.
template <std::uint64_t Seed, int... Root>
int check_all(std::integer_sequence<int, Root...>) {
  return (check_graph<Root, mix(Seed + Root)>() + ...);
}

}  // namespace metagrad::testing::random_graph
