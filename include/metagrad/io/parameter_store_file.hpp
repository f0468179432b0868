// The parameters of any model in one file: the model's signature (graph/signature.hpp: its
// graph's canonical text, and the text's hash), then each parameter's name and matrix, framed by
// binary_file.hpp (version, checksum, atomic write). Loading checks the file against the model —
// the same graph, then every parameter of the size the model declares or was given — before the
// store changes, and says which node or parameter differs and how. The model is a
// nn::multilabel model (its logits' graph is the signature) or any expression.
#pragma once

#include "metagrad/graph/signature.hpp"
#include "metagrad/io/binary_file.hpp"
#include "metagrad/io/parameter_fields.hpp"
#include "metagrad/nn/parameter_store.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace metagrad::io {

inline constexpr file_kind parameters_file_kind{
    {'M', 'G', 'P', 'A', 'R', 'A', 'M', '\n'}, 2, "parameters file"};

namespace detail {

template <class Model>
graph::signature model_signature(Model m) {
  if constexpr (expression<Model>)
    return graph::signature_of(m);
  else
    return graph::signature_of(Model::logits);
}

// The file's signature must be the model's: the first line that differs is named.
inline void check_signature(const std::string& path, const graph::signature& file,
                            const graph::signature& model) {
  const std::size_t n = std::min(file.nodes.size(), model.nodes.size());
  for (std::size_t k = 0; k < n; ++k)
    if (file.nodes[k] != model.nodes[k])
      throw file_error(path + ": the file holds another model: its node " + std::to_string(k) +
                       " is '" + file.nodes[k] + "', this model's is '" + model.nodes[k] + "'");
  if (file.nodes.size() != model.nodes.size())
    throw file_error(path + ": the file holds another model: " + std::to_string(file.nodes.size()) +
                     " nodes, this model " + std::to_string(model.nodes.size()) +
                     " (the same up to node " + std::to_string(n) + ")");
}

}  // namespace detail

template <class Model, class S, class... P>
void save(const std::string& path, Model model, const nn::parameter_store<S, P...>& store) {
  if (store.empty()) throw std::invalid_argument(path + ": the model has no parameters yet");
  const graph::signature sig = detail::model_signature(model);
  write_framed_with(path, parameters_file_kind, [&](byte_writer& w) {
    w.put(sig.hash());
    w.put(std::uint64_t(sig.nodes.size()));
    for (const std::string& line : sig.nodes) w.put(line);
    w.put(std::uint64_t(store.size));
    for (std::size_t i = 0; i < store.size; ++i) {
      w.put(std::string(store.names[i]));
      put_matrix(w, store.value(i));
    }
  });
}

// The store's values from a file written by save() for the same model; on any error the store
// is left as it was.
template <class Model, class S, class... P>
void load(const std::string& path, Model model, nn::parameter_store<S, P...>& store) {
  byte_reader r(unframe(read_framed_bytes(path, parameters_file_kind), path, parameters_file_kind),
                path, parameters_file_kind.noun);
  const auto hash = r.get<std::uint64_t>();
  const auto lines = r.get<std::uint64_t>();
  if (lines > 1000000) r.damaged("its number of graph nodes is not plausible");
  graph::signature file;
  for (std::uint64_t k = 0; k < lines; ++k) file.nodes.push_back(r.get_string());
  if (file.hash() != hash) r.damaged("its model's signature does not match its hash");
  detail::check_signature(path, file, detail::model_signature(model));
  const auto count = r.get<std::uint64_t>();
  if (count > 100000) r.damaged("its number of parameters is not plausible");
  nn::parameter_store<S, P...> loaded = store;  // sizes it holds must be kept, too
  std::vector<bool> seen(store.size, false);
  for (std::uint64_t k = 0; k < count; ++k) {
    const std::string name = r.get_string();
    nn::matrix m = get_matrix(r);
    const std::size_t i = store.position(name);
    if (i >= store.size)
      throw file_error(path + ": parameter '" + name + "' is not one of this model's");
    if (seen[i]) r.damaged("parameter '" + name + "' appears twice");
    seen[i] = true;
    try {
      loaded.assign(name, m.template cast<S>());
    } catch (const std::exception& e) {
      throw file_error(path + ": " + e.what());
    }
  }
  if (!r.done()) r.damaged("it goes on after its last parameter");
  for (std::size_t i = 0; i < store.size; ++i)
    if (!seen[i])
      throw file_error(path + ": no value for parameter '" + std::string(store.names[i]) + "'");
  store = std::move(loaded);
}

}  // namespace metagrad::io
