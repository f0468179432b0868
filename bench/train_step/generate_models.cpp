// The generator of train_step/generated: the benchmark's models (compiled.hpp) written out as
// standalone C++ by metagrad's code generator, one file set per model shape.
#include <metagrad/codegen/cpp.hpp>

#include <string>
#include <vector>

#include "compiled.hpp"

namespace {

template <int Hidden, bool Focal, bool Sparse>
metagrad::codegen::cpp_files emit(const std::string& name) {
  using model = bench::compiled_model<Hidden, Focal, Sparse>;
  return metagrad::codegen::emit_cpp(model::loss, model::grads, name,
                                     "bench/train_step/compiled.hpp (compiled_model<" +
                                         std::to_string(Hidden) + ", " + (Focal ? "focal" : "bce") +
                                         (Sparse ? ", sparse" : "") + ">)");
}

}  // namespace

int main(int argc, char** argv) {
  return metagrad::codegen::generator_main(argc, argv, [] {
    return std::vector{emit<1, false, false>("generated_mlp1_bce"),   // a1, a32, a256
                       emit<2, false, false>("generated_mlp2_bce"),   // b
                       emit<2, true, false>("generated_mlp2_focal"),  // c
                       emit<1, true, false>("generated_mlp1_focal"),  // d
                       emit<1, false, true>("generated_movie")};      // m
  });
}
