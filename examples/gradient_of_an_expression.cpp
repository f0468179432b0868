// First contact: write a logistic layer as an expression, let the compiler derive its gradient,
// run it on a small batch and print the loss and the gradients. Reads no data.
#include <metagrad/metagrad.hpp>

#include <iostream>

namespace mg = metagrad;

int main() try {
  constexpr auto x = mg::input<"x", mg::dyn, 3>;  // 3 features per sample, any batch
  constexpr auto y = mg::input<"y", mg::dyn, 2>;  // 2 labels per sample, 0 or 1
  constexpr auto W = mg::param<"W", 3, 2>;
  constexpr auto b = mg::param<"b", 1, 2>;

  constexpr auto loss = mg::mean(mg::bce_with_logits(x * W + b, y));
  constexpr auto grads = mg::grad(loss, W, b);  // derived at compile time
  auto program = mg::compile(loss, grads);

  Eigen::MatrixXf X(4, 3), Y(4, 2), Wv(3, 2), bv(1, 2);
  X << 1, 0, 2, 0, 1, 1, 3, 1, 0, 1, 2, 1;
  Y << 1, 0, 0, 1, 1, 1, 0, 0;
  Wv << 0.1f, -0.2f, 0.3f, 0.1f, -0.1f, 0.2f;
  bv << 0.0f, 0.1f;

  auto ws = program.workspace(x = X, y = Y, W = Wv, b = bv);
  ws.run();
  std::cout << "loss = " << ws[loss](0, 0) << "\n\n"
            << "d loss / d W =\n"
            << ws[grads[W]] << "\n\n"
            << "d loss / d b =\n"
            << ws[grads[b]] << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "gradient_of_an_expression: " << e.what() << "\n";
  return 1;
}
