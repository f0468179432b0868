// Binary files that are written atomically and read defensively.
//  - write_atomically: temporary file beside the target, flushed to disk, then renamed over it, so
//    a crash leaves the old file or the new one, never half of one.
//  - byte_writer / byte_reader: little fields with lengths; the reader checks every count against
//    the bytes that remain before it allocates, so a forged length cannot make it allocate more
//    than the file holds, and a short file is "damaged", not a crash.
//  - framed files: magic, version, payload size and an FNV-1a checksum of the payload; a
//    file_kind says which magic and version, and what messages call the file.
#pragma once

#include "metagrad/core/fnv1a.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace metagrad::io {

// A file that is not what it should be (damaged, another version, not a model at all).
struct file_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A kind of framed file: the magic bytes that open it, the version this program writes and
// reads, and what messages call it ("model file").
struct file_kind {
  char magic[8];
  std::uint32_t version;
  const char* noun;
};

using metagrad::fnv1a;  // core/fnv1a.hpp: the checksum of every framed file

// Fields into memory (bytes()), or straight into a file (streamed: a model of several hundred
// megabytes is not copied into memory to be written), hashed as they go.
class byte_writer {
 public:
  byte_writer() = default;
  explicit byte_writer(std::FILE* sink) : sink_(sink) {}

  template <class T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    append(&value, sizeof(T));
  }
  void put(const std::string& s) {
    put(std::uint64_t(s.size()));
    append(s.data(), s.size());
  }
  // n values as a vector of them would be put.
  template <class T>
  void put_array(const T* values, std::size_t n) {
    static_assert(std::is_trivially_copyable_v<T>);
    put(std::uint64_t(n));
    append(values, n * sizeof(T));
  }
  template <class T>
  void put(const std::vector<T>& v) {
    if constexpr (std::is_trivially_copyable_v<T>) {
      put_array(v.data(), v.size());
    } else {
      put(std::uint64_t(v.size()));
      for (const T& x : v) put(x);
    }
  }
  void append(const void* data, std::size_t n) {
    if (n == 0) return;  // (an empty vector's data may be null)
    size_ += n;
    hash_ = fnv1a(data, n, hash_);
    if (!sink_)
      out_.append(static_cast<const char*>(data), n);
    else if (ok_)
      ok_ = std::fwrite(data, 1, n, sink_) == n;
  }
  const std::string& bytes() const { return out_; }  // (empty when streamed into a file)
  std::uint64_t size() const { return size_; }
  std::uint64_t hash() const { return hash_; }
  bool ok() const { return ok_; }  // every streamed write succeeded

 private:
  std::string out_;
  std::FILE* sink_ = nullptr;
  std::uint64_t size_ = 0, hash_ = fnv1a(nullptr, 0);
  bool ok_ = true;
};

class byte_reader {
 public:
  // `noun` names the kind of file in messages ("model file").
  byte_reader(std::string bytes, std::string file, std::string noun)
      : in_(std::move(bytes)), file_(std::move(file)), noun_(std::move(noun)) {}

  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof(T), 1);
    T value;
    std::memcpy(&value, in_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  std::string get_string() {
    const std::uint64_t n = get<std::uint64_t>();
    need(1, n);
    std::string s = in_.substr(at_, n);
    at_ += n;
    return s;
  }
  template <class T>
  std::vector<T> get_vector() {
    static_assert(std::is_trivially_copyable_v<T>);
    const std::uint64_t n = get<std::uint64_t>();
    need(sizeof(T), n);  // before allocating
    std::vector<T> v(n);
    if (n) std::memcpy(v.data(), in_.data() + at_, n * sizeof(T));
    at_ += n * sizeof(T);
    return v;
  }
  // A count of things each at least `least` bytes long, refused when the rest cannot hold them.
  std::uint64_t get_count(std::uint64_t least) {
    const std::uint64_t n = get<std::uint64_t>();
    need(least, n);
    return n;
  }
  std::vector<std::string> get_strings() {
    const std::uint64_t n = get_count(8);  // each string has at least its length
    std::vector<std::string> v;
    v.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) v.push_back(get_string());
    return v;
  }
  bool done() const { return at_ == in_.size(); }
  [[noreturn]] void damaged(const std::string& what) const {
    throw file_error(file_ + ": damaged " + noun_ + " (" + what + ")");
  }

 private:
  void need(std::uint64_t size, std::uint64_t count) const {
    if (count > (in_.size() - at_) / size) damaged("it ends before its contents do");
  }
  std::string in_;
  std::string file_, noun_;
  std::size_t at_ = 0;
};

