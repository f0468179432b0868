// The models whose generated code tests/codegen/generated_test.cpp checks against the template
// executor: the dense classifier, an MLP with focal loss, the ops a classifier may add (tanh,
// softplus, pos_weight, sample weights, scale, per-column means), the sparse movie model and
// softmax cross-entropy, and the selecting ops (max, min, clamp, where, softmax, slice), declared
// in models.hpp.
#include <metagrad/codegen/cpp.hpp>

#include "models.hpp"

int main(int argc, char** argv) {
  namespace cg = metagrad::codegen;
  return cg::generator_main(argc, argv, [] {
    return std::vector{
        cg::emit_cpp(dense_classifier_model::loss, dense_classifier_model::grads,
                     "generated_dense_classifier", "examples/dense_classifier_model.hpp"),
        cg::emit_cpp(focal_mlp::loss, focal_mlp::grads, "generated_focal_mlp",
                     "tests/codegen/models.hpp (focal_mlp)"),
        cg::emit_cpp(weighted_mlp::loss, weighted_mlp::grads, "generated_weighted_mlp",
                     "tests/codegen/models.hpp (weighted_mlp)"),
        cg::emit_cpp(movie_model::loss, movie_model::grads, "generated_movie_model",
                     "tests/codegen/models.hpp (movie_model)"),
        cg::emit_cpp(softmax_mlp::loss, softmax_mlp::grads, "generated_softmax_mlp",
                     "tests/codegen/models.hpp (softmax_mlp)"),
        cg::emit_cpp(selection_mlp::loss, selection_mlp::grads, "generated_selection_mlp",
                     "tests/codegen/models.hpp (selection_mlp)"),
    };
  });
}
