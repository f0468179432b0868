// Every optimizer against PyTorch's update rules in float64 (../shared/reference/optimizers.json):
// a fixed sequence of gradients, a quadratic whose gradient depends on the weights, and Adam's lazy
// rows (SparseAdam), every step compared.
#include <metagrad/nn/optimizers.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/reference.hpp"

namespace nn = metagrad::nn;
namespace ref = metagrad::testing;
using matrix = Eigen::MatrixXd;

namespace {

// PyTorch's options as ours (PyTorch's defaults where a case leaves one out).
nn::optimizer_options options_of(const std::string& name, const nlohmann::json& o) {
  nn::optimizer_options out;
  out.kind = nn::parse_optimizer(name == "sparse_adam" ? "adam" : name);
  const auto get = [&](const char* key, double fallback) {
    return o.contains(key) ? o[key].get<double>() : fallback;
  };
  out.learning_rate = get("lr", 1e-3);
  out.momentum = get("momentum", 0), out.nesterov = o.value("nesterov", false);
  out.beta1 = get("beta1", 0.9), out.beta2 = get("beta2", 0.999);
  out.epsilon = get("eps", -1);
  out.alpha = get("alpha", 0.99);
  out.lr_decay = get("lr_decay", 0), out.initial_accumulator = get("initial_accumulator_value", 0);
  out.weight_decay = get("weight_decay", name == "adamw" ? 1e-2 : 0);
  return out;
}

// The weights after each step as PyTorch's rule makes them; `gradient(step, w)` gives the step's
// gradient and, for lazy rows, the rows it touches.
// `exact`: also to 1e-9 relative, where the rule is PyTorch's to the letter. (SparseAdam adds eps
// to sqrt(v) where Adam, and our lazy rows, add it to sqrt(v / (1 - beta2^t)): a difference of eps
// times a bias factor, 1e-10 here, inside the 1e-5.)
template <class Gradient>
void follow(const nlohmann::json& c, Gradient gradient, bool exact = true) {
  nn::optimizer<double> opt(options_of(c["optimizer"], c["options"]));
  matrix w = ref::matrix(c["w0"]);
  const auto i = opt.add(w.rows(), w.cols());
  for (std::size_t step = 0; step < c["after_each_step"].size(); ++step) {
    std::vector<int> rows;
    const matrix g = gradient(step, w, rows);
    opt.next_step();
    opt.update(i, w, g, rows.empty() ? nullptr : &rows);
    const matrix want = ref::matrix(c["after_each_step"][step]);
    for (Eigen::Index k = 0; k < w.size(); ++k) {
      INFO(c["optimizer"] << " " << c["options"].dump() << " " << c["kind"] << ", step " << step + 1
                          << ", weight " << k << ": " << w(k) << " against " << want(k));
      CHECK(ref::close<float>(w(k), want(k)));  // 1e-5 relative (the bound)
      if (exact) CHECK(ref::close<double>(w(k), want(k)));
    }
  }
}

}  // namespace

TEST_CASE("every optimizer follows PyTorch's update rule step by step", "[optimizers]") {
  const auto cases = ref::load_reference("optimizers.json")["cases"];
  int given = 0, quadratic = 0, lazy = 0;
  for (const auto& c : cases) {
    const std::string kind = c["kind"];
    if (kind == "given") {
      ++given;
      follow(c, [&](std::size_t step, const matrix&, std::vector<int>&) {
        return ref::matrix(c["gradients"][step]);
      });
    } else if (kind == "quadratic") {  // gradient = A (w - c)
      ++quadratic;
      const matrix a = ref::matrix(c["A"]), centre = ref::matrix(c["c"]);
      follow(c, [&](std::size_t, const matrix& w, std::vector<int>&) {
        return matrix(a * (w - centre));
      });
    } else {  // SparseAdam: only the step's rows move
      ++lazy;
      follow(
          c,
          [&](std::size_t step, const matrix&, std::vector<int>& rows) {
            rows = c["steps"][step]["rows"].get<std::vector<int>>();
            return ref::matrix(c["steps"][step]["gradient"]);
          },
          false);
    }
  }
  CHECK(given == 12);
  CHECK(quadratic == 12);
  CHECK(lazy == 1);
}
