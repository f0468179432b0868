// The model API's first layer: parameters found in the graph (params_of, grad without wrt), their
// sizes solved from the data's shapes, initial values by role, and the store that holds them —
// checked on models written with nn::dense and on the hand-written mlp_classifier.
#include <metagrad/io/parameter_store_file.hpp>
#include <metagrad/metagrad.hpp>
#include <metagrad/nn/dense.hpp>
#include <metagrad/nn/embedding_bag.hpp>
#include <metagrad/nn/initialize.hpp>
#include <metagrad/nn/mlp_classifier.hpp>
#include <metagrad/nn/optimizers.hpp>

#include <boost/hana/length.hpp>
#include <boost/hana/unpack.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace mg = metagrad;
namespace nn = metagrad::nn;
namespace hana = boost::hana;
using matrix = Eigen::MatrixXf;

namespace {

constexpr auto x = mg::input<"x">;
constexpr auto y = mg::input<"y">;
constexpr auto logits = nn::dense<"out", 3>(mg::relu(nn::dense<"hidden", 16>(x)));
constexpr auto loss = mg::mean(mg::bce_with_logits(logits, y));

template <class Tuple>
std::vector<std::string> names_of(Tuple t) {
  std::vector<std::string> out;
  hana::for_each(t, [&](auto p) { out.emplace_back(decltype(p)::name); });
  return out;
}

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("params_of finds a model's parameters in topological order", "[model]") {
  CHECK(names_of(mg::params_of(loss)) ==
        std::vector<std::string>{"hidden.W", "hidden.b", "out.W", "out.b"});
  using mlp = nn::mlp_classifier<true>;
  CHECK(names_of(mg::params_of(decltype(mlp::bce)::loss)) ==
        std::vector<std::string>{"W1", "b1", "W2", "b2"});
  STATIC_REQUIRE(decltype(hana::length(mg::params_of(mg::mean(x))))::value == 0);
}

TEST_CASE("grad(loss) with no wrt is the gradient for every parameter", "[model]") {
  using mlp = nn::mlp_classifier<true>;
  constexpr auto mlp_loss = decltype(mlp::bce)::loss;
  STATIC_REQUIRE(std::is_same_v<decltype(mg::grad(mlp_loss)),
                                decltype(mg::grad(mlp_loss, mlp::W1, mlp::b1, mlp::W2, mlp::b2))>);
  STATIC_REQUIRE(
      std::is_same_v<decltype(mg::grad(loss)),
                     decltype(mg::grad(loss, mg::param<"hidden.W", mg::dyn, 16>,
                                       mg::param<"hidden.b", 1, 16>, mg::param<"out.W", 16, 3>,
                                       mg::param<"out.b", 1, 3>))>);
}

TEST_CASE("parameter sizes come from the data's shapes", "[model]") {
  const auto sizes = nn::parameter_sizes({{"x", {5, 7}}, {"y", {5, 3}}}, loss);
  CHECK(sizes == std::vector<mg::shape>{{7, 16}, {1, 16}, {16, 3}, {1, 3}});
  // A sparse input's layer is feature-major; its size comes through the transpose.
  constexpr auto text = mg::sparse_input<"text">;
  const auto sparse = nn::parameter_sizes({{"text", {2, 9}}}, nn::dense<"h", 4>(text));
  CHECK(sparse == std::vector<mg::shape>{{4, 9}, {1, 4}});
  CHECK(nn::parameter_sizes({{"text", {2, 9}}}, nn::embedding_bag<"words", 5>(text)) ==
        std::vector<mg::shape>{{5, 9}});
  // A bias declared without sizes takes the columns it is added to.
  constexpr auto free_bias = mg::relu(x * mg::param<"W", mg::dyn, 6> + mg::param<"b">);
  CHECK(nn::parameter_sizes({{"x", {5, 2}}}, free_bias) == std::vector<mg::shape>{{2, 6}, {5, 6}});
}

TEST_CASE("an output layer of dyn units takes the labels' count through the loss", "[model]") {
  constexpr auto open_out = mg::mean(
      mg::bce_with_logits(nn::dense<"out", mg::dyn>(mg::relu(nn::dense<"hidden", 16>(x))), y));
  CHECK(nn::parameter_sizes({{"x", {5, 7}}, {"y", {5, 9}}}, open_out) ==
        std::vector<mg::shape>{{7, 16}, {1, 16}, {16, 9}, {1, 9}});
  // Two towers joined by concat: each sized from its own input.
  constexpr auto a = mg::input<"a">;
  constexpr auto joined =
      nn::dense<"out", 2>(mg::concat(nn::dense<"left", 3>(a), mg::relu(nn::dense<"right", 4>(x))));
  CHECK(nn::parameter_sizes({{"x", {5, 7}}, {"a", {5, 2}}}, joined) ==
        std::vector<mg::shape>{{2, 3}, {1, 3}, {7, 4}, {1, 4}, {7, 2}, {1, 2}});
}

TEST_CASE("a size the data cannot tell, or a conflicting one, is one sentence", "[model]") {
  static constexpr auto open = x * mg::param<"W">;
  CHECK(error_of([] {
          nn::parameter_sizes({{"x", {5, 7}}}, open);
        }) == "param 'W' (7 x ?): the data does not tell its size; give it in the size map");
  CHECK(nn::parameter_sizes({{"x", {5, 7}}, {"W", {7, 2}}}, open) ==
        std::vector<mg::shape>{{7, 2}});
  CHECK(error_of([] {
          nn::parameter_sizes({{"x", {5, 7}}, {"W", {3, 2}}}, open);
        }) ==
        "matmul of input 'x' (5 x 7) and param 'W' (3 x 2): matmul(a, b): a.cols must equal "
        "b.rows (7 vs 3)");
  CHECK(error_of([] {
          nn::parameter_sizes({{"x", {5, 7}}, {"out.W", {16, 4}}}, loss);
        }) == "param 'out.W' is declared 16 x 3 but given 16 x 4");
}

TEST_CASE("initial values follow each parameter's role, seeded", "[model]") {
  auto store = nn::make_parameter_store(loss);
  nn::initialize(store, {{"x", {8, 50}}, {"y", {8, 3}}}, {.seed = 7}, loss);
  const matrix& hidden = store[mg::param<"hidden.W", mg::dyn, 16>];
  REQUIRE(hidden.rows() == 50);
  REQUIRE(hidden.cols() == 16);
  // He for the relu layer, Glorot for the output layer: inside the limit and reaching near it.
  const double he = std::sqrt(6.0 / 50), glorot = std::sqrt(6.0 / (16 + 3));
  CHECK(hidden.cwiseAbs().maxCoeff() <= he);
  CHECK(hidden.cwiseAbs().maxCoeff() > 0.95 * he);
  CHECK(store.at("out.W").cwiseAbs().maxCoeff() <= glorot);
  CHECK(store.at("out.W").cwiseAbs().maxCoeff() > 0.8 * glorot);
  CHECK(store.at("hidden.b").isZero());
  CHECK(store.at("out.b").isZero());

  auto again = nn::make_parameter_store(loss), other = again;
  nn::initialize(again, {{"x", {8, 50}}}, {.seed = 7}, loss);
  nn::initialize(other, {{"x", {8, 50}}}, {.seed = 8}, loss);
  CHECK(again.at("hidden.W") == hidden);
  CHECK(other.at("hidden.W") != hidden);

  nn::init_options zero_out{.rules = {{"out.W", nn::init_rule::zeros}}};
  nn::initialize(again, {{"x", {8, 50}}}, zero_out, loss);
  CHECK(again.at("out.W").isZero());
  zero_out.rules = {{"out.w", nn::init_rule::zeros}};
  CHECK(error_of([&] {
          nn::initialize(again, {{"x", {8, 50}}}, zero_out, loss);
        }) == "no parameter named 'out.w'; this model has: hidden.W, hidden.b, out.W, out.b");
}

TEST_CASE("the store refuses a value of the wrong size, naming the parameter", "[model]") {
  auto store = nn::make_parameter_store(loss);
  nn::initialize(store, {{"x", {8, 5}}}, {}, loss);
  CHECK(error_of([&] { store.assign("out.W", matrix::Zero(16, 4)); }) ==
        "parameter 'out.W': given 16 x 4, the model's is 16 x 3");
  CHECK(error_of([&] { store.assign("hidden.W", matrix::Zero(6, 16)); }) ==
        "parameter 'hidden.W': given 6 x 16, the model's is 5 x 16");
  store.assign("hidden.W", matrix::Ones(5, 16));
  CHECK(store.at("hidden.W").sum() == 80);
}

TEST_CASE("a model written with dense trains from its store", "[model]") {
  std::mt19937 rng(3);
  std::normal_distribution<float> normal;
  matrix X(64, 5), Y(64, 3);
  for (Eigen::Index i = 0; i < X.size(); ++i) X(i) = normal(rng);
  Y.col(0) = (X.col(0).array() > 0).cast<float>();
  Y.col(1) = (X.col(1).array() + X.col(2).array() > 0).cast<float>();
  Y.col(2) = (X.col(3).array() < -0.5f).cast<float>();

  auto store = nn::make_parameter_store(loss);
  nn::initialize(store, {{"x", {64, 5}}}, {}, loss);
  constexpr auto grads = mg::grad(loss);
  const auto program = mg::compile(loss, grads);
  auto ws = hana::unpack(store.bindings(),
                         [&](auto... p) { return program.workspace(x = X, y = Y, p...); });
  nn::optimizer<float> adam({.learning_rate = 0.05});
  std::vector<std::size_t> slots;
  for (std::size_t i = 0; i < store.size; ++i)
    slots.push_back(adam.add(store.value(i).rows(), store.value(i).cols()));
  ws.run();
  const float first = ws[loss](0, 0);
  for (int step = 0; step < 100; ++step) {
    ws.run();
    adam.next_step();
    grads.for_each([&](auto p, auto g) {
      const std::size_t i = store.position(decltype(p)::name);
      adam.update(slots[i], store.value(i), ws[g]);
    });
  }
  ws.run();
  CHECK(ws[loss](0, 0) < 0.5f * first);
}

TEST_CASE("a store saved and loaded keeps every bit, and a file of another model is refused",
          "[model]") {
  auto store = nn::make_parameter_store(loss);
  nn::initialize(store, {{"x", {8, 5}}}, {.seed = 3}, loss);
  const std::string path = "model_parameters_test.params";
  mg::io::save(path, loss, store);
  auto loaded = nn::make_parameter_store(loss);
  mg::io::load(path, loss, loaded);
  for (std::size_t i = 0; i < store.size; ++i) CHECK(loaded.value(i) == store.value(i));

  // A model whose output layer has 4 units: the first node that differs is named.
  constexpr auto wider =
      mg::mean(mg::bce_with_logits(nn::dense<"out", 4>(mg::relu(nn::dense<"hidden", 16>(x))), y));
  auto other = nn::make_parameter_store(wider);
  const std::string wider_error = error_of([&] { mg::io::load(path, wider, other); });
  CHECK_THAT(wider_error, Catch::StartsWith(path + ": the file holds another model: its node "));
  CHECK_THAT(wider_error,
             Catch::EndsWith(" is 'param out.W 16 x 3', this model's is 'param out.W 16 x 4'"));
  CHECK(other.empty());
  // A model without a hidden layer: a shorter graph, differing at its first product's weight.
  constexpr auto flat = mg::mean(mg::bce_with_logits(nn::dense<"out", 3>(x), y));
  auto flat_store = nn::make_parameter_store(flat);
  CHECK_THAT(error_of([&] { mg::io::load(path, flat, flat_store); }),
             Catch::Contains("is 'param hidden.W ? x 16', this model's is 'param out.W ? x 3'"));
  // Sizes the model was given (5 features) are kept: a file for 6 features is refused.
  auto six = nn::make_parameter_store(loss);
  nn::initialize(six, {{"x", {8, 6}}}, {}, loss);
  CHECK(error_of([&] { mg::io::load(path, loss, six); }) ==
        path + ": parameter 'hidden.W': given 5 x 16, the model's is 6 x 16");
  // The signature is checked against its hash: a file whose graph text was changed is damaged.
  mg::io::write_framed_with(path, mg::io::parameters_file_kind, [](mg::io::byte_writer& w) {
    w.put(std::uint64_t(1));  // not the hash of the one line that follows
    w.put(std::uint64_t(1));
    w.put(std::string("input x ? x ?"));
  });
  CHECK_THAT(error_of([&] { mg::io::load(path, loss, loaded); }),
             Catch::Contains("its model's signature does not match its hash"));
  std::remove(path.c_str());
}
