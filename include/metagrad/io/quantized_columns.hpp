// A matrix in a few bits a value: each column as integers q with |q| <= L = 2^(bits-1) - 1
// (3, 7 or 127 for 3, 4 or 8 bits) times one power of two, the least 2^e with |largest| / 2^e <= L.
// Every value is then within 2^(e-1), at most 1/L of its column's largest, of what it was
// (docs/model_file.md states the scores it costs). A power of two rather than any scale, because
// q x 2^e is exact in float: quantizing values that were dequantized gives back the same integers
// and exponents, so a model rounded to what its file holds (`stored`) is saved and loaded to the
// same bits. The integers are packed end to end, column after column.
#pragma once

#include "metagrad/io/parameter_fields.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace metagrad::io {

struct quantized_columns {
  Eigen::Index rows = 0, cols = 0;
  int bits = 8;
  std::vector<std::uint8_t> packed;    // q + L in `bits` bits each, column-major, low bits first
  std::vector<std::int8_t> exponents;  // one per column: its scale is 2^exponent
};

inline bool quantizable_bits(int bits) { return bits == 3 || bits == 4 || bits == 8; }
inline int largest_level(int bits) { return (1 << (bits - 1)) - 1; }

// Exponents stay where 2^e and 127 x 2^e are normal floats.
inline constexpr int least_exponent = -126, greatest_exponent = 120;

// The least e in range with largest / 2^e <= levels: a guess from the float's own exponent, a
// few steps below it, then up to the exact one.
inline int column_exponent(float largest, int levels) {
  const int guess = largest > 0 ? std::ilogb(largest) - 8 : least_exponent;
  int e = std::max(guess, least_exponent);
  while (e < greatest_exponent && largest > std::ldexp(float(levels), e)) ++e;
  return e;
}

namespace detail {

inline void check_bits(int bits) {
  if (!quantizable_bits(bits))
    throw std::invalid_argument("quantize_columns: " + std::to_string(bits) +
                                " bits a value; 3, 4 or 8 are stored");
}

// Column c's exponent; its values are checked as it is read (while in cache). Beyond
// levels x 2^greatest_exponent a value would need a code wider than `bits`.
inline int exponent_of_column(const nn::matrix& m, Eigen::Index c, int levels) {
  if (!m.col(c).allFinite()) throw std::invalid_argument("quantize_columns: a value is not finite");
  const float largest = m.rows() ? m.col(c).cwiseAbs().maxCoeff() : 0.0f;
  if (largest > std::ldexp(float(levels), greatest_exponent))
    throw std::invalid_argument("quantize_columns: a value of column " + std::to_string(c) +
                                " is too large for its bits (" + std::to_string(largest) + ")");
  return column_exponent(largest, levels);
}

}  // namespace detail

inline quantized_columns quantize_columns(const nn::matrix& m, int bits) {
  detail::check_bits(bits);
  const int levels = largest_level(bits);
  quantized_columns q{
      m.rows(), m.cols(), bits, {}, std::vector<std::int8_t>(std::size_t(m.cols()))};
  q.packed.reserve((std::size_t(m.size()) * std::size_t(bits) + 7) / 8);
  std::uint64_t pending = 0;  // bits not yet written, low first
  int held = 0;
  for (Eigen::Index c = 0; c < m.cols(); ++c) {
    const int e = detail::exponent_of_column(m, c, levels);
    q.exponents[std::size_t(c)] = std::int8_t(e);
    const float inverse = std::ldexp(1.0f, -e);  // a power of two: w x 2^-e is exact
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
      const auto code = std::uint64_t(std::nearbyint(m(r, c) * inverse) + levels);
      pending |= code << held, held += bits;
      for (; held >= 8; held -= 8, pending >>= 8) q.packed.push_back(std::uint8_t(pending));
    }
  }
  if (held > 0) q.packed.push_back(std::uint8_t(pending));
  return q;
}

