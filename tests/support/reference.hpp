// Reading ../shared/reference (PyTorch and scikit-learn values in float64) into Eigen matrices.
#pragma once

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>

namespace metagrad::testing {

// Python's json writes NaN and Infinity, which JSON lacks: outside strings they become null, and
// number() reads null as NaN (the tests only ask whether a reference value is finite).
inline std::string without_non_finite(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        out += text[i++];
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else {
      bool replaced = false;
      for (const std::string token : {"-Infinity", "Infinity", "NaN"})
        if (!replaced && text.compare(i, token.size(), token) == 0) {
          out += "null";
          i += token.size();
          replaced = true;
        }
      if (replaced) continue;
    }
    if (i < text.size()) out += text[i++];
  }
  return out;
}

inline nlohmann::json load_reference(const std::string& file) {
  const std::string path = std::string(METAGRAD_SHARED_DIR) + "/reference/" + file;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path + " (set METAGRAD_SHARED_DIR)");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return nlohmann::json::parse(without_non_finite(text));
}

inline double number(const nlohmann::json& v) {
  return v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>();
}

// A JSON matrix (list of rows) or vector; `as_row` reads a vector as 1 x n, otherwise n x 1.
template <class S = double>
Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> matrix(const nlohmann::json& v,
                                                        bool as_row = true) {
  if (!v.empty() && v[0].is_array()) {
    Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> m(v.size(), v[0].size());
    for (std::size_t i = 0; i < v.size(); ++i)
      for (std::size_t j = 0; j < v[i].size(); ++j) m(i, j) = static_cast<S>(number(v[i][j]));
    return m;
  }
  Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> m(as_row ? 1 : v.size(), as_row ? v.size() : 1);
  for (std::size_t i = 0; i < v.size(); ++i)
    m(static_cast<Eigen::Index>(i)) = static_cast<S>(number(v[i]));
  return m;
}

// Tolerances of the issue: float32 to 1e-5 relative, double to 1e-9 relative, each with a small
// absolute floor for values near zero.
template <class S>
struct tolerance {
  static constexpr double relative = sizeof(S) == 4 ? 1e-5 : 1e-9;
  static constexpr double absolute = sizeof(S) == 4 ? 1e-7 : 1e-12;
};

template <class S>
bool close(double actual, double expected) {
  return std::abs(actual - expected) <=
         tolerance<S>::relative * std::abs(expected) + tolerance<S>::absolute;
}

}  // namespace metagrad::testing
