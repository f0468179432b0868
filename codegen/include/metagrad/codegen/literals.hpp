// Data as C++ source: string and float literals that read back as the same values, and tables of
// them (`const float name[] = {...};`), for the exports that carry a trained model's numbers.
#pragma once

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace metagrad::codegen::detail {

// A C++ string literal.
inline std::string literal(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", unsigned(u));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + '"';
}

// A literal with `digits` significant digits. A whole number gets a point ("0f" is not a C++
// literal; a weight of a feature no fitted row had is exactly 0).
inline std::string decimal_literal(double x, int digits) {
  if (!std::isfinite(x))
    throw std::invalid_argument("export: the model holds a value that is not finite");
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  std::string out = buf;
  if (out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

// A float literal with nine digits, a double's with seventeen: each reads back as the same value.
inline std::string float_literal(double x) { return decimal_literal(x, 9) + 'f'; }
inline std::string double_literal(double x) { return decimal_literal(x, 17); }

// `const T name[] = {...};` eight values a line.
template <class T>
std::string table(const std::string& type, const std::string& name, const T* values,
                  std::size_t n) {
  std::string out = "const " + type + " " + name + "[] = {";
  for (std::size_t k = 0; k < n; ++k) {
    out += k % 8 == 0 ? "\n    " : " ";
    if constexpr (std::is_same_v<T, std::string>)
      out += literal(values[k]);
    else
      out += float_literal(double(values[k]));
    out += ',';
  }
  return out + (n ? "\n};\n" : "};\n");
}

inline std::string list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) out += (k ? ", " : "") + literal(items[k]);
  return out;
}

}  // namespace metagrad::codegen::detail
