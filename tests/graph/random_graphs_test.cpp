// Gradients of random graphs rooted at the element-wise ops (support/random_graph_check.hpp):
// finite differences and the adjoint identity.
#include <catch2/catch.hpp>

#include "support/random_graph_check.hpp"

using namespace metagrad::testing::random_graph;

// The graphs are split over test cases (and files) so that each compiles in reasonable time.
TEST_CASE("random graphs rooted at element-wise ops have correct gradients", "[random]") {
  CHECK(check_all<1>(std::integer_sequence<int, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9>{}) == 10);
}
