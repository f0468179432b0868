// Bad bindings throw a sentence naming the leaf and both shapes (the text is part of the API).
#include <metagrad/metagrad.hpp>

#include <catch2/catch.hpp>

namespace mg = metagrad;

namespace {
constexpr auto x = mg::input<"x", mg::dyn, 784>;
constexpr auto W1 = mg::param<"W1", 784, 512>;
constexpr auto W2 = mg::param<"W2">;  // sizes decided by the data
constexpr auto out = mg::relu(x * W1) * W2;
}  // namespace

TEST_CASE("a parameter bound with the wrong shape names the leaf and both shapes", "[errors]") {
  auto program = mg::compile(out);
  mg::workspace<decltype(program), float> ws;
  const Eigen::MatrixXf wrong(300, 512);
  CHECK_THROWS_WITH(ws.bind(W1 = wrong), "W1: bound 300 x 512, expected 784 x 512");
}

TEST_CASE("an input with a wrong fixed size names the dyn side as ?", "[errors]") {
  auto program = mg::compile(out);
  mg::workspace<decltype(program), float> ws;
  const Eigen::MatrixXf wrong(32, 783);
  CHECK_THROWS_WITH(ws.bind(x = wrong), "x: bound 32 x 783, expected ? x 784");
}

TEST_CASE("running with a leaf left unbound names the leaf and its shape", "[errors]") {
  auto program = mg::compile(out);
  const Eigen::MatrixXf X(4, 784), w1(784, 512);
  auto ws = program.workspace(x = X, W1 = w1);
  CHECK_THROWS_WITH(ws.run(), "run: param 'W2' (? x ?) is not bound");
}

TEST_CASE("sizes that only the data reveals are checked by the op's shape rule", "[errors]") {
  auto program = mg::compile(out);
  const Eigen::MatrixXf X(4, 784), w1(784, 512), w2(500, 10);
  // The workspace plans as soon as every leaf is bound, so the error comes at its creation.
  CHECK_THROWS_WITH(program.workspace(x = X, W1 = w1, W2 = w2),
                    "matmul(a, b): a.cols must equal b.rows (512 vs 500)");
}

TEST_CASE("binding a name the program does not have is refused", "[errors]") {
  auto program = mg::compile(out);
  mg::workspace<decltype(program), float> ws;
  const Eigen::MatrixXf m(2, 2);
  constexpr auto typo = mg::input<"X">;
  CHECK_THROWS_WITH(ws.bind(typo = m), "bind: this program has no leaf named 'X'");
  CHECK_NOTHROW(ws.bind_if_used(typo = m));
}

TEST_CASE("a matrix bound to a scalar leaf is refused", "[errors]") {
  constexpr auto s = mg::scalar<"s">;
  auto program = mg::compile(mg::scale(x, s));
  mg::workspace<decltype(program), float> ws;
  const Eigen::MatrixXf m(1, 1);
  CHECK_THROWS_WITH(ws.bind(s = m), "bind: scalar 's' takes a number");
}
