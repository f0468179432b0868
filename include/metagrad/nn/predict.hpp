// predict_proba and evaluate for any multilabel_model: the prediction graph (dropout removed) run
// over the rows in chunks through one workspace, on the given threads; evaluate scores the
// predictions at thresholds (one for all labels, or one per label) with metrics/scores.hpp.
#pragma once

#include "metagrad/exec/threads.hpp"
#include "metagrad/metrics/scores.hpp"
#include "metagrad/metrics/thresholds.hpp"
#include "metagrad/nn/batch_rows.hpp"
#include "metagrad/nn/dataset.hpp"
#include "metagrad/nn/multilabel_model.hpp"

#include <boost/hana/unpack.hpp>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace metagrad::nn {

// The probability of every label for every row of `d`.
template <class Logits, class UserLoss, class Store>
Eigen::MatrixXf predict_proba(multilabel_model<Logits, UserLoss>, const Store& store,
                              const dataset& d, int threads = exec::default_threads()) {
  using model = multilabel_model<Logits, UserLoss>;
  if (store.empty()) throw std::invalid_argument("predict_proba: the model has no parameters yet");
  workspace<typename model::predict_program, float> ws(threads);
  boost::hana::unpack(store.bindings(), [&](auto... p) { ws.bind(p...); });
  std::vector<Eigen::Index> index(std::size_t(std::max<Eigen::Index>(d.rows(), 0)));
  std::iota(index.begin(), index.end(), Eigen::Index(0));
  detail::input_batches batch;
  Eigen::MatrixXf out;
  const std::size_t chunk = 2048;
  for (std::size_t begin = 0; begin < index.size(); begin += chunk) {
    const std::size_t end = std::min(index.size(), begin + chunk);
    batch.bind(ws, d, index, begin, end);
    ws.run();
    const auto p = ws[model::probabilities];
    if (begin == 0) out.resize(Eigen::Index(index.size()), p.cols());
    out.middleRows(Eigen::Index(begin), Eigen::Index(end - begin)) = p;
  }
  return out;
}

// The multi-label scores of the model on `d` (which has labels), each label predicted where its
// probability reaches its threshold.
template <class Logits, class UserLoss, class Store>
metrics::scores evaluate(multilabel_model<Logits, UserLoss> m, const Store& store, const dataset& d,
                         const std::vector<double>& thresholds,
                         int threads = exec::default_threads()) {
  const Eigen::MatrixXf p = predict_proba(m, store, d, threads);
  if (thresholds.size() != std::size_t(p.cols()))
    throw std::invalid_argument("evaluate: " + std::to_string(thresholds.size()) +
                                " thresholds for " + std::to_string(p.cols()) + " labels");
  return metrics::score_predictions(d.labels(), metrics::threshold_scores(p, thresholds));
}

template <class Logits, class UserLoss, class Store>
metrics::scores evaluate(multilabel_model<Logits, UserLoss> m, const Store& store, const dataset& d,
                         double threshold = 0.5, int threads = exec::default_threads()) {
  return evaluate(m, store, d, std::vector<double>(std::size_t(d.labels().cols()), threshold),
                  threads);
}

}  // namespace metagrad::nn
