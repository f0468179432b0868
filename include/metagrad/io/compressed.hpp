// Payloads compressed with Zstandard (libzstd): a text model's file is mostly quantized
// weights and vocabularies, which level 1 shrinks by about a quarter in a fraction of a second
// and expands several times faster than zlib (docs/model_file.md has the figures).
#pragma once

#include "metagrad/io/binary_file.hpp"

#include <zstd.h>

#include <string>

namespace metagrad::io {

inline std::string compress(const std::string& bytes, int level = 1) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), level);
  if (ZSTD_isError(n)) throw std::runtime_error(std::string("compress: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

// The bytes `compressed` expands to, refused as a damaged `noun` (naming the file) when they are
// not one Zstandard frame that states its size, or when that size is over `limit`: a forged
// size cannot make the reader allocate more than a file of its kind could hold.
inline std::string decompress(const std::string& compressed, const std::string& name,
                              const std::string& noun, std::uint64_t limit) {
  const auto damaged = [&](const std::string& what) {
    return file_error(name + ": damaged " + noun + " (" + what + ")");
  };
  const unsigned long long size = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
    throw damaged("its contents are not compressed as they should be");
  if (size > limit) throw damaged("its contents claim " + std::to_string(size) + " bytes");
  std::string out(std::size_t(size), '\0');
  const std::size_t n =
      ZSTD_decompress(out.data(), out.size(), compressed.data(), compressed.size());
  if (ZSTD_isError(n) || n != size) throw damaged("its contents do not expand to what they claim");
  return out;
}

}  // namespace metagrad::io
