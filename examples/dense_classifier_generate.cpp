// The generator of dense_classifier_step.hpp/.cpp: the dense classifier's training step
// (dense_classifier_model.hpp) written out as standalone C++ by metagrad's code generator, at build
// time (metagrad_generate in examples/CMakeLists.txt). `dense_classifier --generated` trains with
// it.
#include <metagrad/codegen/cpp.hpp>

#include <vector>

#include "dense_classifier_model.hpp"

int main(int argc, char** argv) {
  namespace model = dense_classifier_model;
  return metagrad::codegen::generator_main(argc, argv, [] {
    return std::vector{metagrad::codegen::emit_cpp(
        model::loss, model::grads, "dense_classifier_step", "examples/dense_classifier_model.hpp")};
  });
}
