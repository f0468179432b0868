// find_data: where a data file named on a command line is — the path itself when it exists, else
// under $METAGRAD_DATA, else under ../shared/data (the repository's neighbour, where the project's
// data sets live). Unchanged when found nowhere, so that the reader's error names it.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace metagrad::data {

inline std::string find_data(const std::string& path) {
  namespace fs = std::filesystem;
  if (fs::exists(path)) return path;
  const char* roots[] = {std::getenv("METAGRAD_DATA"), "../shared/data"};
  for (const char* root : roots)
    if (root && fs::exists(fs::path(root) / path)) return (fs::path(root) / path).string();
  return path;  // read_csv names it in its error
}

}  // namespace metagrad::data
