// Fuzz target: any bytes as a model file. The loader returns a model whose parts fit together, or
// refuses with file_error; it never allocates more than the bytes could hold (libFuzzer's 2 GB
// limit would report it) and never reads outside them.
#include <metagrad/io/classifier_file.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  // Most mutations break the checksum, or the compression; for inputs whose checksum field opens
  // with an odd byte (half of them, and the *_payload seeds) the bytes after the header are taken
  // as the payload uncompressed: compressed, and the size and checksum repaired, so that the
  // fuzzer reaches the parser.
  constexpr std::size_t magic = sizeof(metagrad::io::classifier_file_kind.magic),
                        header = magic + 4 + 8 + 8;
  if (size > header && (std::uint8_t(bytes[magic + 12]) & 1)) {
    const std::string payload = metagrad::io::compress(bytes.substr(header));
    const std::uint64_t length = payload.size(), sum = metagrad::io::fnv1a(payload);
    bytes = bytes.substr(0, header) + payload;
    bytes.replace(magic + 4, 8, reinterpret_cast<const char*>(&length), 8);
    bytes.replace(magic + 12, 8, reinterpret_cast<const char*>(&sum), 8);
  }
  try {
    const auto m = metagrad::io::parse_classifier_file(bytes, "fuzz.model");
    if (m.members.empty() || m.thresholds.size() != m.labels.size()) std::abort();
    for (const auto& p : m.members)
      if (p.W2.cols() != Eigen::Index(m.labels.size())) std::abort();
  } catch (const metagrad::io::file_error&) {
  }
  return 0;
}
