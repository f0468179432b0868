// The Graphviz picture of a compiled program: every node once, one cluster per kernel, the roots
// named, and (where Graphviz is installed) a file that `dot -Tpng` renders.
#include <metagrad/codegen/dot.hpp>
#include <metagrad/metagrad.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <dense_classifier_model.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace mg = metagrad;

namespace {

namespace model = dense_classifier_model;  // examples/dense_classifier_model.hpp
using program = decltype(mg::compile(model::loss, model::grads));

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the DOT of the dense classifier shows every node, kernel and root", "[codegen]") {
  const std::string dot =
      mg::codegen::to_dot(program{}, {"loss", "dW1", "db1", "dW2", "db2"}, "dense classifier");
  REQUIRE(dot.rfind("digraph metagrad {", 0) == 0);
  CHECK(dot.substr(dot.size() - 2) == "}\n");
  std::size_t buffers = 0, edges = 0;
  for (std::size_t i = 0; i < program::size; ++i) {
    INFO("node " << i);
    CHECK(count(dot, "  n" + std::to_string(i) + " [label=") == 1);
    buffers += program::plan::buffered[i];
    edges += program::plan::record(i).arity;
  }
  CHECK(count(dot, "subgraph cluster_") == buffers);
  CHECK(count(dot, " -> n") == edges);
  for (const char* root : {"= loss", "= dW1", "= db1", "= dW2", "= db2"})
    CHECK(count(dot, root) == 1);
  CHECK(count(dot, "peripheries=2") == 5);
  CHECK(count(dot, ": GEMM\"") >= 3);                    // forward products and weight gradients
  CHECK(dot.find("softplus") != std::string::npos);      // the loss, written from primitives
  CHECK(dot.find("sigmoid") != std::string::npos);       // its derived derivative
  CHECK(dot.find("style=dashed") != std::string::npos);  // something was fused into a reader
  CHECK(dot.find("param W1\\n784 x 32") != std::string::npos);
  CHECK(dot.find("input x\\n? x 784") != std::string::npos);

#ifdef METAGRAD_DOT_EXECUTABLE
  const auto dir = std::filesystem::temp_directory_path();
  const std::string dot_file = (dir / "metagrad_dot_test.dot").string(),
                    png_file = (dir / "metagrad_dot_test.png").string();
  std::ofstream(dot_file) << dot;
  const std::string command =
      std::string(METAGRAD_DOT_EXECUTABLE) + " -Tpng '" + dot_file + "' -o '" + png_file + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  std::ifstream png(png_file, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(png), {}};
  CHECK(bytes.size() > 10000);
  CHECK(bytes.substr(0, 8) == "\x89PNG\r\n\x1a\n");
#else
  WARN("Graphviz's dot was not found when configuring: the DOT was not rendered");
#endif
}
