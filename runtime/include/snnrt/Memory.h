// The memory budget of a run, memory estimates, and reading untrusted files
// with a size cap. Every file the runtime reads (program, checkpoint, idx
// data) is opened here: it must be a regular file (not a directory, device
// or pipe) and its size is checked against a cap before anything is
// allocated for it. See docs/runtime.md, "Limits".
#pragma once
#include "snnrt/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace snnrt {

// Physical memory of the machine (sysconf), bytes.
uint64_t physicalMemoryBytes();
// The default budget of one run: half the physical memory.
uint64_t defaultMemoryBudget();

// "4G", "512M", "1.5G", "64K", "1T" (binary units: K = 1024) or plain bytes
// ("1048576"); nothing on a malformed or zero size or one above 2^62.
std::optional<uint64_t> parseByteSize(const std::string &text);
// "12 bytes", "3.0 KiB", "512.0 MiB", "25.1 GiB".
std::string formatBytes(uint64_t bytes);

// What a run allocates, by part ("tiles", "weights", ...), in bytes.
struct MemoryEstimate {
  std::vector<std::pair<std::string, uint64_t>> parts;
  void add(const std::string &part, uint64_t bytes);
  uint64_t total() const;
  // "25.1 GiB (tiles 25.0 GiB, weights 1.2 MiB, ...)": the largest parts
  // first, parts under 1 KiB left out.
  std::string describe() const;
};

// An open regular file. Throws Error(kind) "<path>: ..." when it cannot be
// opened or is not a regular file; `what` names it ("program file").
class RegularFile {
public:
  RegularFile(const std::string &path, ErrorKind kind, const std::string &what);
  ~RegularFile();
  RegularFile(const RegularFile &) = delete;
  RegularFile &operator=(const RegularFile &) = delete;

  const std::string &path() const { return path_; }
  uint64_t size() const { return size_; }
  // Up to n bytes; 0 at the end of the file. Throws on a read error.
  size_t readSome(void *dst, size_t n);
  // Refuses the file: Error(kind) "<path>: <why>".
  [[noreturn]] void fail(const std::string &why) const;

private:
  int fd_ = -1;
  std::string path_;
  ErrorKind kind_;
  uint64_t size_ = 0;
};

// The whole of a regular file of at most maxBytes bytes. A larger file is
// refused before anything is allocated: "<path>: is <size> (<n> bytes), more
// than <maxBytes>, <limitWhy>".
std::vector<uint8_t> readWholeFile(const std::string &path, ErrorKind kind,
                                   const std::string &what, uint64_t maxBytes,
                                   const std::string &limitWhy);

} // namespace snnrt
