// node_rule: what the emitter needs of an op's emission rule (rules.hpp), gathered from rule<Op>
// into one record of function pointers, so that the emitter handles every node alike.
#pragma once

#include "metagrad/codegen/rules.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace metagrad::codegen::detail {

struct node_rule {
  std::string_view formula;
  std::vector<read> reads;
  std::string (*value)(const element_site&) = nullptr;
  std::string (*kernel)(const kernel_site&) = nullptr;
  std::string (*update)(const update_site&) = nullptr;       // a gradient's own SGD (sparse ones)
  std::string (*step_kernel)(const kernel_site&) = nullptr;  // SGD folded into the gradient
};

template <class Op>
node_rule rule_for() {
  node_rule r;
  if constexpr (requires { rule<Op>::missing; }) {
    return r;  // rule<Op>'s static_assert has said why
  } else {
    r.formula = rule<Op>::formula;
    if constexpr (Op::kind == op_kind::elementwise) {
      r.reads.assign(rule<Op>::reads.begin(), rule<Op>::reads.end());
      r.value = &rule<Op>::value;
    }
    if constexpr (requires { &rule<Op>::kernel; }) r.kernel = &rule<Op>::kernel;
    if constexpr (requires { &rule<Op>::update; }) r.update = &rule<Op>::update;
    if constexpr (requires { &rule<Op>::step_kernel; }) r.step_kernel = &rule<Op>::step_kernel;
    return r;
  }
}

}  // namespace metagrad::codegen::detail
