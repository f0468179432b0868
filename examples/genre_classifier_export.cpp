// genre_classifier export: a model file written out as standalone C++ (and a Graphviz picture).
#include <metagrad/codegen/classifier_export.hpp>

#include <cstdio>

#include "genre_classifier.hpp"

namespace genre_classifier {

int export_model(int argc, char** argv) {
  const arguments a = command_arguments(argc, argv);
  const std::string model_path = a.required("model");
  const io::classifier_file m = io::load(model_path);
  const std::string name =
      a.has("name") ? a.text("name") : metagrad::codegen::identifier_of_file(model_path);
  const auto e = metagrad::codegen::export_classifier(m, name, model_path);
  const std::string dir = a.output_directory("out");
  metagrad::codegen::write_files(e.code, dir);
  io::write_atomically(dir + "/" + name + ".dot", e.dot);
  std::printf("wrote %s/%s.hpp, %s.cpp (%zu KB) and %s.dot: %s::predict_proba, %zu labels\n",
              dir.c_str(), name.c_str(), name.c_str(), e.code.source.size() / 1024, name.c_str(),
              name.c_str(), m.labels.size());
  return 0;
}

}  // namespace genre_classifier
