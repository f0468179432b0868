// cpp_files: generated C++ (a header and a source named for its namespace), written into a
// directory, and the main() of a generator program that writes some.
#pragma once

#include "metagrad/io/binary_file.hpp"

#include <cstdio>
#include <exception>
#include <string>

namespace metagrad::codegen {

struct cpp_files {
  std::string name, header, source;
};

// DIR/NAME.hpp and DIR/NAME.cpp, each written whole or not at all.
inline void write_files(const cpp_files& f, const std::string& dir) {
  io::write_atomically(dir + "/" + f.name + ".hpp", f.header);
  io::write_atomically(dir + "/" + f.name + ".cpp", f.source);
}

// The main() of a generator program (metagrad_generate): `generator DIR` writes into DIR every file
// set that emit() returns (a std::vector<cpp_files>), or says why it could not.
template <class Emit>
int generator_main(int argc, char** argv, Emit emit) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIRECTORY\n", argc > 0 ? argv[0] : "generator");
    return 2;
  }
  try {
    for (const cpp_files& f : emit()) write_files(f, argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 1;
  }
  return 0;
}

}  // namespace metagrad::codegen
