// Matrices and an mlp_classifier's parameters as fields of a binary file: rows, columns and the
// values (column-major), checked on reading so that a forged size cannot pass.
#pragma once

#include "metagrad/io/binary_file.hpp"
#include "metagrad/nn/parameters.hpp"

#include <cstdint>
#include <vector>

namespace metagrad::io {

inline void put_matrix(byte_writer& w, const nn::matrix& m) {
  w.put(std::uint64_t(m.rows()));
  w.put(std::uint64_t(m.cols()));
  w.put_array(m.data(), std::size_t(m.size()));
}

// Refuses a matrix whose rows x cols are not the count of values read.
inline void check_size(const byte_reader& r, std::uint64_t rows, std::uint64_t cols,
                       std::size_t values) {
  // Compared by division: rows * cols can wrap around in 64 bits (a forged 2^32 x 2^32 matrix
  // would "hold" no values); and each side must fit an Eigen::Index comfortably.
  const std::uint64_t limit = std::uint64_t(1) << 31;
  const bool agrees = rows < limit && cols < limit &&
                      (cols == 0 ? values == 0 : values % cols == 0 && values / cols == rows);
  if (!agrees) r.damaged("a matrix's size disagrees with its values");
}

inline nn::matrix get_matrix(byte_reader& r) {
  const auto rows = r.get<std::uint64_t>(), cols = r.get<std::uint64_t>();
  const std::vector<float> values = r.get_vector<float>();
  check_size(r, rows, cols, values.size());
  return Eigen::Map<const nn::matrix>(values.data(), Eigen::Index(rows), Eigen::Index(cols));
}

inline void put_parameters(byte_writer& w, const nn::parameters& p) {
  for (const nn::matrix* x : {&p.W1, &p.b1, &p.W2, &p.b2}) put_matrix(w, *x);
}

inline nn::parameters get_parameters(byte_reader& r) {
  nn::parameters p;
  for (nn::matrix* x : {&p.W1, &p.b1, &p.W2, &p.b2}) *x = get_matrix(r);
  return p;
}

}  // namespace metagrad::io
