// The command line of a subcommand: `--name value` pairs, each name one the subcommand knows;
// numbers checked against their range. Every mistake is a usage_error with one sentence.
#pragma once

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

// A mistake on the command line (exit status 2, with the usage text).
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// --name value pairs; every name must be one the subcommand knows.
class arguments {
 public:
  arguments(int argc, char** argv, const std::set<std::string>& known) {
    for (int i = 2; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "--help" || a == "-h") {
        help = true;
        continue;
      }
      if (a.rfind("--", 0) != 0 || !known.count(a.substr(2)))
        throw usage_error("unknown argument '" + a + "'");
      if (i + 1 >= argc) throw usage_error(a + ": expected a value");
      values_[a.substr(2)] = argv[++i];
    }
  }
  bool help = false;
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  std::string text(const std::string& name, const std::string& fallback = "") const {
    const auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
  }
  std::string required(const std::string& name) const {
    if (!has(name)) throw usage_error("--" + name + " is required");
    return text(name);
  }
  double number(const std::string& name, double fallback, double low, double high) const {
    if (!has(name)) return fallback;
    const std::string t = text(name);
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || *end || !(v >= low && v <= high))
      throw usage_error("--" + name + ": expected a number from " + format(low) + " to " +
                        format(high) + ", found '" + t + "'");
    return v;
  }
  long integer(const std::string& name, long fallback, long low, long high) const {
    const double v = number(name, double(fallback), double(low), double(high));
    if (v != double(long(v)))
      throw usage_error("--" + name + ": expected a whole number, found '" + text(name) + "'");
    return long(v);
  }

 private:
  static std::string format(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  }
  std::map<std::string, std::string> values_;
};
