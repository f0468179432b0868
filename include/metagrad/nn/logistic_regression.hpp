// logistic_regression: one-vs-rest L2-regularized logistic regression on sparse rows, solved to
// convergence, every label at once.
//
// Per label j: minimize  sum_i softplus(z_ij) - y_ij z_ij  +  |w_j|^2 / (2 C),  z_ij = x_i w_j +
// b_j (scikit-learn's C; the bias is not penalized). The solver starts from zero: the objective is
// strictly convex, but the answer is exact only to the stopping tolerance, and a start that has
// seen other rows carries them in the directions of rare features, where the gradient is small
// (measured: warm-starting each cross-fitting fold from the previous fold's weights raised the
// out-of-fold micro-F1 on the movies from 0.927 to 0.939 while the test's fell). Why a second
// model: a network trained by Adam with early stopping and a converged convex model rank the same
// rows differently, and their average beats both (measured in genre_classifier.cpp, where it is
// used); a linear model trained by Adam is not this model — its per-weight steps let rare features
// dominate, and it stops long before the optimum.
//
// Solver: truncated Newton, as LIBLINEAR's (Lin, Weng and Keerthi, "Trust region Newton method for
// large-scale logistic regression", JMLR 2008) but with a backtracking line search instead of a
// trust region: each Newton step solves H s = -g by conjugate gradients on Hessian-vector
// products H v = X^T (D (X v)) + v / C, D = p (1 - p), so the Hessian is never formed. The labels
// still moving advance together, one column of X W^T per label, so that each pass over the sparse
// rows serves every one of them (the passes are the cost) and none other; each label has its own
// CG scalars, stopping rule and step length. The sparse products are exec's kernels, which sum
// every element on one thread in a fixed order: results do not depend on the thread count.
#pragma once

#include "metagrad/data/text_vectorizer.hpp"
#include "metagrad/exec/sparse_kernels.hpp"
#include "metagrad/exec/threads.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace metagrad::nn {

struct logistic_options {
  double c = 10;  // inverse regularization strength (scikit-learn's C)
  // Newton stops for a label when its gradient's norm falls below this fraction of the norm at
  // w = 0 (LIBLINEAR's rule and default, without its scaling by the smaller class's share of the
  // rows, which would make a rare label's fit take many times the passes).
  double tolerance = 0.01;
  int max_newton = 50;
  int max_cg = 100;  // conjugate-gradient steps per Newton step
  int threads = 1;
};

struct logistic_model {
  Eigen::MatrixXf w;     // labels x features: one column per feature, as W1 of mlp_classifier
  Eigen::RowVectorXf b;  // one bias per label
};

namespace detail {

using rows_matrix = Eigen::MatrixXf;  // rows x labels

// A compressed sparse matrix as exec's kernels read it.
inline exec::sparse_view<float> view_of(const data::sparse_rows& m) {
  if (!m.isCompressed())
    throw std::invalid_argument(
        "logistic regression: the rows must be compressed (makeCompressed)");
  return {m.rows(), m.cols(), m.outerIndexPtr(), m.innerIndexPtr(), m.valuePtr()};
}

// out (a.rows x b.rows) = a b^T, b contiguous per column of a (one column per feature); scratch:
// threads x sparse_row_block x b.rows scalars.
inline void gather(Eigen::MatrixXf& out, const exec::sparse_view<float>& a,
                   const Eigen::MatrixXf& b, int threads, float* scratch) {
  out.resize(a.rows, b.rows());
  const Eigen::Map<const Eigen::ArrayXXf> ba(b.data(), b.rows(), b.cols());  // as the kernel reads
  auto oa = out.array();
  exec::sparse_times_transposed(oa, a, ba.transpose(), threads, scratch,
                                exec::sparse_row_block * b.rows());
}

// The sparse products the solver makes, with their scratch space. Both gather: x v^T row by row
// of x, and e^T x row by row of x's transpose (made once), so that both split among threads by
// output rows and every element is summed by one thread in a fixed order.
class logistic_products {
 public:
  logistic_products(const data::sparse_rows& x, Eigen::Index labels, int threads)
      : xt_(x.transpose()),
        xt_squares_(Eigen::Map<const Eigen::ArrayXf>(xt_.valuePtr(), xt_.nonZeros()).square()),
        x_{view_of(x)},
        xt_view_{view_of(xt_)},
        xt_squares_view_{xt_view_.rows, xt_view_.cols, xt_view_.outer, xt_view_.inner,
                         xt_squares_.data()},
        threads_(threads),
        scratch_(std::size_t(threads * exec::sparse_row_block * labels)) {}

