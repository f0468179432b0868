// Matrices in 3, 4 or 8 bits a value: each value within 1/L of its column's largest magnitude
// (L = 3, 7, 127), quantizing what was dequantized is exact, and a damaged field is refused with a
// sentence.
#include <metagrad/io/quantized_columns.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

namespace io = metagrad::io;
using matrix = Eigen::MatrixXf;

TEST_CASE("each value is within 1/L of its column's largest, in 3, 4 or 8 bits", "[io]") {
  const int bits = GENERATE(3, 4, 8);
  const int levels = io::largest_level(bits);
  CHECK(levels == (bits == 3 ? 3 : bits == 4 ? 7 : 127));
  matrix m = matrix::Random(301, 40);  // 301 x 40 x 3 bits: the last byte partly used
  m.col(3) *= 1e-4f;  // columns of very different magnitudes keep their own precision
  m.col(7) *= 1e3f;
  m.col(9).setZero();
  m.col(11) *= 1e-30f;  // a column of tiny values
  const io::quantized_columns q = io::quantize_columns(m, bits);
  CHECK(q.packed.size() == (std::size_t(m.size()) * std::size_t(bits) + 7) / 8);
  CHECK(q.exponents.size() == std::size_t(m.cols()));
  const matrix back = io::dequantize(q);
  for (Eigen::Index c = 0; c < m.cols(); ++c) {
    const float largest = m.col(c).cwiseAbs().maxCoeff();
    CHECK((back.col(c) - m.col(c)).cwiseAbs().maxCoeff() <= largest / float(levels));
    // The scale is the least power of two that holds the largest value in L steps.
    const float scale = std::ldexp(1.0f, q.exponents[std::size_t(c)]);
    if (largest > 0 && q.exponents[std::size_t(c)] > io::least_exponent)
      CHECK(largest > float(levels) * scale / 2);
  }
  CHECK(back.col(9).cwiseAbs().maxCoeff() == 0);
  CHECK(back.col(11).cwiseAbs().maxCoeff() > 0);
}

TEST_CASE("quantizing dequantized values gives the same bits", "[io]") {
  const int bits = GENERATE(3, 4, 8);
  const matrix once = io::stored(matrix::Random(64, 50) * 3.7f, bits);
  CHECK(io::stored(once, bits) == once);
}

TEST_CASE("stored rounds to the very bits that packing and unpacking give", "[io]") {
  const int bits = GENERATE(3, 4, 8);
  matrix m = matrix::Random(129, 30) * 2.5f;
  m.col(2) *= 1e-5f, m.col(4).setZero(), m.col(6) *= 1e-30f;
  m(0, 8) = -1e-6f;  // rounds to zero from below: the file's zero has no sign
  const matrix direct = io::stored(m, bits), packed = io::dequantize(io::quantize_columns(m, bits));
  REQUIRE(direct.size() == packed.size());
  CHECK(std::memcmp(direct.data(), packed.data(), sizeof(float) * std::size_t(m.size())) == 0);
  CHECK_THROWS_WITH(io::stored(m, 5), "quantize_columns: 5 bits a value; 3, 4 or 8 are stored");
}

TEST_CASE("a value that is not finite cannot be quantized", "[io]") {
  matrix m = matrix::Ones(3, 2);
  m(1, 1) = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_WITH(io::quantize_columns(m, 8), "quantize_columns: a value is not finite");
  CHECK_THROWS_WITH(io::stored(m, 8), "quantize_columns: a value is not finite");
  // Finite, but past 3 x 2^120: no 3-bit code holds it (8 bits do, up to 127 x 2^120).
  matrix huge = matrix::Ones(3, 2);
  huge(2, 1) = 1e37f;
  CHECK_THROWS_WITH(io::quantize_columns(huge, 3), Catch::Contains("column 1 is too large"));
  CHECK_THROWS_WITH(io::stored(huge, 3), Catch::Contains("column 1 is too large"));
  CHECK(io::stored(huge, 8) == io::dequantize(io::quantize_columns(huge, 8)));
  CHECK_THROWS_WITH(io::quantize_columns(matrix::Ones(3, 2), 5),
                    "quantize_columns: 5 bits a value; 3, 4 or 8 are stored");
}

TEST_CASE("a quantized matrix round-trips, and damaged fields are refused", "[io]") {
  const matrix m = matrix::Random(5, 4);
  io::byte_writer w;
  io::put_quantized(w, m, 4);
  io::byte_reader good(w.bytes(), "m.bin", "model file");
  CHECK(io::get_quantized(good) == io::stored(m, 4));
  CHECK(good.done());
  // The last byte is the last column's exponent: out of range.
  std::string bytes = w.bytes();
  bytes.back() = char(127);
  io::byte_reader bad(bytes, "m.bin", "model file");
  CHECK_THROWS_WITH(io::get_quantized(bad),
                    "m.bin: damaged model file (a column's scale is out of range)");
  // Scales for three columns of four.
  io::byte_writer short_scales;
  short_scales.put(std::uint64_t(5)), short_scales.put(std::uint64_t(4));
  short_scales.put(std::uint8_t(8));
  short_scales.put(std::vector<std::uint8_t>(20)), short_scales.put(std::vector<std::int8_t>(3));
  io::byte_reader r(short_scales.bytes(), "m.bin", "model file");
  CHECK_THROWS_WITH(io::get_quantized(r),
                    "m.bin: damaged model file (a matrix's scales are not one per column)");
  // 20 values of 4 bits in 11 bytes rather than 10.
  io::byte_writer long_values;
  long_values.put(std::uint64_t(5)), long_values.put(std::uint64_t(4));
  long_values.put(std::uint8_t(4));
  long_values.put(std::vector<std::uint8_t>(11)), long_values.put(std::vector<std::int8_t>(4));
  io::byte_reader l(long_values.bytes(), "m.bin", "model file");
  CHECK_THROWS_WITH(io::get_quantized(l),
                    "m.bin: damaged model file (a matrix's size disagrees with its values)");
}
