// Fuzz target: any bytes as a checkpoint file. The loader returns a checkpoint whose networks are
// all finished but the last, or refuses with file_error; it never allocates more than the bytes
// could hold and never reads outside them. (Whether a state fits the data is trainer::resume's
// check, tested in tests/nn/resume_test.cpp.)
#include <metagrad/io/checkpoint_file.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  // Most mutations break the checksum; half the time, repair it so the fuzzer reaches the parser.
  constexpr std::size_t magic = sizeof(metagrad::io::checkpoint_kind.magic), header = magic + 20;
  if (size > header && size % 2 == 0) {
    const std::uint64_t length = size - header, sum = metagrad::io::fnv1a(bytes.substr(header));
    bytes.replace(magic + 4, 8, reinterpret_cast<const char*>(&length), 8);
    bytes.replace(magic + 12, 8, reinterpret_cast<const char*>(&sum), 8);
  }
  try {
    const auto c = metagrad::io::parse_checkpoint(bytes, "fuzz.checkpoint");
    for (std::size_t k = 0; k + 1 < c.networks.size(); ++k)
      if (!c.networks[k].finished) std::abort();
  } catch (const metagrad::io::file_error&) {
  }
  return 0;
}
