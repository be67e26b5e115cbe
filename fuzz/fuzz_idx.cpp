// fuzz-idx: bytes -> the idx reader (readIdxPair), on raw and gzipped files.
// Input: [flags][u16 LE n][n bytes: images file][rest: labels file].
//   flags bit 0: gzip the images file, bit 1: gzip the labels file (the
//   harness compresses; a part that is itself a gzip stream exercises
//   zlib's handling of corrupt streams); bits 2-3: limit 0 (all), 1, 2 or 7.
// Expected failures: snnrt::Error (BadData). On success the result must be
// what the header promised: count <= limit, pixels = count * width * height,
// every label 0-9. A third of the mutations know the idx headers
// (mutateHeaders), the rest are libFuzzer's own.
#include "FuzzUtil.h"
#include "snnrt/Dataset.h"

#include <algorithm>
#include <random>

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

namespace {
std::string dir, imagesPath, labelsPath;

uint32_t getBe32(const uint8_t *p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}
void putBe32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = uint8_t(v >> (24 - 8 * i));
}

// One header-aware mutation: a count, a dimension or a magic number set to a
// value on a check's boundary, the label count made equal to the image count
// (both must agree before anything is allocated), one label out of range, or
// the flags. Returns 0 when the input has no idx headers to work on.
size_t mutateHeaders(uint8_t *data, size_t size, std::mt19937_64 &rng) {
  if (size < 3) return 0;
  const size_t n = std::min(size - 3, size_t(data[1]) | size_t(data[2]) << 8);
  uint8_t *im = data + 3, *lb = data + 3 + n;
  const size_t lbSize = size - 3 - n;
  if (n < 16 || lbSize < 8) return 0;
  const uint32_t counts[] = {0, 1, 2, 3, 7, 255, 256, 65536, 10000000, 10000001, 0xffffffffu,
                             getBe32(im + 4), getBe32(im + 4) + 1, getBe32(lb + 4)};
  const uint32_t dims[] = {0, 1, 2, 28, 4095, 4096, 4097, 0x80000000u, 0xffffffffu};
  auto pick = [&](const auto &a) { return a[rng() % (sizeof a / sizeof *a)]; };
  switch (rng() % 8) {
  case 0: putBe32(im + 4, pick(counts)); break;
  case 1: putBe32(lb + 4, pick(counts)); break;
  case 2: putBe32(lb + 4, getBe32(im + 4)); break;
  case 3: putBe32(im + 8, pick(dims)); break;
  case 4: putBe32(im + 12, pick(dims)); break;
  case 5: { // both counts at once
    const uint32_t c = pick(counts);
    putBe32(im + 4, c);
    putBe32(lb + 4, c);
    break;
  }
  case 6:
    if (lbSize > 8) lb[8 + rng() % (lbSize - 8)] = uint8_t(rng() % 2 ? 10 : rng());
    break;
  default: data[0] = uint8_t(rng()); break;
  }
  return size;
}
} // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t maxSize,
                                          unsigned int seed) {
  std::mt19937_64 rng(seed);
  if (rng() % 3 == 0)
    if (size_t k = mutateHeaders(data, size, rng)) return k;
  return LLVMFuzzerMutate(data, size, maxSize);
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
