// Products with one output row or column (a batch of one; a single label) take a matrix-vector
// path under OpenBLAS (gemv, with the vector read along a row or a column), and products over one
// term (a weight gradient of a batch of one) an outer-product path: every transpose combination
// must equal Eigen's own product.
#include <metagrad/metagrad.hpp>

#include <catch2/catch.hpp>

#include <omp.h>

namespace mg = metagrad;
using matrix = Eigen::MatrixXd;

namespace {
constexpr auto a = mg::input<"a">;
constexpr auto b = mg::input<"b">;

template <class E, class A, class B>
void check_product(E e, const A& av, const B& bv, const matrix& want) {
  auto program = mg::compile(e);
  auto ws = program.workspace(a = av, b = bv);
  ws.run();
  const matrix got = ws[e];
  REQUIRE(got.rows() == want.rows());
  REQUIRE(got.cols() == want.cols());
  CHECK((got - want).cwiseAbs().maxCoeff() < 1e-12);
}
}  // namespace

TEST_CASE("products with one output row or column equal Eigen's, transposed or not", "[gemm]") {
  const matrix row = matrix::Random(1, 7), col = matrix::Random(7, 1), m = matrix::Random(7, 5);
  const matrix mt = matrix::Random(5, 7);
  check_product(a * b, row, m, row * m);                               // 1 x n
  check_product(mg::transpose(a) * b, col, m, col.transpose() * m);    // 1 x n, a^T
  check_product(a * mg::transpose(b), row, mt, row * mt.transpose());  // 1 x n, b^T
  check_product(mg::transpose(a) * mg::transpose(b), col, mt, col.transpose() * mt.transpose());
  check_product(a * b, mt, col, mt * col);                                      // m x 1
  check_product(mg::transpose(a) * b, m, col.topRows(7), m.transpose() * col);  // m x 1, a^T
  check_product(a * mg::transpose(b), mt, row, mt * row.transpose());           // m x 1, b^T
  check_product(mg::transpose(a) * mg::transpose(b), m, row, m.transpose() * row.transpose());
  check_product(a * b, row, col, row * col);  // 1 x 1
}

TEST_CASE("a vector read from a wider matrix takes its stride", "[gemm]") {
  const matrix big = matrix::Random(3, 7), m = matrix::Random(7, 5), mt = matrix::Random(5, 7);
  const auto row = big.middleRows(1, 1);  // 1 x 7, outer stride 3
  check_product(a * b, row, m, row * m);
  check_product(a * mg::transpose(b), row, mt, row * mt.transpose());
  check_product(a * mg::transpose(b), mt, row, mt * row.transpose());
  check_product(mg::transpose(a) * mg::transpose(b), m, row, m.transpose() * row.transpose());
  check_product(a * b, big.row(2), m, big.row(2) * m);  // a row block: inner stride 3
}

TEST_CASE("products over one term (outer products) equal Eigen's, transposed or not", "[gemm]") {
  const matrix col = matrix::Random(7, 1), row = matrix::Random(1, 5);
  const matrix col_t = col.transpose(), row_t = row.transpose(), big = matrix::Random(3, 7);
  const auto strided = big.middleRows(1, 1);  // 1 x 7, its elements 3 apart
  check_product(a * b, col, row, col * row);
  check_product(mg::transpose(a) * b, col_t, row, col * row);
  check_product(a * mg::transpose(b), col, row_t, col * row);
  check_product(mg::transpose(a) * mg::transpose(b), col_t, row_t, col * row);
  check_product(mg::transpose(a) * b, strided, row, strided.transpose() * row);
  check_product(a * b, col, strided, col * strided);
  // Large enough to be split among threads, by columns.
  const int before = omp_get_max_threads();
  omp_set_num_threads(2);
  const matrix tall = matrix::Random(600, 1), wide = matrix::Random(1, 300);
  check_product(a * b, tall, wide, tall * wide);
  omp_set_num_threads(before);
}

TEST_CASE("a product split among threads equals Eigen's, by columns or by rows", "[gemm]") {
  // Large enough for two threads: a wide output is split by columns (op(b)'s columns), a tall one
  // by rows (op(a)'s rows), each operand stored as it is read or transposed.
  const int before = omp_get_max_threads();
  omp_set_num_threads(2);
  for (const auto& [m, n] : {std::pair{90, 210}, std::pair{210, 90}}) {
    const matrix am = matrix::Random(m, 150), bm = matrix::Random(150, n);
    const matrix at = am.transpose(), bt = bm.transpose(), want = am * bm;
    check_product(a * b, am, bm, want);
    check_product(mg::transpose(a) * b, at, bm, want);
    check_product(a * mg::transpose(b), am, bt, want);
    check_product(mg::transpose(a) * mg::transpose(b), at, bt, want);
  }
  const matrix row = matrix::Random(1, 4000), m = matrix::Random(4000, 40);  // gemv in two parts
  check_product(a * b, row, m, row * m);
  check_product(mg::transpose(a) * mg::transpose(b), m, row, m.transpose() * row.transpose());
  omp_set_num_threads(before);
}

TEST_CASE("a product leaves OpenMP's default thread count as it found it", "[gemm]") {
  // OpenBLAS's OpenMP build sets OpenMP's default when told its own thread count (1 for a small
  // product): every later default workspace would have run on one thread.
  const int before = omp_get_max_threads();
  const matrix av = matrix::Random(3, 4), bv = matrix::Random(4, 5);
  check_product(a * b, av, bv, av * bv);
  CHECK(omp_get_max_threads() == before);
}
