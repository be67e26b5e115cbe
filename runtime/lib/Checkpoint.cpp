#include "snnrt/Checkpoint.h"

#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <iterator>
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
  std::vector<uint8_t> file;
  file.reserve(kHeader + payload.size() + 4);
  file.insert(file.end(), kMagic, kMagic + 4);
  put(file, kCheckpointVersion);
  put(file, programHash);
  put(file, uint64_t(payload.size()));
  file.insert(file.end(), payload.begin(), payload.end());
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, file.data(), uInt(file.size()));
  put(file, uint32_t(crc));

  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw Error(ErrorKind::Io, tmp + ": cannot create checkpoint: " + strerror(errno));
  size_t off = 0;
  while (off < file.size()) {
    ssize_t w = ::write(fd, file.data() + off, file.size() - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      throw Error(ErrorKind::Io, tmp + ": write failed: " + strerror(errno));
    }
    off += size_t(w);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    throw Error(ErrorKind::Io, tmp + ": fsync/close failed: " + strerror(errno));
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    throw Error(ErrorKind::Io, path + ": rename failed: " + strerror(errno));
}

std::vector<uint8_t> readCheckpointFile(const std::string &path, uint64_t programHash) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::BadCheckpoint, path + ": cannot open checkpoint");
  std::vector<uint8_t> f((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto bad = [&](const std::string &m) { throw Error(ErrorKind::BadCheckpoint, path + ": " + m); };
  if (f.size() < kHeader + 4 || std::memcmp(f.data(), kMagic, 4) != 0)
    bad("not a checkpoint file (bad magic or too short)");
  if (get<uint32_t>(f.data() + 4) != kCheckpointVersion)
    bad("unsupported checkpoint version " + std::to_string(get<uint32_t>(f.data() + 4)));
  uint64_t size = get<uint64_t>(f.data() + 16);
  if (size != f.size() - kHeader - 4) bad("truncated checkpoint (size mismatch)");
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, f.data(), uInt(f.size() - 4));
  if (uint32_t(crc) != get<uint32_t>(f.data() + f.size() - 4)) bad("checksum mismatch (corrupt checkpoint)");
  if (get<uint64_t>(f.data() + 8) != programHash)
    bad("checkpoint was written by a different program (program hash mismatch)");
  return std::vector<uint8_t>(f.begin() + kHeader, f.end() - 4);
}

} // namespace snnrt
