#include "torch.hpp"

#include <torch/torch.h>

namespace bench {

namespace {

torch::Tensor from(const matrix& m) {  // column-major Eigen -> row-major tensor, copied
  const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r = m;
  return torch::from_blob(const_cast<float*>(r.data()), {r.rows(), r.cols()}, torch::kFloat32)
      .clone();
}

torch::Tensor from(const sparse_rows& x) {
  std::vector<int64_t> rows, cols;
  std::vector<float> values;
  for (Eigen::Index r = 0; r < x.outerSize(); ++r)
    for (sparse_rows::InnerIterator it(x, r); it; ++it)
      rows.push_back(r), cols.push_back(it.index()), values.push_back(it.value());
  const auto n = int64_t(values.size());
  auto index = torch::stack({torch::tensor(rows), torch::tensor(cols)});
  auto v = torch::from_blob(values.data(), {n}, torch::kFloat32).clone();
  return torch::sparse_coo_tensor(index, v, {x.rows(), x.cols()}).coalesce();
}

}  // namespace

struct torch_step::state {
  bool focal, sparse;
  torch::Tensor x, y;
  std::vector<torch::Tensor> W, b;
};

torch_step::torch_step(const problem& p, int threads) : s_(std::make_unique<state>()) {
  torch::set_num_threads(threads);
  s_->focal = p.c.kind == loss::focal;
  s_->sparse = p.c.sparse();
  s_->x = s_->sparse ? from(p.xs) : from(p.x);
  s_->y = from(p.y);
  for (std::size_t l = 0; l < p.W.size(); ++l) {
    s_->W.push_back(from(p.W[l]).requires_grad_(true));
    s_->b.push_back(from(p.b[l]).reshape({-1}).requires_grad_(true));
  }
}

torch_step::~torch_step() = default;

float torch_step::step() {
  auto& s = *s_;
  torch::Tensor a = torch::mm(s.x, s.W[0]) + s.b[0];
  for (std::size_t l = 1; l < s.W.size(); ++l) a = torch::mm(torch::relu(a), s.W[l]) + s.b[l];
  torch::Tensor loss;
  if (s.focal) {  // torchvision.ops.sigmoid_focal_loss, reduction "mean"
    const auto p = torch::sigmoid(a);
    const auto ce = torch::binary_cross_entropy_with_logits(a, s.y, {}, {}, at::Reduction::None);
    const auto p_t = p * s.y + (1 - p) * (1 - s.y);
    auto l = ce * (1 - p_t).pow(focal_gamma);
    l = (focal_alpha * s.y + (1 - focal_alpha) * (1 - s.y)) * l;
    loss = l.mean();
  } else {
    loss = torch::binary_cross_entropy_with_logits(a, s.y);
  }
  loss.backward();
  {
    torch::NoGradGuard no_grad;
    for (auto* params : {&s.W, &s.b})
      for (auto& w : *params) {
        w.sub_(w.grad(), learning_rate);
        w.mutable_grad() = torch::Tensor();  // set_to_none, PyTorch's default
      }
  }
  return loss.item<float>();
}

}  // namespace bench
