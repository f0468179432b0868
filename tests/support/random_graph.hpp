// random_graph<Seed, Root>: a graph type drawn at compile time from a seed, its root op fixed by
// `Root` and the operands below drawn at random, every node 5 x 4. Used for the finite-difference
// and adjoint-identity tests: together the graphs use every op.
#pragma once

#include <metagrad/metagrad.hpp>

#include <cstdint>

namespace metagrad::testing::random_graph {

namespace mg = metagrad;

inline constexpr int rows = 5, cols = 4;
inline constexpr auto X = mg::input<"X", rows, cols>;
inline constexpr auto Y = mg::input<"Y", rows, cols>;  // targets in [0, 1]
inline constexpr auto ones_col = mg::input<"ones_col", rows, 1>;
inline constexpr auto ones_row = mg::input<"ones_row", 1, cols>;
inline constexpr auto pos_w = mg::input<"pos_w", 1, cols>;
inline constexpr auto P = mg::param<"P", rows, cols>;
inline constexpr auto Q = mg::param<"Q", rows, cols>;
inline constexpr auto A = mg::param<"A", rows, rows>;
inline constexpr auto B = mg::param<"B", cols, cols>;
inline constexpr auto bias = mg::param<"bias", 1, cols>;
inline constexpr auto weight = mg::param<"weight", rows, 1>;
inline constexpr auto s = mg::scalar<"s">;
inline constexpr auto alpha = mg::scalar<"alpha">;
inline constexpr auto gamma_ = mg::scalar<"gamma">;

inline constexpr int op_count = 23;

constexpr std::uint64_t mix(std::uint64_t x) {  // splitmix64
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

template <std::uint64_t Seed, int Depth>
constexpr auto draw();

// Op `Op` over operands drawn from the seed.
template <int Op, std::uint64_t Seed, int Depth>
constexpr auto apply() {
  constexpr auto a = draw<mix(Seed + 1), Depth - 1>();
  constexpr auto b = draw<mix(Seed + 2), Depth - 1>();
  if constexpr (Op == 0)
    return mg::relu(a);
  else if constexpr (Op == 1)
    return mg::sigmoid(a);
  else if constexpr (Op == 2)
    return mg::tanh(a);
  else if constexpr (Op == 3)
    return mg::softplus(a);
  else if constexpr (Op == 4)
    return mg::log_sigmoid(a);
  else if constexpr (Op == 5)
    return -a;
  else if constexpr (Op == 6)
    return s * a;
  else if constexpr (Op == 7)
    return a + b;
  else if constexpr (Op == 8)
    return a - b;
  else if constexpr (Op == 9)
    return mg::mul(a, b);
  else if constexpr (Op == 10)
    return a * B;
  else if constexpr (Op == 11)
    return A * a;
  else if constexpr (Op == 12)
    return mg::transpose(mg::transpose(a) * mg::transpose(A));  // A a
  else if constexpr (Op == 13)
    return a + bias;
  else if constexpr (Op == 14)
    return mg::mul_col(a, weight);
  else if constexpr (Op == 15)
    return a + mg::mean(b, mg::per_column);
  else if constexpr (Op == 16)
    return mg::mul_col(a, mg::sum(b, mg::per_row));
  else if constexpr (Op == 17)
    return mg::mul_col(a, mg::mean(b, mg::per_row));
  else if constexpr (Op == 18)
    return a + -mg::sum(b, mg::per_column);
  else if constexpr (Op == 19)
    return (ones_col * mg::mean(a)) * ones_row + b;
  else if constexpr (Op == 20)
    return mg::bce_with_logits(a, Y, mg::pos_weight(pos_w)) + mg::bce_with_logits(b, Y);
  else if constexpr (Op == 21)
    return mg::focal_with_logits(a, Y, alpha, gamma_, mg::sample_weight(weight));
  else
    return mg::mul_col(b, mg::softmax_cross_entropy(a, Y)) + (ones_col * mg::sum(a)) * ones_row;
}

template <std::uint64_t Seed, int Depth>
constexpr auto draw() {
  if constexpr (Depth <= 0 || Seed % 4 == 0) {
    constexpr int leaf = static_cast<int>((Seed >> 8) % 3);
    if constexpr (leaf == 0)
      return P;
    else if constexpr (leaf == 1)
      return Q;
    else
      return X;
  } else {
    return apply<static_cast<int>((Seed >> 16) % op_count), Seed, Depth>();
  }
}

// A graph whose root is op `Root` and whose operands come from `Seed`.
template <int Root, std::uint64_t Seed>
constexpr auto graph() {
  return apply<Root, Seed, 3>();
}

}  // namespace metagrad::testing::random_graph
