// The parameters of any model in one file: each parameter's name and matrix, framed by
// binary_file.hpp (version, checksum, atomic write). Loading checks the file against the model
// (its signature: the same names, each matrix of the size the model declares) before the store
// changes, and says which parameter differs and how.
#pragma once

#include "metagrad/io/binary_file.hpp"
#include "metagrad/io/parameter_fields.hpp"
#include "metagrad/nn/parameter_store.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace metagrad::io {

inline constexpr file_kind parameters_file_kind{
    {'M', 'G', 'P', 'A', 'R', 'A', 'M', '\n'}, 1, "parameters file"};

template <class S, class... P>
void save(const std::string& path, const nn::parameter_store<S, P...>& store) {
  if (store.empty()) throw std::invalid_argument(path + ": the model has no parameters yet");
  write_framed_with(path, parameters_file_kind, [&](byte_writer& w) {
    w.put(std::uint64_t(store.size));
    for (std::size_t i = 0; i < store.size; ++i) {
      w.put(std::string(store.names[i]));
      put_matrix(w, store.value(i));
    }
  });
}

// The store's values from a file written by save() for the same model; on any error the store
// is left as it was.
template <class S, class... P>
void load(const std::string& path, nn::parameter_store<S, P...>& store) {
  byte_reader r(unframe(read_framed_bytes(path, parameters_file_kind), path, parameters_file_kind),
                path, parameters_file_kind.noun);
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
