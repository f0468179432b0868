// predict_probabilities: an mlp_classifier's probabilities for every row of dense or sparse
// features, computed by its compiled prediction program in chunks of rows.
#pragma once

#include "metagrad/data/text_vectorizer.hpp"
#include "metagrad/exec/threads.hpp"
#include "metagrad/nn/batch_rows.hpp"
#include "metagrad/nn/mlp_classifier.hpp"
#include "metagrad/nn/parameters.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <numeric>
#include <type_traits>
#include <vector>

namespace metagrad::nn {

template <class Features>
inline constexpr bool is_sparse_features = std::is_same_v<Features, data::sparse_rows>;

// Probabilities for every row of x, computed in chunks.
template <class Features>
matrix predict_probabilities(const parameters& p, const Features& x,
                             int threads = exec::default_threads()) {
  constexpr bool sparse = is_sparse_features<Features>;
  using model = mlp_classifier<sparse>;
  workspace<typename model::predict_program, float> ws(threads);
  matrix out(x.rows(), p.W2.cols());
  std::vector<Eigen::Index> index(std::size_t(x.rows()));
  std::iota(index.begin(), index.end(), Eigen::Index(0));
  detail::sparse_batch sb;
  matrix dense;
  const std::size_t chunk = 2048;
  for (std::size_t begin = 0; begin < index.size(); begin += chunk) {
    const std::size_t end = std::min(index.size(), begin + chunk);
    if constexpr (sparse) {
      const auto view = sb.gather(x, index, begin, end);
      ws.bind(model::x = view, model::W1 = p.W1, model::b1 = p.b1, model::W2 = p.W2,
              model::b2 = p.b2);
    } else {
      detail::gather_rows(dense, x, index, begin, end);
      ws.bind(model::x = dense, model::W1 = p.W1, model::b1 = p.b1, model::W2 = p.W2,
              model::b2 = p.b2);
    }
    ws.run();
    out.middleRows(Eigen::Index(begin), Eigen::Index(end - begin)) = ws[model::probabilities];
  }
  return out;
}

}  // namespace metagrad::nn