  // z = x v^T + 1 c  (rows x labels)
  void scores(rows_matrix& z, const Eigen::MatrixXf& v, const Eigen::RowVectorXf& c) const {
    gather(z, x_, v, threads_, scratch_.data());
    z.rowwise() += c;
  }
  // out = e^T x + lambda v (labels x features), out_b = column sums of e
  void gradient(Eigen::MatrixXf& out, Eigen::RowVectorXf& out_b, const rows_matrix& e,
                const Eigen::MatrixXf& v, float lambda) const {
    et_ = e.transpose();
    gather(by_feature_, xt_view_, et_, threads_, scratch_.data());
    out = by_feature_.transpose() + lambda * v;
    out_b = e.colwise().sum();
  }
  // The Hessian's diagonal: out = d^T (x * x) + lambda (labels x features), out_b = sums of d
  void hessian_diagonal(Eigen::MatrixXf& out, Eigen::RowVectorXf& out_b, const rows_matrix& d,
                        float lambda) const {
    et_ = d.transpose();
    gather(by_feature_, xt_squares_view_, et_, threads_, scratch_.data());
    out = by_feature_.transpose().array() + lambda;
    out_b = d.colwise().sum();
  }

 private:
  data::sparse_rows xt_;       // features x rows
  Eigen::ArrayXf xt_squares_;  // its values squared
  exec::sparse_view<float> x_, xt_view_, xt_squares_view_;
  int threads_;
  mutable Eigen::MatrixXf et_, by_feature_;
  mutable std::vector<float> scratch_;
};

// sum_i softplus(z_ij) - y_ij z_ij per label, in double.
inline Eigen::RowVectorXd log_losses(const rows_matrix& z, const rows_matrix& y) {
  const Eigen::ArrayXXd zd = z.cast<double>().array();
  const Eigen::ArrayXXd softplus = zd.max(0.0) + (-zd.abs()).exp().log1p();
  return (softplus - y.cast<double>().array() * zd).colwise().sum();
}

// The dot product of each row of a with the same row of b (a column at a time: the matrices are
// column-major, labels x features).
inline Eigen::RowVectorXf row_dots(const Eigen::MatrixXf& a, const Eigen::MatrixXf& b) {
  Eigen::VectorXf sum = Eigen::VectorXf::Zero(a.rows());
  for (Eigen::Index f = 0; f < a.cols(); ++f) sum += a.col(f).cwiseProduct(b.col(f));
  return sum.transpose();
}

// The positions whose mask is true, ascending.
inline std::vector<Eigen::Index> positions_of(const Eigen::Array<bool, 1, Eigen::Dynamic>& mask) {
  std::vector<Eigen::Index> kept;
  for (Eigen::Index j = 0; j < mask.size(); ++j)
    if (mask(j)) kept.push_back(j);
  return kept;
}

// 0, 1, ..., n - 1.
inline std::vector<Eigen::Index> positions_below(Eigen::Index n) {
  std::vector<Eigen::Index> all(static_cast<std::size_t>(n));
  for (std::size_t k = 0; k < all.size(); ++k) all[k] = Eigen::Index(k);
  return all;
}

// The elements of v at `positions`.
inline std::vector<Eigen::Index> pick(const std::vector<Eigen::Index>& v,
                                      const std::vector<Eigen::Index>& positions) {
  std::vector<Eigen::Index> out;
  for (Eigen::Index k : positions) out.push_back(v[std::size_t(k)]);
  return out;
}

// The Newton step (s, sb) of each label, one row each, from its gradient (g, gb), its Hessian's
// weights d (one column per label) and its gradient's norm: preconditioned conjugate gradients on
// H s = -g, per label, until |r| <= 0.1 |g| (inexact Newton). The preconditioner mixes the
// identity with the Hessian's diagonal, 0.99 I + 0.01 diag(H), as LIBLINEAR does (Hsia, Chiang
// and Lin, "Preconditioned conjugate gradient methods in truncated Newton frameworks for
// large-scale linear classification", ACML 2018): features seen in many rows have far more
// curvature than rare ones. Only the labels still solving take part: their state is compacted as
// labels finish (on movies_masked a quarter of the labels were still solving at an average step,
// and full-width passes over the rows did the rest's work for nothing).
inline void newton_direction(const logistic_products& products, const Eigen::MatrixXf& g,
                             const Eigen::RowVectorXf& gb, rows_matrix d,
                             const Eigen::RowVectorXf& norm, float lambda, int max_cg,
                             Eigen::MatrixXf& s_out, Eigen::RowVectorXf& sb_out) {
  s_out.setZero(g.rows(), g.cols());
  sb_out.setZero(g.rows());
  std::vector<Eigen::Index> rows = positions_below(g.rows());  // the row of s_out of each row
  Eigen::MatrixXf pre, r = -g;
  Eigen::RowVectorXf preb, rb = -gb, stop = 0.1f * norm;
  products.hessian_diagonal(pre, preb, d, lambda);
  pre = (0.99f + 0.01f * pre.array()).inverse().matrix();
  preb = (0.99f + 0.01f * preb.array()).inverse().matrix();
  Eigen::MatrixXf s = Eigen::MatrixXf::Zero(r.rows(), r.cols()), dir = r.cwiseProduct(pre), q,
                  z_next;
  Eigen::RowVectorXf sb = Eigen::RowVectorXf::Zero(r.rows()), db = rb.cwiseProduct(preb), qb;
  Eigen::RowVectorXf rz = row_dots(r, dir) + rb.cwiseProduct(db);
  rows_matrix zd;
  const auto finish = [&](Eigen::Index row) {
    s_out.row(rows[std::size_t(row)]) = s.row(row), sb_out(rows[std::size_t(row)]) = sb(row);
  };
  for (int k = 0; k < max_cg && !rows.empty(); ++k) {
    products.scores(zd, dir, db);
    zd = zd.cwiseProduct(d);
    products.gradient(q, qb, zd, dir, lambda);
    const Eigen::RowVectorXf curvature = row_dots(dir, q) + db.cwiseProduct(qb);
    const Eigen::RowVectorXf alpha =
        (curvature.array() > 0).select(rz.array() / curvature.array(), 0.0f).matrix();
    s += alpha.asDiagonal() * dir, sb += alpha.cwiseProduct(db);
    r -= alpha.asDiagonal() * q, rb -= alpha.cwiseProduct(qb);
    const Eigen::RowVectorXf rr = row_dots(r, r) + rb.cwiseAbs2();
    z_next = r.cwiseProduct(pre);
    const Eigen::RowVectorXf zb_next = rb.cwiseProduct(preb);
    const Eigen::RowVectorXf rz_next = row_dots(r, z_next) + rb.cwiseProduct(zb_next);
    const Eigen::Array<bool, 1, Eigen::Dynamic> solving =
        (curvature.array() > 0) && (rr.array().sqrt() > stop.array());
    const Eigen::RowVectorXf beta = solving.select(rz_next.array() / rz.array(), 0.0f).matrix();
    dir = z_next + beta.asDiagonal() * dir, db = zb_next + beta.cwiseProduct(db);
    rz = rz_next;
    if (solving.all()) continue;
    // Finished labels hand over their steps and leave the state.
    for (Eigen::Index row = 0; row < solving.size(); ++row)
      if (!solving(row)) finish(row);
    const std::vector<Eigen::Index> kept = positions_of(solving);
    rows = pick(rows, kept);
    d = d(Eigen::all, kept).eval();
    for (Eigen::MatrixXf* m : {&s, &r, &dir, &pre}) *m = (*m)(kept, Eigen::all).eval();
    for (Eigen::RowVectorXf* v : {&sb, &rb, &db, &preb, &rz, &stop}) *v = (*v)(kept).eval();
  }
  for (Eigen::Index row = 0; row < Eigen::Index(rows.size()); ++row) finish(row);
}

}  // namespace detail

