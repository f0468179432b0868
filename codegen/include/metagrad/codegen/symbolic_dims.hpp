// Sizes as text, for generated code: every size a leaf leaves to the data (dyn in its type) is a
// symbol, a number no real size reaches, so the ops' own shape rules (which pass sizes along) run
// on symbols unchanged. Sizes that the ops tie together (the two sides of an element-wise op, a
// product's inner dimension) join one class; generated code names each class once, by the first
// leaf size in it, and writes a class that meets a number as that number.
#pragma once

#include "metagrad/core/shape.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace metagrad::codegen {

class symbolic_dims {
 public:
  static constexpr dim_t first_symbol = dim_t(1) << 40;

  dim_t make(std::string name) {
    parent_.push_back(parent_.size());
    names_.push_back(std::move(name));
    value_.push_back(dyn);
    return first_symbol + dim_t(parent_.size() - 1);
  }
  // A leaf's size: its number, or a new symbol named `name`.
  dim_t of_leaf(dim_t d, std::string name) { return d == dyn ? make(std::move(name)) : d; }

  // a and b are the same size at run time.
  void unify(dim_t a, dim_t b, const std::string& where) {
    if (!symbol(a) && !symbol(b)) {
      if (a != b)
        throw std::logic_error("codegen: " + where + " joins sizes " + std::to_string(a) + " and " +
                               std::to_string(b));
      return;
    }
    if (!symbol(a)) std::swap(a, b);
    const std::size_t ra = find(a);
    if (!symbol(b)) {
      if (value_[ra] != dyn && value_[ra] != b)
        throw std::logic_error("codegen: " + where + " joins sizes " + std::to_string(value_[ra]) +
                               " and " + std::to_string(b));
      value_[ra] = b;
      return;
    }
    const std::size_t rb = find(b);
    if (ra == rb) return;
    const std::size_t keep = std::min(ra, rb), gone = std::max(ra, rb);  // the first-made name
    if (value_[keep] == dyn) value_[keep] = value_[gone];
    parent_[gone] = keep;
  }

  // The C++ text of a size: a number, or `prefix` + the class's name.
  std::string text(dim_t d, const std::string& prefix = "n.") const {
    if (!symbol(d)) return std::to_string(d);
    const std::size_t r = find(d);
    return value_[r] != dyn ? std::to_string(value_[r]) : prefix + names_[r];
  }

  // The sizes the data decides: one entry per class without a number, with every leaf size in it.
  struct free_size {
    std::string name;
    std::vector<std::string> members;
  };
  std::vector<free_size> free_sizes() const {
    std::vector<free_size> out;
    std::vector<std::size_t> index(parent_.size(), std::size_t(-1));
    for (std::size_t s = 0; s < parent_.size(); ++s) {
      const std::size_t r = find(first_symbol + dim_t(s));
      if (value_[r] != dyn) continue;
      if (index[r] == std::size_t(-1)) {
        index[r] = out.size();
        out.push_back({names_[r], {}});
      }
      out[index[r]].members.push_back(names_[s]);
    }
    return out;
  }

 private:
  static bool symbol(dim_t d) { return d >= first_symbol; }
  std::size_t find(dim_t d) const {
    std::size_t s = std::size_t(d - first_symbol);
    while (parent_[s] != s) s = parent_[s];
    return s;
  }
  std::vector<std::size_t> parent_;
  std::vector<std::string> names_;
  std::vector<dim_t> value_;
};

}  // namespace metagrad::codegen