// The columns `columns` of q (positions below q.cols, in any order), dequantized: a column
// starts at bit c x rows x bits of the packed values.
inline nn::matrix dequantize(const quantized_columns& q, const std::vector<Eigen::Index>& columns) {
  nn::matrix m(q.rows, Eigen::Index(columns.size()));
  const int levels = largest_level(q.bits);
  const std::uint64_t mask = (std::uint64_t(1) << q.bits) - 1;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const Eigen::Index c = columns[k];
    const float scale = std::ldexp(1.0f, q.exponents[std::size_t(c)]);
    const std::uint64_t first_bit =
        std::uint64_t(c) * std::uint64_t(q.rows) * std::uint64_t(q.bits);
    std::size_t next = std::size_t(first_bit / 8);
    int skip = int(first_bit % 8), held = 0;
    std::uint64_t pending = 0;
    for (Eigen::Index r = 0; r < q.rows; ++r) {
      for (; held < q.bits + skip; held += 8) pending |= std::uint64_t(q.packed[next++]) << held;
      pending >>= skip, held -= skip, skip = 0;
      m(r, Eigen::Index(k)) = float(int(pending & mask) - levels) * scale;
      pending >>= q.bits, held -= q.bits;
    }
  }
  return m;
}

inline nn::matrix dequantize(const quantized_columns& q) {
  std::vector<Eigen::Index> all(std::size_t(q.cols));
  for (Eigen::Index c = 0; c < q.cols; ++c) all[std::size_t(c)] = c;
  return dequantize(q, all);
}

// m as a file holds it in `bits` bits a value: dequantize(quantize_columns(m, bits)), each value
// rounded to its column's grid in place of being packed and unpacked (choosing a first layer's
// bits rounds every network at every candidate). "+ 0" makes a rounded -0 the +0 a code gives.
inline nn::matrix stored(const nn::matrix& m, int bits) {
  detail::check_bits(bits);
  const int levels = largest_level(bits);
  nn::matrix out(m.rows(), m.cols());
  for (Eigen::Index c = 0; c < m.cols(); ++c) {
    const int e = detail::exponent_of_column(m, c, levels);
    out.col(c) = ((m.col(c).array() * std::ldexp(1.0f, -e)).rint() + 0.0f) * std::ldexp(1.0f, e);
  }
  return out;
}

inline void put_quantized(byte_writer& w, const nn::matrix& m, int bits) {
  const quantized_columns q = quantize_columns(m, bits);
  w.put(std::uint64_t(q.rows));
  w.put(std::uint64_t(q.cols));
  w.put(std::uint8_t(q.bits));
  w.put(q.packed);
  w.put(q.exponents);
}

inline quantized_columns get_quantized_columns(byte_reader& r) {
  const auto rows = r.get<std::uint64_t>(), cols = r.get<std::uint64_t>();
  quantized_columns q;
  q.bits = r.get<std::uint8_t>();
  q.packed = r.get_vector<std::uint8_t>();
  q.exponents = r.get_vector<std::int8_t>();
  if (!quantizable_bits(q.bits)) r.damaged("a matrix's bits a value are not 3, 4 or 8");
  // Each side must fit an Eigen::Index comfortably, and then rows x cols x bits cannot wrap.
  const std::uint64_t limit = std::uint64_t(1) << 31, n = rows * cols;
  if (rows >= limit || cols >= limit ||
      q.packed.size() != n / 8 * std::uint64_t(q.bits) + (n % 8 * std::uint64_t(q.bits) + 7) / 8)
    r.damaged("a matrix's size disagrees with its values");
  if (q.exponents.size() != cols) r.damaged("a matrix's scales are not one per column");
  for (const std::int8_t e : q.exponents)
    if (e < least_exponent || e > greatest_exponent) r.damaged("a column's scale is out of range");
  q.rows = Eigen::Index(rows), q.cols = Eigen::Index(cols);
  return q;
}

inline nn::matrix get_quantized(byte_reader& r) { return dequantize(get_quantized_columns(r)); }

}  // namespace metagrad::io
