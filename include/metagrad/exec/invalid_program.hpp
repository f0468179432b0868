// invalid_program: what compile() returns for an expression whose shape rule failed.
#pragma once

#include "metagrad/detail/eigen_types.hpp"

namespace metagrad {

// A program for a failed expression: accepts every call without a word, so that the failed
// shape rule's sentence stays the only message.
struct invalid_program {
  struct invalid_workspace {
    void bind(auto&&...) {}
    void run() {}
    detail::matrix_t<float> operator[](auto) const { return {}; }
  };
  auto workspace(auto&&...) const { return invalid_workspace{}; }
  static void run(auto&) {}
};

}  // namespace metagrad
