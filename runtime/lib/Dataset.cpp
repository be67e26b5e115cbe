#include "snnrt/Dataset.h"
#include "snnrt/Error.h"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace snnrt {
namespace {

[[noreturn]] void fail(const std::string &path, const std::string &why) {
  throw Error(ErrorKind::BadData, path + ": " + why);
}

// The bytes of an idx file, raw or gzip-compressed (recognised by the gzip
// magic, 1f 8b). Gzip data is inflated here rather than by gzread, which
// silently ignores whatever follows the last gzip member: a file must end
// with its last member (concatenated members are valid gzip and are read).
class IdxStream {
public:
  explicit IdxStream(const std::string &path)
      // The read buffer is no larger than the file: small files (tests,
      // fuzzing) then do not pay for zeroing 128 KiB they never use.
      : file_(path, ErrorKind::BadData, "data file"),
        in_(size_t(std::clamp<uint64_t>(file_.size(), 16, 1 << 17))) {
    ensure(2);
    gz_ = avail() >= 2 && in_[pos_] == 0x1f && in_[pos_ + 1] == 0x8b;
    if (gz_) {
      std::memset(&zs_, 0, sizeof zs_);
      if (inflateInit2(&zs_, 15 + 16) != Z_OK) fail(path, "cannot initialise zlib");
    }
  }
  ~IdxStream() {
    if (gz_) inflateEnd(&zs_);
  }
  IdxStream(const IdxStream &) = delete;
  IdxStream &operator=(const IdxStream &) = delete;

  const std::string &path() const { return file_.path(); }
  bool gzip() const { return gz_; }
  uint64_t fileSize() const { return file_.size(); }

