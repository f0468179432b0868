// genre_classifier export: a model file written out as standalone C++ (and a Graphviz picture).

#include <metagrad/codegen/classifier_export.hpp>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "genre_classifier.hpp"

namespace genre_classifier {

// The model file's name as a C++ identifier: "models/yeast-v2.model" -> "yeast_v2".
std::string name_of(const std::string& path) {
  std::string out;
  for (const char c : std::filesystem::path(path).stem().string())
    out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "model_" + out;
  return out;
}

int export_model(int argc, char** argv) {
  const arguments a(argc, argv, {"model", "out", "name"});
  if (a.help) {
    std::cout << usage_text;
    return 0;
  }
  const std::string model_path = a.required("model");
  const io::classifier_file m = io::load(model_path);
  const std::string name = a.has("name") ? a.text("name") : name_of(model_path);
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
