#include "snnrt/Checkpoint.h"
#include "snnrt/Memory.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

namespace snnrt {

namespace {
const char kMagic[4] = {'S', 'N', 'N', 'C'};
constexpr size_t kHeader = 4 + 4 + 8 + 8;

template <class T> void put(std::vector<uint8_t> &b, T v) {
  const auto *p = reinterpret_cast<const uint8_t *>(&v);
  b.insert(b.end(), p, p + sizeof(T));
}
template <class T> T get(const uint8_t *p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}
} // namespace

void writeCheckpointFile(const std::string &path, uint64_t programHash,
                         const std::vector<uint8_t> &payload) {
  // Header, payload and CRC are written as they are: no copy of the payload.
  std::vector<uint8_t> header(kMagic, kMagic + 4);
  put(header, kCheckpointVersion);
  put(header, programHash);
  put(header, uint64_t(payload.size()));
  uLong crc = crc32_z(0L, Z_NULL, 0);
  crc = crc32_z(crc, header.data(), header.size());
  crc = crc32_z(crc, payload.data(), payload.size());
  std::vector<uint8_t> trailer;
  put(trailer, uint32_t(crc));

  writeFileAtomically(path, {&header, &payload, &trailer}, "checkpoint");
}

void writeFileAtomically(const std::string &path,
                         std::initializer_list<const std::vector<uint8_t> *> parts,
                         const char *what) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    throw Error(ErrorKind::Io, tmp + ": cannot create " + what + ": " + strerror(errno));
  for (const std::vector<uint8_t> *part : parts) {
    size_t off = 0;
    while (off < part->size()) {
      ssize_t w = ::write(fd, part->data() + off, part->size() - off);
      if (w < 0) {
        if (errno == EINTR) continue;
        ::close(fd);
        throw Error(ErrorKind::Io, tmp + ": write failed: " + strerror(errno));
      }
      off += size_t(w);
    }
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    throw Error(ErrorKind::Io, tmp + ": fsync/close failed: " + strerror(errno));
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    throw Error(ErrorKind::Io, path + ": rename failed: " + strerror(errno));
}

std::vector<uint8_t> readCheckpointFile(const std::string &path, uint64_t programHash,
                                       uint64_t maxBytes, const std::string &limitWhy) {
  std::vector<uint8_t> f =
      readWholeFile(path, ErrorKind::BadCheckpoint, "checkpoint file", maxBytes, limitWhy);
  auto bad = [&](const std::string &m) { throw Error(ErrorKind::BadCheckpoint, path + ": " + m); };
  if (f.size() < kHeader + 4 || std::memcmp(f.data(), kMagic, 4) != 0)
    bad("not a checkpoint file (bad magic or too short)");
  if (get<uint32_t>(f.data() + 4) != kCheckpointVersion)
    bad("unsupported checkpoint version " + std::to_string(get<uint32_t>(f.data() + 4)));
  uint64_t size = get<uint64_t>(f.data() + 16);
  if (size != f.size() - kHeader - 4) bad("truncated checkpoint (size mismatch)");
  // crc32_z: the length is a size_t, so files over 4 GiB are covered whole.
  uLong crc = crc32_z(0L, Z_NULL, 0);
  crc = crc32_z(crc, f.data(), f.size() - 4);
  if (uint32_t(crc) != get<uint32_t>(f.data() + f.size() - 4)) bad("checksum mismatch (corrupt checkpoint)");
  if (get<uint64_t>(f.data() + 8) != programHash)
    bad("checkpoint was written by a different program (program hash mismatch)");
  // The payload, in place: no second copy of a file that may be large.
  f.resize(f.size() - 4);
  f.erase(f.begin(), f.begin() + kHeader);
  return f;
}

} // namespace snnrt
