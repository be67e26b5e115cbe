// fuzz-idx: bytes -> the idx reader (readIdxPair), on raw and gzipped files.
// Input: [flags][u16 LE n][n bytes: images file][rest: labels file].
//   flags bit 0: gzip the images file, bit 1: gzip the labels file (the
//   harness compresses; a part that is itself a gzip stream exercises
//   zlib's handling of corrupt streams); bits 2-3: limit 0 (all), 1, 2 or 7.
// Expected failures: snnrt::Error (BadData). On success the result must be
// what the header promised: count <= limit, pixels = count * width * height,
// every label 0-9.
#include "FuzzUtil.h"
#include "snnrt/Dataset.h"

namespace {
std::string dir, imagesPath, labelsPath;
}

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  dir = snnfuzz::scratchDir("idx");
  imagesPath = dir + "/images-idx3-ubyte";
  labelsPath = dir + "/labels-idx1-ubyte";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 3) return 0;
  const uint8_t flags = data[0];
  size_t n = size_t(data[1]) | size_t(data[2]) << 8;
  data += 3;
  size -= 3;
  if (n > size) n = size;
  auto write = [](const std::string &path, const uint8_t *p, size_t k, bool gz) {
    if (gz) snnfuzz::writeFile(path, snnfuzz::gzipBytes(p, k));
    else snnfuzz::writeFile(path, p, k);
  };
  write(imagesPath, data, n, flags & 1);
  write(labelsPath, data + n, size - n, flags & 2);
  const uint32_t limits[4] = {0, 1, 2, 7};
  const uint32_t limit = limits[(flags >> 2) & 3];
  try {
    snnrt::LabelledImages s = snnrt::readIdxPair(imagesPath, labelsPath, limit);
    if ((limit && s.count > limit) || s.labels.size() != s.count ||
        s.pixels.size() != size_t(s.count) * s.width * s.height || s.width == 0 || s.height == 0)
      snnfuzz::finding("data set does not match its header");
    for (uint8_t l : s.labels)
      if (l > 9) snnfuzz::finding("label above 9 accepted");
  } catch (const snnrt::Error &e) {
    if (e.kind() != snnrt::ErrorKind::BadData)
      snnfuzz::finding(std::string("readIdxPair threw a non-BadData error: ") + e.what());
  } catch (const std::exception &e) {
    snnfuzz::unexpected(e);
  }
  return 0;
}
