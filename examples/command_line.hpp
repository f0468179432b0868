// The command line of a subcommand: `--name value` pairs, each name one the subcommand knows;
// numbers checked against their range. Every mistake is a usage_error with one sentence.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// A mistake on the command line (exit status 2, with the usage text).
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The options a usage text names for `command`: every "--name" on the lines from one that starts
// "  PROGRAM command" to the next that starts "  PROGRAM" (two spaces, then a word).
inline std::set<std::string> options_in_usage(const std::string& usage,
                                              const std::string& command) {
  std::set<std::string> names;
  std::istringstream lines(usage);
  bool inside = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > 2 && line.compare(0, 2, "  ") == 0 && line[2] != ' ') {
      const std::size_t space = line.find(' ', 2);
      inside = line.compare(space + 1, command.size() + 1, command + " ") == 0;
    }
    for (std::size_t at = line.find("--"); inside && at != std::string::npos;
         at = line.find("--", at + 2)) {
      std::size_t end = at + 2;
      while (end < line.size() &&
             (std::isalnum(static_cast<unsigned char>(line[end])) || line[end] == '-'))
        ++end;
      if (end > at + 2) names.insert(line.substr(at + 2, end - at - 2));
    }
  }
  return names;
}

// --name value pairs, and --flag alone; every name must be one the subcommand knows.
class arguments {
 public:
  arguments(int argc, char** argv, const std::set<std::string>& known,
            const std::set<std::string>& flags = {}) {
    for (int i = 2; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "--help" || a == "-h") {
        help = true;
        continue;
      }
      const std::string name = a.rfind("--", 0) == 0 ? a.substr(2) : "";
      if (flags.count(name)) {
        values_[name] = "";
        continue;
      }
      if (name.empty() || !known.count(name)) throw usage_error("unknown argument '" + a + "'");
      if (i + 1 >= argc) throw usage_error(a + ": expected a value");
      values_[name] = argv[++i];
    }
  }
  // Pairs restored as they were given (a resumed run's).
  explicit arguments(std::map<std::string, std::string> values) : values_(std::move(values)) {}
  bool help = false;
  const std::map<std::string, std::string>& values() const { return values_; }
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
  // A file to write, checked now rather than after minutes of work: its directory must exist and
  // be writable. `fallback` when the argument is not given ("" for none).
  std::string output(const std::string& name, const std::string& fallback = "") const {
    const std::string path = text(name, fallback);
    if (path.empty()) return path;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    const std::string dir = parent.empty() ? "." : parent.string();
    const std::string given = has(name) ? "--" + name + " " + path : path;
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error))
      throw usage_error(given + ": there is no directory '" + dir + "' to write it in");
    if (::access(dir.c_str(), W_OK) != 0)
      throw usage_error(given + ": cannot write in directory '" + dir + "' (" +
                        std::strerror(errno) + ")");
    return path;
  }
  // A directory to write in, created (with its parents) when it does not exist.
  std::string output_directory(const std::string& name) const {
    const std::string dir = required(name);
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error)
      throw usage_error("--" + name + " " + dir + ": cannot create the directory (" +
                        error.message() + ")");
    return dir;
  }
  // One of `choices`, or a usage error naming them.
  std::string choice(const std::string& name, const std::string& fallback,
                     const std::vector<std::string>& choices) const {
    const std::string v = text(name, fallback);
    if (std::find(choices.begin(), choices.end(), v) != choices.end()) return v;
    std::string listed;
    for (std::size_t k = 0; k < choices.size(); ++k)
      listed.append(k == 0 ? "" : k + 1 == choices.size() ? " or " : ", ").append(choices[k]);
    throw usage_error("--" + name + ": expected " + listed + ", found '" + v + "'");
  }
  // The value of the choice given (by its name), or `fallback` (Value named: choice<Value>).
  template <class Value>
  Value choice(
      const std::string& name, std::type_identity_t<Value> fallback,
      const std::vector<std::pair<std::string, std::type_identity_t<Value>>>& choices) const {
    if (!has(name)) return fallback;
    std::vector<std::string> names;
    for (const auto& c : choices) names.push_back(c.first);
    const std::string given = choice(name, "", names);
    for (const auto& c : choices)
      if (c.first == given) return c.second;
    return fallback;
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