  // Exactly n bytes, or an error naming `what`.
  void read(void *dst, size_t n, const char *what) {
    auto *out = static_cast<uint8_t *>(dst);
    while (n > 0) {
      const size_t got = some(out, n, what);
      if (got == 0) fail(path(), std::string("truncated file while reading ") + what);
      out += got;
      n -= got;
    }
  }
  uint32_t be32(const char *what) {
    uint8_t b[4];
    read(b, 4, what);
    return (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | b[3];
  }
  // Reads and discards up to n bytes; returns how many there were.
  uint64_t skip(uint64_t n, const char *what) {
    std::vector<uint8_t> scratch(std::min<uint64_t>(n, 1 << 16));
    uint64_t done = 0;
    while (done < n) {
      const size_t got = some(scratch.data(), size_t(std::min<uint64_t>(n - done, scratch.size())), what);
      if (got == 0) break;
      done += got;
    }
    return done;
  }
  // True when no data follow (for gzip: the last member ended, its check
  // value matched, and nothing but another member follows it).
  bool atEnd(const char *what) {
    uint8_t extra;
    return some(&extra, 1, what) == 0;
  }

private:
  size_t avail() const { return len_ - pos_; }
  // At least k bytes buffered, unless the file ends first.
  void ensure(size_t k) {
    if (avail() >= k || eof_) return;
    std::memmove(in_.data(), in_.data() + pos_, avail());
    len_ = avail();
    pos_ = 0;
    while (len_ < k && !eof_) {
      const size_t got = file_.readSome(in_.data() + len_, in_.size() - len_);
      if (got == 0) eof_ = true;
      len_ += got;
    }
  }
  // Up to n bytes of data; 0 at the end.
  size_t some(uint8_t *out, size_t n, const char *what) {
    if (!gz_) {
      if (avail() == 0) ensure(1);
      const size_t take = std::min(n, avail());
      std::memcpy(out, in_.data() + pos_, take);
      pos_ += take;
      return take;
    }
    for (;;) {
      if (memberEnded_) {
        // Another member, the end of the file, or garbage.
        ensure(2);
        if (avail() == 0) return 0;
        if (avail() < 2 || in_[pos_] != 0x1f || in_[pos_ + 1] != 0x8b)
          fail(path(), "trailing garbage after the gzip data (not another gzip member)");
        inflateReset(&zs_);
        memberEnded_ = false;
      }
      if (avail() == 0) ensure(1);
      zs_.next_in = in_.data() + pos_;
      zs_.avail_in = uInt(avail());
      zs_.next_out = out;
      zs_.avail_out = uInt(std::min<size_t>(n, 1u << 30));
      const uInt before = zs_.avail_out;
      const int ret = inflate(&zs_, Z_NO_FLUSH);
      pos_ = len_ - zs_.avail_in;
      const size_t produced = before - zs_.avail_out;
      if (ret == Z_STREAM_END) memberEnded_ = true;
      else if (ret == Z_BUF_ERROR || (ret == Z_OK && produced == 0)) {
        if (avail() == 0 && eof_)
          fail(path(), std::string("truncated file while reading ") + what +
                           " (the gzip data end early)");
        if (ret == Z_BUF_ERROR && avail() > 0) // no progress with input and room: never
          fail(path(), std::string("corrupt data while reading ") + what);
      } else if (ret != Z_OK) {
        fail(path(), std::string("corrupt data while reading ") + what + " (" +
                         (zs_.msg ? zs_.msg : "zlib error " + std::to_string(ret)) + ")");
      }
      if (produced > 0) return produced;
    }
  }

  RegularFile file_;
  std::vector<uint8_t> in_;
  size_t pos_ = 0, len_ = 0;
  bool eof_ = false, gz_ = false, memberEnded_ = false;
  z_stream zs_;
};

bool exists(const std::string &p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string findFile(const std::string &dir, const std::string &base) {
  for (const std::string &cand : {dir + "/" + base, dir + "/" + base + ".gz"})
    if (exists(cand)) return cand;
  throw Error(ErrorKind::BadData, dir + "/" + base + "[.gz]: data file not found");
}

// The data of an idx file hold `want` bytes after the header, `declared`
// in all (want <= declared): checked against the actual size before
// anything is allocated for them. Raw files: the file length must be the
// header plus exactly the declared data. Gzip files: the data are inflated
// once without being kept, up to what is read.
void checkActualSize(const std::string &path, uint64_t header, uint64_t want,
                     uint64_t declared, const std::string &declaration) {
  IdxStream probe(path);
  if (!probe.gzip()) {
    const uint64_t have = probe.fileSize() < header ? 0 : probe.fileSize() - header;
    if (have < declared)
      fail(path, "truncated: the header declares " + declaration + " (" +
                     std::to_string(declared) + " bytes) but the file holds " +
                     std::to_string(have));
    if (have > declared)
      fail(path, "trailing bytes after the declared data: the header declares " + declaration +
                     " (" + std::to_string(declared) + " bytes) but the file holds " +
                     std::to_string(have));
    return;
  }
  probe.skip(header, "the header");
  const uint64_t have = probe.skip(want, "the data");
  if (have < want)
    fail(path, "truncated: the header declares " + declaration + " (" +
                   std::to_string(declared) + " bytes) but the file decompresses to " +
                   std::to_string(have));
}

} // namespace

LabelledImages readIdxPair(const std::string &imagesPath, const std::string &labelsPath,
                           uint32_t limit, uint64_t maxBytes, const std::string &limitWhy) {
  LabelledImages out;
  out.imagesPath = imagesPath;
  out.labelsPath = labelsPath;
  IdxStream im(imagesPath);
  uint32_t magic = im.be32("the magic number");
  if (magic != 0x00000803)
    fail(imagesPath, "bad magic number 0x" + [&] {
      char b[16];
      snprintf(b, sizeof b, "%08x", magic);
      return std::string(b);
    }() + " (expected 0x00000803, idx3 unsigned-byte images)");
  uint32_t n = im.be32("the image count");
  uint32_t h = im.be32("the row count");
  uint32_t w = im.be32("the column count");
  if (w == 0 || h == 0 || w > kMaxIdxSide || h > kMaxIdxSide)
    fail(imagesPath, "implausible image size " + std::to_string(h) + "x" + std::to_string(w) +
                         " (each side must be in [1, " + std::to_string(kMaxIdxSide) + "])");
  if (n == 0) fail(imagesPath, "declares 0 images; a data set needs at least one image");
  if (n > kMaxIdxImages)
    fail(imagesPath, "implausible image count " + std::to_string(n) + " (at most " +
                         std::to_string(kMaxIdxImages) + ")");

  IdxStream lb(labelsPath);
  uint32_t lmagic = lb.be32("the magic number");
  if (lmagic != 0x00000801)
    fail(labelsPath, "bad magic number (expected 0x00000801, idx1 unsigned-byte labels)");
  uint32_t ln = lb.be32("the label count");
  if (ln != n)
    fail(labelsPath, "label count " + std::to_string(ln) + " does not match image count " +
                         std::to_string(n) + " in " + imagesPath);

  const uint32_t take = (limit == 0 || limit > n) ? n : limit;
  const uint64_t image = uint64_t(w) * h;
  const uint64_t need = uint64_t(take) * image + take;
  const std::string images = std::to_string(take) + " images of " + std::to_string(h) + "x" +
                             std::to_string(w);
  if (need > maxBytes)
    fail(imagesPath, images + " and their labels need " + formatBytes(need) + ", more than " +
                         formatBytes(maxBytes) + ", " + limitWhy);
  const std::string declared = std::to_string(n) + " images of " + std::to_string(h) + "x" +
                               std::to_string(w);
  checkActualSize(imagesPath, 16, uint64_t(take) * image, uint64_t(n) * image, declared);
  checkActualSize(labelsPath, 8, take, n, std::to_string(n) + " labels");

  out.count = take;
  out.width = w;
  out.height = h;
  out.pixels.resize(size_t(take) * image);
  out.labels.resize(take);
  im.read(out.pixels.data(), out.pixels.size(), "the pixel data");
  lb.read(out.labels.data(), out.labels.size(), "the labels");
  for (uint32_t i = 0; i < take; ++i)
    if (out.labels[i] > 9)
      fail(labelsPath, "label " + std::to_string(out.labels[i]) + " of item " +
                           std::to_string(i) + " is not a class 0-9");
  // When reading everything, insist the file ends where the header says
  // (this also checks a gzip file's last check value and what follows it).
  if (take == n) {
    if (!im.atEnd("the end of the file")) fail(imagesPath, "trailing bytes after the declared images");
    if (!lb.atEnd("the end of the file")) fail(labelsPath, "trailing bytes after the declared labels");
  }
  return out;
}

LabelledImages loadSplit(const std::string &dir, const std::string &split, uint32_t limit,
                         uint64_t maxBytes, const std::string &limitWhy) {
  std::string ip = findFile(dir, split + "-images-idx3-ubyte");
  std::string lp = findFile(dir, split + "-labels-idx1-ubyte");
  return readIdxPair(ip, lp, limit, maxBytes, limitWhy);
}

} // namespace snnrt
