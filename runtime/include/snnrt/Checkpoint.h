// Checkpoint files: "SNNC" magic, checkpoint version, hash of the program
// bytes, payload size, payload, CRC-32 (zlib) of everything before it. Written
// atomically (temp file + fsync + rename) so a crash never leaves a torn file.
//
// The payload is written and read by the components themselves, each through
// a save(CheckpointWriter &) const / load(CheckpointReader &) pair, in the
// fixed order of Simulator::save. A CRC only proves that the file is the one
// written; it does not make the file trustworthy, so every load checks what it
// reads against the program it was built for (sizes, ranges, indices, finite
// floats, consistency with state loaded before it) and throws
// Error(BadCheckpoint) "<file>: field '<name>': <what is wrong>" instead of
// loading a value the simulator could not handle.
#pragma once
#include "snnrt/Error.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <type_traits>
#include <initializer_list>
#include <vector>

namespace snnrt {

// 2: wear-leveling rotations; 3: payload in component order (simulator
// state, random streams, device, homeostasis, LIF, pruning, ledger); 4: the
// ledger counts sensed conductance, line activations, accumulation adds and
// window-close reads.
constexpr uint32_t kCheckpointVersion = 4;

class CheckpointWriter {
public:
  // A counting writer keeps nothing and only adds up the payload size: one
  // counting pass, then reserve(size()), and the payload is one allocation
  // of exactly its size (a growing buffer would transiently need up to
  // three times it).
  enum Mode { kKeep, kCount };
  explicit CheckpointWriter(Mode mode = kKeep) : count_(mode == kCount) {}
  void reserve(size_t n) { buf_.reserve(n); }
  size_t size() const { return count_ ? counted_ : buf_.size(); }

  template <class T> void pod(const T &v) {
    static_assert(std::is_trivially_copyable<T>::value, "pod");
    append(&v, sizeof(T));
  }
  template <class T> void vec(const std::vector<T> &v) {
    static_assert(std::is_trivially_copyable<T>::value, "pod");
    pod(uint64_t(v.size()));
    append(v.data(), v.size() * sizeof(T));
  }
  const std::vector<uint8_t> &bytes() const { return buf_; }

private:
  void append(const void *p, size_t n) {
    if (n == 0) return;
    if (count_) {
      counted_ += n;
      return;
    }
    size_t at = buf_.size();
    buf_.resize(at + n);
    std::memcpy(buf_.data() + at, p, n);
  }
  std::vector<uint8_t> buf_;
  bool count_ = false;
  size_t counted_ = 0;
};

class CheckpointReader {
public:
  CheckpointReader(const uint8_t *p, size_t n, std::string file)
      : p_(p), end_(p + n), file_(std::move(file)) {}

  const std::string &file() const { return file_; }
  bool atEnd() const { return p_ == end_; }

  // Refuses the checkpoint: "<file>: field '<field>': <msg>".
  [[noreturn]] void fail(const std::string &field, const std::string &msg) const {
    throw Error(ErrorKind::BadCheckpoint, file_ + ": field '" + field + "': " + msg);
  }

  template <class T> T pod(const std::string &field) {
    static_assert(std::is_trivially_copyable<T>::value, "pod");
    need(sizeof(T), field);
    T v;
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    return v;
  }
  // A vector whose size must equal `expect` (what the component allocated
  // for the running program), so a checkpoint can never resize state.
  template <class T> std::vector<T> vec(size_t expect, const std::string &field) {
    const uint64_t n = pod<uint64_t>(field + ".size");
    if (n != expect)
      fail(field, "has " + std::to_string(n) + " entries where the program needs " +
                      std::to_string(expect));
    return take<T>(n, field);
  }
  // A vector of at most `max` entries.
  template <class T> std::vector<T> vecUpTo(size_t max, const std::string &field) {
    const uint64_t n = pod<uint64_t>(field + ".size");
    if (n > max)
      fail(field, "has " + std::to_string(n) + " entries, more than the " +
                      std::to_string(max) + " possible");
    return take<T>(n, field);
  }

  // Element checks; each names the first offending entry as field[i].
  template <class T>
  void requireBelow(const std::vector<T> &v, uint64_t bound, const std::string &field,
                    const std::string &boundName) const {
    for (size_t i = 0; i < v.size(); ++i)
      if (uint64_t(v[i]) >= bound)
        fail(at(field, i), show(v[i]) + " >= " + boundName + " " + std::to_string(bound));
  }
  void requireFlags(const std::vector<uint8_t> &v, const std::string &field) const {
    for (size_t i = 0; i < v.size(); ++i)
      if (v[i] > 1) fail(at(field, i), show(v[i]) + " is not a flag (0 or 1)");
  }
  template <class T> void requireFinite(const std::vector<T> &v, const std::string &field) const {
    for (size_t i = 0; i < v.size(); ++i)
      if (!std::isfinite(v[i])) fail(at(field, i), show(v[i]) + " is not a finite number");
  }

  static std::string at(const std::string &field, size_t i) {
    return field + "[" + std::to_string(i) + "]";
  }
  template <class T> static std::string show(T v) {
    if constexpr (std::is_floating_point<T>::value) {
      std::ostringstream s;
      s.precision(9);
      s << v;
      return s.str();
    } else if constexpr (std::is_signed<T>::value) {
      return std::to_string(int64_t(v));
    } else {
      return std::to_string(uint64_t(v));
    }
  }

private:
  void need(size_t n, const std::string &field) const {
    if (size_t(end_ - p_) < n) fail(field, "checkpoint payload is truncated");
  }
  template <class T> std::vector<T> take(uint64_t n, const std::string &field) {
    static_assert(std::is_trivially_copyable<T>::value, "pod");
    // Divide rather than multiply: n comes from the file and may be huge.
    if (n > uint64_t(end_ - p_) / sizeof(T)) fail(field, "checkpoint payload is truncated");
    std::vector<T> v(n);
    if (n) std::memcpy(v.data(), p_, n * sizeof(T));
    p_ += n * sizeof(T);
    return v;
  }
  const uint8_t *p_, *end_;
  std::string file_;
};

// Writes `parts` one after the other to path.tmp, fsyncs it and renames it
// over `path`: a reader sees the old file or the whole new one, never half.
void writeFileAtomically(const std::string &path,
                         std::initializer_list<const std::vector<uint8_t> *> parts,
                         const char *what);
void writeCheckpointFile(const std::string &path, uint64_t programHash,
                         const std::vector<uint8_t> &payload);
// Verifies magic, version, CRC and that the checkpoint belongs to the program;
// returns the payload. The file must be a regular file of at most maxBytes
// (refused before reading, naming `limitWhy`, e.g. "the memory budget ...").
std::vector<uint8_t> readCheckpointFile(const std::string &path, uint64_t programHash,
                                       uint64_t maxBytes, const std::string &limitWhy);

} // namespace snnrt
