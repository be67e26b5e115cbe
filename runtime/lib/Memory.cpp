#include "snnrt/Memory.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace snnrt {

uint64_t physicalMemoryBytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return uint64_t(4) << 30; // unknown: assume 4 GiB
  return uint64_t(pages) * uint64_t(page);
}

uint64_t defaultMemoryBudget() { return physicalMemoryBytes() / 2; }

std::optional<uint64_t> parseByteSize(const std::string &text) {
  if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.'))
    return std::nullopt;
  errno = 0;
  char *end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (errno || end == text.c_str() || !std::isfinite(value)) return std::nullopt;
  std::string unit(end);
  if (unit.size() > 1 && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  if (unit.size() > 1 && (unit.back() == 'i')) unit.pop_back(); // "GiB"
  double scale = 1;
  if (unit.empty() || unit == "B" || unit == "b") scale = 1;
  else if (unit == "K" || unit == "k") scale = 1024.0;
  else if (unit == "M" || unit == "m") scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "g") scale = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "t") scale = 1024.0 * 1024 * 1024 * 1024;
  else return std::nullopt;
  const double bytes = std::floor(value * scale);
  if (!(bytes >= 1) || bytes > double(uint64_t(1) << 62)) return std::nullopt;
  return uint64_t(bytes);
}

std::string formatBytes(uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  static const char *units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = double(bytes) / 1024;
  int u = 0;
  while (v >= 1024 && u < 5) {
    v /= 1024;
    ++u;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %s", v, units[u]);
  return buffer;
}

void MemoryEstimate::add(const std::string &part, uint64_t bytes) {
  for (auto &p : parts)
    if (p.first == part) {
      p.second += bytes;
      return;
    }
  parts.emplace_back(part, bytes);
}

uint64_t MemoryEstimate::total() const {
  uint64_t t = 0;
  for (const auto &p : parts) t += p.second;
  return t;
}

std::string MemoryEstimate::describe() const {
  auto sorted = parts;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto &a, const auto &b) { return a.second > b.second; });
  std::string s = formatBytes(total()) + " (";
  bool first = true;
  for (const auto &p : sorted) {
    if (p.second < 1024) continue;
    s += (first ? "" : ", ") + p.first + " " + formatBytes(p.second);
    first = false;
  }
  return s + ")";
}

RegularFile::RegularFile(const std::string &path, ErrorKind kind, const std::string &what)
    : path_(path), kind_(kind) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd_ < 0) fail("cannot open " + what + ": " + std::strerror(errno));
  struct stat st;
  if (::fstat(fd_, &st) != 0) fail("cannot stat " + what + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) fail("is a directory, not a " + what);
  if (!S_ISREG(st.st_mode))
    fail(std::string("is not a regular file (") +
         (S_ISCHR(st.st_mode)    ? "a character device"
          : S_ISBLK(st.st_mode)  ? "a block device"
          : S_ISFIFO(st.st_mode) ? "a pipe"
          : S_ISSOCK(st.st_mode) ? "a socket"
                                 : "not a file") +
         "); a " + what + " must be a regular file");
  size_ = uint64_t(st.st_size);
  // Regular files never block; plain blocking reads from here on.
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
}

RegularFile::~RegularFile() {
  if (fd_ >= 0) ::close(fd_);
}

void RegularFile::fail(const std::string &why) const { throw Error(kind_, path_ + ": " + why); }

size_t RegularFile::readSome(void *dst, size_t n) {
  for (;;) {
    const ssize_t got = ::read(fd_, dst, std::min<size_t>(n, size_t(1) << 30));
    if (got >= 0) return size_t(got);
    if (errno != EINTR) fail(std::string("read error: ") + std::strerror(errno));
  }
}

std::vector<uint8_t> readWholeFile(const std::string &path, ErrorKind kind,
                                   const std::string &what, uint64_t maxBytes,
                                   const std::string &limitWhy) {
  RegularFile f(path, kind, what);
  if (f.size() > maxBytes)
    f.fail("is " + formatBytes(f.size()) + " (" + std::to_string(f.size()) +
           " bytes), more than " + formatBytes(maxBytes) + ", " + limitWhy);
  std::vector<uint8_t> bytes(size_t(f.size()));
  size_t have = 0;
  while (have < bytes.size()) {
    const size_t got = f.readSome(bytes.data() + have, bytes.size() - have);
    if (got == 0) break; // shrank while being read
    have += got;
  }
  bytes.resize(have);
  // A file that grows while it is read is refused rather than read past the cap.
  uint8_t extra;
  if (have == f.size() && f.readSome(&extra, 1) != 0)
    f.fail("changed size while being read");
  return bytes;
}

} // namespace snnrt