// A file written by `write(std::FILE*)` (which says whether every write succeeded) into a
// temporary file beside `path`, flushed to disk and renamed over it.
template <class Write>
void write_atomically_with(const std::string& path, Write write) {
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  std::FILE* f = std::fopen(temporary.c_str(), "wb");
  if (!f) throw std::runtime_error(path + ": cannot write (" + std::strerror(errno) + ")");
  bool ok = false;
  errno = 0;  // a writer that fails on its own (not in a call that sets errno) leaves it 0
  try {
    ok = write(f) && std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  } catch (...) {
    std::fclose(f);
    std::remove(temporary.c_str());
    throw;
  }
  if (std::fclose(f) != 0 || !ok || std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    throw std::runtime_error(path + ": writing failed" +
                             (error ? " (" + std::string(std::strerror(error)) + ")" : ""));
  }
}

inline void write_atomically(const std::string& path, const std::string& bytes) {
  write_atomically_with(path, [&](std::FILE* f) {
    return std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  });
}

// magic | version u32 | payload size u64 | FNV-1a u64 | payload, the payload being what
// `payload(byte_writer&)` puts, streamed into the file; the size and checksum are written once
// it is done.
template <class Payload>
void write_framed_with(const std::string& path, const file_kind& kind, Payload payload) {
  write_atomically_with(path, [&](std::FILE* f) {
    byte_writer header(f);
    for (char c : kind.magic) header.put(c);
    header.put(kind.version);
    const long sums_at = long(header.size());
    header.put(std::uint64_t(0)), header.put(std::uint64_t(0));  // size and checksum, below
    byte_writer w(f);
    payload(w);
    if (!header.ok() || !w.ok() || std::fseek(f, sums_at, SEEK_SET) != 0) return false;
    byte_writer sums(f);
    sums.put(w.size()), sums.put(w.hash());
    return sums.ok();
  });
}

inline void write_framed(const std::string& path, const file_kind& kind,
                         const std::string& payload) {
  write_framed_with(path, kind, [&](byte_writer& w) { w.append(payload.data(), payload.size()); });
}

// No framed file is larger: a path to something else (a disk image, /dev/zero) is refused
// before anything is read into memory.
inline constexpr std::uint64_t max_framed_file_bytes = std::uint64_t(8) << 30;  // 8 GiB

// The payload of framed `bytes`, after checking magic, version, size and checksum; `name` is the
// file's, for messages.
inline std::string unframe(const std::string& bytes, const std::string& name,
                           const file_kind& kind) {
  const std::string noun = kind.noun;
  const std::size_t header = sizeof(kind.magic) + 4 + 8 + 8;
  if (bytes.size() < header || std::memcmp(bytes.data(), kind.magic, sizeof(kind.magic)) != 0)
    throw file_error(name + ": not a metagrad " + noun);
  byte_reader r(bytes.substr(sizeof(kind.magic), header - sizeof(kind.magic)), name, noun);
  const auto v = r.get<std::uint32_t>();
  const auto size = r.get<std::uint64_t>();
  const auto sum = r.get<std::uint64_t>();
  if (v != kind.version)
    throw file_error(name + ": " + noun + " version " + std::to_string(v) +
                     ", this program reads " + std::to_string(kind.version));
  if (size != bytes.size() - header)
    throw file_error(name + ": damaged " + noun + " (truncated or padded)");
  std::string payload = bytes.substr(header);
  if (fnv1a(payload) != sum) throw file_error(name + ": damaged " + noun + " (checksum mismatch)");
  return payload;
}

// The bytes of a framed file, refused before reading when larger than any such file.
inline std::string read_framed_bytes(const std::string& path, const file_kind& kind) {
  const std::string noun = kind.noun;
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) throw file_error(path + ": cannot open the " + noun + " (" + error.message() + ")");
  if (size > max_framed_file_bytes)
    throw file_error(path + ": " + std::to_string(size) + " bytes is larger than any " + noun +
                     " (the limit is 8 GiB)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw file_error(path + ": cannot open the " + noun);
  std::string bytes(std::size_t(size), '\0');
  if (!in.read(bytes.data(), std::streamsize(size)) || in.peek() != EOF)
    throw file_error(path + ": the " + noun + " changed while it was read");
  return bytes;
}

}  // namespace metagrad::io
