// shape: rows x cols of a node, known at compile time where the model fixes it, dyn elsewhere.
#pragma once

#include <cstddef>
#include <string>

namespace metagrad {

using dim_t = std::ptrdiff_t;

// A size the data decides (the batch, the number of features of a file).
inline constexpr dim_t dyn = -1;

struct shape {
  dim_t rows = 0;
  dim_t cols = 0;
  constexpr bool operator==(const shape&) const = default;
  constexpr dim_t size() const { return rows * cols; }
};

// Where one side knows a size and the other says dyn, the known one wins.
constexpr dim_t merge_dim(dim_t a, dim_t b) { return a == dyn ? b : a; }

inline std::string dim_text(dim_t d) { return d == dyn ? std::string("?") : std::to_string(d); }
inline std::string shape_text(shape s) { return dim_text(s.rows) + " x " + dim_text(s.cols); }

}  // namespace metagrad
