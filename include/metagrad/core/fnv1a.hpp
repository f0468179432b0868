// fnv1a: the 64-bit FNV-1a hash of bytes — the checksum of metagrad's framed files
// (io/binary_file.hpp) and the hash of a graph's signature (graph/signature.hpp). Its offset basis
// is the files' own (1469598103934665603), kept so that every file written stays readable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace metagrad {

// FNV-1a of n bytes, continuing from `h` (several pieces hash as their concatenation would).
inline std::uint64_t fnv1a(const void* data, std::size_t n,
                           std::uint64_t h = 1469598103934665603ull) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ bytes[i]) * 1099511628211ull;
  return h;
}
inline std::uint64_t fnv1a(const std::string& bytes) { return fnv1a(bytes.data(), bytes.size()); }

}  // namespace metagrad
