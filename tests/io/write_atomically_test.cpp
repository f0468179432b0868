// write_atomically_with when the writing fails half-way, by an exception (a payload that cannot be
// serialized) or by a failed write: the file that was there before is untouched, no new file
// appears, and no temporary file is left beside it.
#include <metagrad/io/binary_file.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace io = metagrad::io;
namespace fs = std::filesystem;

namespace {

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Half of a payload written, then the writer gives up: by throwing, or by saying it failed.
bool half_then_throw(std::FILE* f) {
  std::fputs("half of a payload", f);
  throw std::invalid_argument("a tensor holds NaN");
}
bool half_then_fail(std::FILE* f) {
  std::fputs("half of a payload", f);
  return false;
}

void check_nothing_changed(const std::string& path, bool existed) {
  CHECK(fs::exists(path) == existed);
  if (existed) CHECK(contents(path) == "the model that was there");
  CHECK_FALSE(fs::exists(path + ".tmp-" + std::to_string(::getpid())));
}

}  // namespace

TEST_CASE("a writer that throws leaves no file, no temporary and the old file", "[io]") {
  const std::string path = "write_atomically_test_throw.model";
  for (const bool existed : {false, true}) {
    fs::remove(path);
    if (existed) io::write_atomically(path, "the model that was there");
    CHECK_THROWS_WITH(io::write_atomically_with(path, half_then_throw), "a tensor holds NaN");
    check_nothing_changed(path, existed);
  }
  fs::remove(path);
}

TEST_CASE("a writer that fails leaves no file, no temporary and the old file", "[io]") {
  const std::string path = "write_atomically_test_fail.model";
  for (const bool existed : {false, true}) {
    fs::remove(path);
    if (existed) io::write_atomically(path, "the model that was there");
    // (no reason given: the writer's failure set no errno, and a stale one would mislead)
    CHECK_THROWS_WITH(io::write_atomically_with(path, half_then_fail), path + ": writing failed");
    check_nothing_changed(path, existed);
  }
  fs::remove(path);
}

TEST_CASE("a file in a directory that does not exist is refused by name", "[io]") {
  const std::string path = "write_atomically_test_no_such_directory/out.model";
  CHECK_THROWS_WITH(io::write_atomically(path, "bytes"),
                    Catch::Matchers::StartsWith(path + ": cannot write"));
  CHECK_FALSE(fs::exists("write_atomically_test_no_such_directory"));
}