// Fits the model on (x, y): y holds 0 / 1 per row and label.
inline logistic_model fit_logistic(const data::sparse_rows& x, const Eigen::MatrixXf& y,
                                   const logistic_options& o) {
  if (x.rows() != y.rows())
    throw std::invalid_argument("fit_logistic: " + std::to_string(x.rows()) +
                                " rows of features, " + std::to_string(y.rows()) + " of labels");
  if (!(o.c > 0)) throw std::invalid_argument("fit_logistic: C must be positive");
  const Eigen::Index labels = y.cols(), features = x.cols();
  const float lambda = float(1 / o.c);
  if (!std::isfinite(lambda))
    throw std::invalid_argument("fit_logistic: C is too small (1 / C overflows a float)");
  const detail::logistic_products products(x, labels, o.threads);
  logistic_model m{Eigen::MatrixXf::Zero(labels, features), Eigen::RowVectorXf::Zero(labels)};
  // The reference gradient norm, at w = 0 (p = 1/2 everywhere).
  Eigen::MatrixXf g;
  Eigen::RowVectorXf gb;
  {
    const detail::rows_matrix e = (0.5f - y.array()).matrix();
    products.gradient(g, gb, e, Eigen::MatrixXf::Zero(labels, features), 0);
  }
  const Eigen::RowVectorXf reference = (detail::row_dots(g, g) + gb.cwiseAbs2()).cwiseSqrt();

  // Newton steps for the labels still descending (`live`; the matrices below hold them alone,
  // one row or column each): a label leaves once its gradient is small, or when no step along
  // its direction descends in float; its weights, and so its gradient, no longer change.
  std::vector<Eigen::Index> live = detail::positions_below(labels);
  detail::rows_matrix z, y_live, zd;  // z: every label's scores
  Eigen::MatrixXf w, s;
  Eigen::RowVectorXf sb;
  products.scores(z, m.w, m.b);
  for (int newton = 0; newton < o.max_newton && !live.empty(); ++newton) {
    y_live = y(Eigen::all, live);
    const detail::rows_matrix p = (1 + (-z(Eigen::all, live).array()).exp()).inverse().matrix();
    w = m.w(live, Eigen::all);
    products.gradient(g, gb, p - y_live, w, lambda);
    const Eigen::RowVectorXf norm = (detail::row_dots(g, g) + gb.cwiseAbs2()).cwiseSqrt();
    const std::vector<Eigen::Index> active =
        detail::positions_of(norm.array() > float(o.tolerance) * reference(live).array());
    if (active.empty()) break;
    if (active.size() < live.size()) {
      live = detail::pick(live, active);
      y_live = y_live(Eigen::all, active).eval();
      g = g(active, Eigen::all).eval(), w = w(active, Eigen::all).eval();
      gb = gb(active).eval();
    }
    detail::newton_direction(products, g, gb, (p.array() * (1 - p.array()))(Eigen::all, active),
                             norm(active), lambda, o.max_cg, s, sb);

    // Backtracking (Armijo) along s, per label: the scores move along x s^T + sb, so each trial
    // costs no pass over the rows.
    products.scores(zd, s, sb);
    const detail::rows_matrix z_live = z(Eigen::all, live);
    const Eigen::RowVectorXd w2 = detail::row_dots(w, w).cast<double>(),
                             ws = detail::row_dots(w, s).cast<double>(),
                             s2 = detail::row_dots(s, s).cast<double>();
    const Eigen::RowVectorXd slope = (detail::row_dots(g, s) + gb.cwiseProduct(sb)).cast<double>();
    const Eigen::RowVectorXd f0 = detail::log_losses(z_live, y_live) + lambda / 2 * w2;
    Eigen::VectorXf step = Eigen::VectorXf::Zero(Eigen::Index(live.size()));
    for (Eigen::Index k = 0; k < step.size(); ++k) {
      if (!(slope(k) < 0)) continue;
      for (double t = 1; t > 1e-6; t /= 2) {
        const detail::rows_matrix zt = z_live.col(k) + float(t) * zd.col(k);
        const double f = detail::log_losses(zt, y_live.col(k))(0) +
                         lambda / 2 * (w2(k) + 2 * t * ws(k) + t * t * s2(k));
        if (f <= f0(k) + 1e-4 * t * slope(k)) {
          step(k) = float(t);
          break;
        }
      }
    }
    m.w(live, Eigen::all) = w + step.asDiagonal() * s;
    m.b(live) += step.transpose().cwiseProduct(sb);
    z(Eigen::all, live) = z_live + zd * step.asDiagonal();
    live = detail::pick(live, detail::positions_of(step.transpose().array() > 0));
  }
  return m;
}

// The model's probabilities for the rows of x (rows x labels).
inline Eigen::MatrixXf logistic_probabilities(const logistic_model& m, const data::sparse_rows& x,
                                              int threads) {
  detail::rows_matrix z;
  std::vector<float> scratch(std::size_t(threads * exec::sparse_row_block * m.w.rows()));
  detail::gather(z, detail::view_of(x), m.w, threads, scratch.data());
  z.rowwise() += m.b;
  return (1 + (-z.array()).exp()).inverse().matrix();
}

}  // namespace metagrad::nn
