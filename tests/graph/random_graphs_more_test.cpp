// Gradients of random graphs rooted at products, broadcasts, reductions and losses
// (support/random_graph_check.hpp): finite differences and the adjoint identity.
#include <catch2/catch.hpp>

#include "support/random_graph_check.hpp"

using namespace metagrad::testing::random_graph;

TEST_CASE("random graphs rooted at products, broadcasts and reductions have correct gradients",
          "[random]") {
  CHECK(check_all<2>(std::integer_sequence<int, 10, 11, 12, 13, 14, 15, 16>{}) == 7);
}

TEST_CASE("random graphs rooted at reductions and losses have correct gradients", "[random]") {
  CHECK(check_all<3>(std::integer_sequence<int, 17, 18, 19, 20, 21, 22>{}) == 6);
}
