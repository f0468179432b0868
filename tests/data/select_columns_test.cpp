// select_columns keeps the listed columns of sparse rows, renumbered to their positions in the
// list, and drops the rest; used_columns lists the columns the rows use, once each, in order.
#include <metagrad/data/select_columns.hpp>

#include <catch2/catch.hpp>

namespace md = metagrad::data;

TEST_CASE("the columns kept are renumbered to their positions; the rest dropped", "[data]") {
  Eigen::MatrixXf dense(3, 6);
  dense << 0, 1, 0, 2, 0, 0,  //
      3, 0, 0, 0, 0, 4,       //
      0, 0, 0, 0, 0, 0;
  const md::sparse_rows x = dense.sparseView();
  CHECK(md::used_columns(x) == std::vector<Eigen::Index>{0, 1, 3, 5});
  const md::sparse_rows kept = md::select_columns(x, {1, 3, 5});
  Eigen::MatrixXf expected(3, 3);
  expected << 1, 2, 0,  //
      0, 0, 4,          //
      0, 0, 0;
  CHECK(Eigen::MatrixXf(kept) == expected);
  CHECK(md::select_columns(x, {}).nonZeros() == 0);
}
