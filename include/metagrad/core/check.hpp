// check: the catalogue of shape rules, each one sentence, checked at compile time where sizes are
// known and at run time where they are dyn.
//
// A rule compares two sizes. At compile time it is a static_assert written as a comparison of
// numbers, so g++ adds "the comparison reduces to (64 == 60)" under the sentence; it returns false
// so that the builder can hand on a poison type and stay quiet afterwards. At run time the same
// sentence is thrown with both sizes.
#pragma once

#include "metagrad/core/shape.hpp"

#include <stdexcept>
#include <string>

namespace metagrad {

// Thrown when sizes that the compiler could not see disagree at run time.
struct shape_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

namespace check {

// dyn agrees with anything: the comparison is made again at run time.
constexpr dim_t lhs_of(dim_t a, dim_t b) { return a == dyn || b == dyn ? 0 : a; }
constexpr dim_t rhs_of(dim_t a, dim_t b) { return a == dyn || b == dyn ? 0 : b; }

[[noreturn]] inline void fail(const char* sentence, dim_t a, dim_t b) {
  throw shape_error(std::string(sentence) + " (" + std::to_string(a) + " vs " + std::to_string(b) +
                    ")");
}

}  // namespace check
}  // namespace metagrad

// One rule: a compile-time template and a run-time twin that share the sentence.
#define METAGRAD_SHAPE_RULE(rule, sentence)                   \
  namespace metagrad::check {                                 \
  template <dim_t A, dim_t B>                                 \
  constexpr bool rule() {                                     \
    static_assert(lhs_of(A, B) == rhs_of(A, B), sentence);    \
    return lhs_of(A, B) == rhs_of(A, B);                      \
  }                                                           \
  inline void rule(dim_t a, dim_t b) {                        \
    if (a != b && a != dyn && b != dyn) fail(sentence, a, b); \
  }                                                           \
  }

// Two operands of one shape: a rule for each size, checked rows first, so exactly one sentence
// shows.
#define METAGRAD_SAME_SHAPE_RULES(rule, rows_sentence, cols_sentence) \
  METAGRAD_SHAPE_RULE(rule##_rows, rows_sentence)                     \
  METAGRAD_SHAPE_RULE(rule##_cols, cols_sentence)                     \
  namespace metagrad::check {                                         \
  template <shape A, shape B>                                         \
  constexpr bool rule##_shape() {                                     \
    if constexpr (!rule##_rows<A.rows, B.rows>())                     \
      return false;                                                   \
    else                                                              \
      return rule##_cols<A.cols, B.cols>();                           \
  }                                                                   \
  inline void rule##_shape(shape a, shape b) {                        \
    rule##_rows(a.rows, b.rows);                                      \
    rule##_cols(a.cols, b.cols);                                      \
  }                                                                   \
  }

METAGRAD_SHAPE_RULE(matmul_inner, "matmul(a, b): a.cols must equal b.rows")
METAGRAD_SAME_SHAPE_RULES(add, "add(a, b): a.rows must equal b.rows",
                          "add(a, b): a.cols must equal b.cols")
METAGRAD_SAME_SHAPE_RULES(sub, "sub(a, b): a.rows must equal b.rows",
                          "sub(a, b): a.cols must equal b.cols")
METAGRAD_SAME_SHAPE_RULES(div, "div(a, b): a.rows must equal b.rows",
                          "div(a, b): a.cols must equal b.cols")
METAGRAD_SAME_SHAPE_RULES(mul, "mul(a, b): a.rows must equal b.rows",
                          "mul(a, b): a.cols must equal b.cols")
METAGRAD_SHAPE_RULE(add_row_cols, "add(a, b): b is a row of biases, so b.cols must equal a.cols")
METAGRAD_SHAPE_RULE(mul_row_cols, "mul(a, b): b is a row, so b.cols must equal a.cols")
METAGRAD_SHAPE_RULE(add_col_rows, "add(a, b): b is a column, so b.rows must equal a.rows")
METAGRAD_SHAPE_RULE(concat_rows, "concat(a, b): a.rows must equal b.rows")
METAGRAD_SAME_SHAPE_RULES(bce, "bce_with_logits(z, y): y.rows must equal z.rows",
                          "bce_with_logits(z, y): y.cols must equal z.cols")
METAGRAD_SAME_SHAPE_RULES(focal, "focal_with_logits(z, y): y.rows must equal z.rows",
                          "focal_with_logits(z, y): y.cols must equal z.cols")
METAGRAD_SAME_SHAPE_RULES(asymmetric, "asymmetric_loss(z, y): y.rows must equal z.rows",
                          "asymmetric_loss(z, y): y.cols must equal z.cols")
METAGRAD_SAME_SHAPE_RULES(softmax_ce, "softmax_cross_entropy(z, y): y.rows must equal z.rows",
                          "softmax_cross_entropy(z, y): y.cols must equal z.cols")
// A row of one weight per label: rows then cols, as for two operands of one shape.
METAGRAD_SAME_SHAPE_RULES(pos_weight,
                          "bce_with_logits(z, y, pos_weight): pos_weight.rows must equal 1",
                          "bce_with_logits(z, y, pos_weight): pos_weight.cols must equal z.cols")
// A column of one weight per sample.
METAGRAD_SAME_SHAPE_RULES(sample_weight, "sample_weight(w): w.rows must equal the loss's rows",
                          "sample_weight(w): w.cols must equal 1")
METAGRAD_SAME_SHAPE_RULES(loss,
                          "grad(loss, wrt...): loss.rows must equal 1 (reduce it with mean or sum)",
                          "grad(loss, wrt...): loss.cols must equal 1 (reduce it with mean or sum)")
METAGRAD_SAME_SHAPE_RULES(max, "max(a, b): a.rows must equal b.rows",
                          "max(a, b): a.cols must equal b.cols")
METAGRAD_SAME_SHAPE_RULES(min, "min(a, b): a.rows must equal b.rows",
                          "min(a, b): a.cols must equal b.cols")
METAGRAD_SAME_SHAPE_RULES(greater, "greater(a, b): a.rows must equal b.rows",
                          "greater(a, b): a.cols must equal b.cols")
METAGRAD_SAME_SHAPE_RULES(less, "less(a, b): a.rows must equal b.rows",
                          "less(a, b): a.cols must equal b.cols")
METAGRAD_SAME_SHAPE_RULES(where_mask, "where(mask, a, b): mask.rows must equal a.rows",
                          "where(mask, a, b): mask.cols must equal a.cols")
METAGRAD_SAME_SHAPE_RULES(where, "where(mask, a, b): b.rows must equal a.rows",
                          "where(mask, a, b): b.cols must equal a.cols")

// A block of columns must lie inside its operand: begin + count <= a.cols.
namespace metagrad::check {
inline constexpr const char* slice_sentence =
    "slice<begin, count>(a): begin + count must not exceed a.cols";
template <dim_t End, dim_t Cols>
constexpr bool slice_cols() {
  static_assert(Cols == dyn || End <= Cols,
                "slice<begin, count>(a): begin + count must not exceed a.cols");
  return Cols == dyn || End <= Cols;
}
inline void slice_cols(dim_t end, dim_t cols) {
  if (cols != dyn && end > cols) fail(slice_sentence, end, cols);
}
}  // namespace metagrad::check
