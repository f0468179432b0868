// run_gnuplot: draws pictures with the gnuplot program. The script writes each picture to
// partial_path(picture); the pictures are renamed into place only when gnuplot succeeded, so a
// failure leaves no half-drawn file.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace metagrad::io {

// A program the work needs is not installed.
struct missing_program : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline std::string partial_path(const std::string& path) { return path + ".partial"; }

// The full path of `program` in $PATH, or "" when it is in none of its directories.
inline std::string find_program(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  for (std::size_t start = 0; start <= dirs.size();) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::string dir = end > start ? dirs.substr(start, end - start) : ".";
    const std::string candidate = dir + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

inline std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline void run_gnuplot(const std::string& script, const std::vector<std::string>& pictures) {
  const std::string gnuplot = find_program("gnuplot");
  if (gnuplot.empty())
    throw missing_program(
        "gnuplot is not installed (not found in PATH); install it, e.g. apt-get install "
        "gnuplot-nox");
  char name[] = "/tmp/metagrad-plot-XXXXXX";
  const int fd = ::mkstemp(name);
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for the gnuplot script");
  const bool written = ::write(fd, script.data(), script.size()) == ssize_t(script.size());
  ::close(fd);
  std::string output;
  int status = -1;
  if (written) {
    if (std::FILE* p = ::popen((shell_quoted(gnuplot) + " " + name + " 2>&1").c_str(), "r")) {
      char buf[4096];
      for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) output.append(buf, n);
      status = ::pclose(p);
    }
  }
  std::remove(name);
  bool drawn = status == 0;
  for (const auto& picture : pictures)
    drawn = drawn && ::access(partial_path(picture).c_str(), R_OK) == 0;
  for (const auto& picture : pictures)
    if (!drawn || std::rename(partial_path(picture).c_str(), picture.c_str()) != 0) {
      std::remove(partial_path(picture).c_str());
      drawn = false;
    }
  if (!drawn)
    throw std::runtime_error("gnuplot failed to draw " + pictures.front() +
                             (output.empty() ? std::string() : ":\n" + output));
}

}  // namespace metagrad::io
