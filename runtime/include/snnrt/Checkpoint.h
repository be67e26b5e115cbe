// Checkpoint files: "SNNC" magic, checkpoint version, hash of the program
// bytes, payload size, payload, CRC-32 (zlib) of everything before it. Written
// atomically (temp file + fsync + rename) so a crash never leaves a torn file.
#pragma once
#include "snnrt/Error.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace snnrt {

constexpr uint32_t kCheckpointVersion = 2; // 2: wear-leveling rotations

class ByteWriter {
public:
  template <class T> void pod(const T &v) {
    static_assert(std::is_trivially_copyable<T>::value, "pod");
    append(&v, sizeof(T));
  }
  template <class T> void vec(const std::vector<T> &v) {
    static_assert(std::is_trivially_copyable<T>::value, "pod");
    pod(uint64_t(v.size()));
    append(v.data(), v.size() * sizeof(T));
  }
  std::vector<uint8_t> &bytes() { return buf_; }

private:
  void append(const void *p, size_t n) {
    if (n == 0) return;
    size_t at = buf_.size();
    buf_.resize(at + n);
    std::memcpy(buf_.data() + at, p, n);
  }
  std::vector<uint8_t> buf_;
};

class ByteReader {
public:
  ByteReader(const uint8_t *p, size_t n, std::string file)
      : p_(p), end_(p + n), file_(std::move(file)) {}
  template <class T> void pod(T &v) {
    need(sizeof(T));
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
  }
  // Reads a vector whose size must equal `expect` (the running program's
  // shape), so a checkpoint can never resize the simulator's state.
  template <class T> void vec(std::vector<T> &v, size_t expect) {
    uint64_t n;
    pod(n);
    if (n != expect)
      throw Error(ErrorKind::BadCheckpoint,
                  file_ + ": checkpoint state has " + std::to_string(n) +
                      " entries where the program needs " + std::to_string(expect));
    need(n * sizeof(T));
    v.resize(n);
    std::memcpy(v.data(), p_, n * sizeof(T));
    p_ += n * sizeof(T);
  }
  // A vector of any size up to `max`.
  template <class T> void vecAny(std::vector<T> &v, size_t max) {
    uint64_t n;
    pod(n);
    if (n > max) throw Error(ErrorKind::BadCheckpoint, file_ + ": implausible checkpoint entry");
    need(n * sizeof(T));
    v.resize(n);
    std::memcpy(v.data(), p_, n * sizeof(T));
    p_ += n * sizeof(T);
  }
  bool atEnd() const { return p_ == end_; }

private:
  void need(size_t n) {
    if (size_t(end_ - p_) < n)
      throw Error(ErrorKind::BadCheckpoint, file_ + ": checkpoint payload is truncated");
  }
  const uint8_t *p_, *end_;
  std::string file_;
};

void writeCheckpointFile(const std::string &path, uint64_t programHash,
                         const std::vector<uint8_t> &payload);
// Verifies magic, version, CRC and that the checkpoint belongs to the program.
std::vector<uint8_t> readCheckpointFile(const std::string &path, uint64_t programHash);

} // namespace snnrt
