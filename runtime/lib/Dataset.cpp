#include "snnrt/Dataset.h"
#include "snnrt/Error.h"

#include <sys/stat.h>
#include <zlib.h>

#include <memory>

namespace snnrt {
namespace {

[[noreturn]] void fail(const std::string &path, const std::string &why) {
  throw Error(ErrorKind::BadData, path + ": " + why);
}

// gzread reads both gzip and plain files, so one path serves .gz and raw.
struct GzFile {
  gzFile f;
  std::string path;
  explicit GzFile(const std::string &p) : f(gzopen(p.c_str(), "rb")), path(p) {
    if (!f) fail(p, "cannot open data file");
    gzbuffer(f, 1 << 17);
  }
  ~GzFile() { gzclose(f); }
  void read(void *dst, size_t n, const char *what) {
    auto *out = static_cast<uint8_t *>(dst);
    while (n > 0) {
      unsigned chunk = unsigned(std::min<size_t>(n, 1u << 30));
      int got = gzread(f, out, chunk);
      if (got < 0) {
        int err = 0;
        const char *msg = gzerror(f, &err);
        fail(path, std::string("corrupt data while reading ") + what + " (" + msg + ")");
      }
      if (got == 0) fail(path, std::string("truncated file while reading ") + what);
      out += got;
      n -= size_t(got);
    }
  }
  uint32_t be32(const char *what) {
    uint8_t b[4];
    read(b, 4, what);
    return (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | b[3];
  }
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

} // namespace

LabelledImages readIdxPair(const std::string &imagesPath,
                           const std::string &labelsPath, uint32_t limit) {
  LabelledImages out;
  out.imagesPath = imagesPath;
  out.labelsPath = labelsPath;
  GzFile im(imagesPath);
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
  if (w == 0 || h == 0 || w > 4096 || h > 4096)
    fail(imagesPath, "implausible image size " + std::to_string(h) + "x" + std::to_string(w));
  if (n > 10000000) fail(imagesPath, "implausible image count " + std::to_string(n));

  GzFile lb(labelsPath);
  uint32_t lmagic = lb.be32("the magic number");
  if (lmagic != 0x00000801)
    fail(labelsPath, "bad magic number (expected 0x00000801, idx1 unsigned-byte labels)");
  uint32_t ln = lb.be32("the label count");
  if (ln != n)
    fail(labelsPath, "label count " + std::to_string(ln) + " does not match image count " +
                         std::to_string(n) + " in " + imagesPath);

  uint32_t take = (limit == 0 || limit > n) ? n : limit;
  out.count = take;
  out.width = w;
  out.height = h;
  out.pixels.resize(size_t(take) * w * h);
  out.labels.resize(take);
  im.read(out.pixels.data(), out.pixels.size(), "the pixel data");
  lb.read(out.labels.data(), out.labels.size(), "the labels");
  for (uint32_t i = 0; i < take; ++i)
    if (out.labels[i] > 9)
      fail(labelsPath, "label " + std::to_string(out.labels[i]) + " of item " +
                           std::to_string(i) + " is not a class 0-9");
  // When reading everything, insist the file ends where the header says:
  // catches concatenated or wrong-size files.
  if (take == n) {
    uint8_t extra;
    if (gzread(im.f, &extra, 1) > 0) fail(imagesPath, "trailing bytes after the declared images");
    if (gzread(lb.f, &extra, 1) > 0) fail(labelsPath, "trailing bytes after the declared labels");
  }
  return out;
}

LabelledImages loadSplit(const std::string &dir, const std::string &split,
                         uint32_t limit) {
  std::string ip = findFile(dir, split + "-images-idx3-ubyte");
  std::string lp = findFile(dir, split + "-labels-idx1-ubyte");
  return readIdxPair(ip, lp, limit);
}

} // namespace snnrt
