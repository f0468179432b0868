// A translation unit for the user-loss compile-time probe: a model trained by nn::fit with the
// library's BCE, or with -DUSER_LOSS the asymmetric loss a user writes from primitives
// (examples/user_losses.hpp). bench/compile_time/user_loss.sh compiles both and prints the times.
#include <metagrad/metagrad.hpp>
#include <metagrad/nn/dense.hpp>
#include <metagrad/nn/fit.hpp>

namespace mg = metagrad;
namespace nn = metagrad::nn;

constexpr auto x = mg::input<"x">;
constexpr auto logits = nn::dense<"out", mg::dyn>(mg::relu(nn::dense<"h", 64>(x)));
#ifdef USER_LOSS
#include "user_losses.hpp"
constexpr auto model = nn::multilabel(logits, [](auto z, auto y) {
  return mg::mean(asymmetric_loss(z, y, mg::scalar<"gamma_pos">, mg::scalar<"gamma_neg">,
                                  mg::scalar<"margin">));
});
#else
constexpr auto model = nn::multilabel(logits);
#endif

int main() {
  Eigen::MatrixXf X = Eigen::MatrixXf::Random(64, 8),
                  Y = (Eigen::MatrixXf::Random(64, 3).array() > 0).cast<float>();
  decltype(model)::store store;
  nn::fit_options o;
  o.epochs = 1;
#ifdef USER_LOSS
  o.scalars = {{"gamma_pos", 0}, {"gamma_neg", 4}, {"margin", 0.05}};
#endif
  nn::fit(model, store, nn::dataset(x = X).with_labels(Y), o);
  return 0;
}
