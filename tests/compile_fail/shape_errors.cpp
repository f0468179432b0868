// Compile-fail cases: each wrong shape must give exactly its one sentence. Built by CTest with
// -DCASE_<name> (must fail with the sentence) and with -DCASE_<name> -DFIXED (must compile).
// After the failing line the poisoned expression flows through grad, compile and run in silence.
#include <metagrad/metagrad.hpp>

#include "wrong.hpp"

namespace mg = metagrad;

int main() {
  constexpr auto x = mg::input<"x", mg::dyn, 784>;
  constexpr auto y = mg::input<"y", mg::dyn, 10>;
  constexpr auto W = mg::param<"W", 784, 10>;
  constexpr auto alpha = mg::scalar<"alpha">;
  constexpr auto gamma = mg::scalar<"gamma">;
  constexpr auto z = x * W;
#if defined(CASE_matmul)
  constexpr auto loss = mg::sum(x * mg::param<"V", WRONG(300, 784), 10>);
#elif defined(CASE_add_rows)
  constexpr auto loss = mg::sum(mg::param<"a", 3, 4> + mg::param<"b", WRONG(2, 3), 4>);
#elif defined(CASE_add_cols)
  constexpr auto loss = mg::sum(mg::param<"a", 3, 4> + mg::param<"b", 3, WRONG(5, 4)>);
#elif defined(CASE_bias)
  constexpr auto loss = mg::sum(z + mg::param<"b", 1, WRONG(32, 10)>);
#elif defined(CASE_sub)
  constexpr auto loss = mg::sum(z - mg::input<"c", mg::dyn, WRONG(9, 10)>);
#elif defined(CASE_mul)
  constexpr auto loss = mg::sum(mg::mul(mg::param<"a", 3, 4>, mg::param<"b", WRONG(4, 3), 4>));
#elif defined(CASE_bce)
  constexpr auto loss = mg::mean(mg::bce_with_logits(z, mg::input<"t", mg::dyn, WRONG(9, 10)>));
#elif defined(CASE_focal)
  constexpr auto loss =
      mg::mean(mg::focal_with_logits(z, mg::input<"t", mg::dyn, WRONG(11, 10)>, alpha, gamma));
#elif defined(CASE_softmax)
  constexpr auto loss =
      mg::mean(mg::softmax_cross_entropy(z, mg::input<"t", mg::dyn, WRONG(3, 10)>));
#elif defined(CASE_pos_weight)
  constexpr auto loss =
      mg::mean(mg::bce_with_logits(z, y, mg::pos_weight(mg::param<"p", 1, WRONG(9, 10)>)));
#elif defined(CASE_sample_weight)
  constexpr auto loss =
      mg::mean(mg::bce_with_logits(z, y, mg::sample_weight(mg::input<"w", mg::dyn, WRONG(2, 1)>)));
#elif defined(CASE_max)
  constexpr auto loss = mg::sum(mg::max(z, mg::input<"c", mg::dyn, WRONG(9, 10)>));
#elif defined(CASE_where)
  constexpr auto loss = mg::sum(mg::where(mg::input<"m", mg::dyn, WRONG(9, 10)>, z, z));
#elif defined(CASE_slice)
  constexpr auto loss = mg::sum(mg::slice<WRONG(8, 5), 5>(z));
#elif defined(CASE_loss)
  constexpr auto loss = WRONG(mg::sum(z, mg::per_column), mg::sum(z));
#endif
  constexpr auto grads = mg::grad(loss, W);
  auto program = mg::compile(loss, grads);
  Eigen::MatrixXf X(2, 784), Y(2, 10), w(784, 10);
  auto ws = program.workspace(x = X, y = Y, W = w);
  ws.run();
  return 0;
}
