// Compile-fail cases beyond shapes, built as shape_errors.cpp is: a gradient asked through an op
// that has none (a comparison), and code generated for an op without an emission rule. Each must
// give exactly its one sentence; each corrected twin (-DFIXED) must compile.
#include <metagrad/codegen/cpp.hpp>
#include <metagrad/metagrad.hpp>

#include "wrong.hpp"

namespace mg = metagrad;

// A user's op, a^2, that the code generator has no rule for.
struct square_op : mg::unary_elementwise_op {
  static constexpr const char* name = "square";
  template <class S>
  static auto apply(mg::shape, const auto& a) {
    return a * a;
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self, G g, A a) {
    return mg::add(mg::mul(g, a), mg::mul(g, a));  // 2 a g
  }
};

int main() {
  constexpr auto x = mg::input<"x", mg::dyn, 784>;
  constexpr auto W = mg::param<"W", 784, 10>;
  constexpr auto t = mg::scalar<"t">;
  constexpr auto z = x * W;
#if defined(CASE_no_gradient)
  constexpr auto loss =
      mg::sum(WRONG(mg::greater(z, t), mg::where(mg::greater(z, t), z, mg::zeros_like(z))));
  auto program = mg::compile(loss, mg::grad(loss, W));
  Eigen::MatrixXf X(2, 784), w(784, 10);
  auto ws = program.workspace(x = X, W = w, t = 0.0);
  ws.run();
#elif defined(CASE_codegen_rule)
  constexpr auto loss = mg::sum(WRONG(mg::make<square_op>(z), mg::exp(z)));
  const auto files = mg::codegen::emit_cpp(loss, mg::grad(loss, W), "model", "op_errors.cpp");
  (void)files;
#endif
  return 0;
}
