// idx-format image/label reader (MNIST, Fashion-MNIST), .gz or raw. Validates
// magic numbers, dimensions and counts; every error names the file. Sizes
// are checked before anything is allocated: the header's count and
// dimensions against the limits (docs/runtime.md, "Limits"), the memory
// budget and the file's actual size (raw: its length; gzip: what it
// decompresses to). A gzip file must end with its last gzip member.
#pragma once
#include "snnrt/Memory.h"

#include <cstdint>
#include <string>
#include <vector>

namespace snnrt {

struct LabelledImages {
  std::string imagesPath, labelsPath;
  uint32_t count = 0, width = 0, height = 0;
  std::vector<uint8_t> pixels; // count * width * height, row-major
  std::vector<uint8_t> labels; // count, each < 10
  const uint8_t *image(uint32_t i) const {
    return pixels.data() + size_t(i) * width * height;
  }
};

// The most images an idx file may declare, and its largest image side.
constexpr uint32_t kMaxIdxImages = 10000000;
constexpr uint32_t kMaxIdxSide = 4096;

// Reads idx3 images (magic 0x00000803) and idx1 labels (0x00000801) from the
// given files; `limit` (0 = all) caps how many are read. The images and
// labels read must fit maxBytes (else Error(BadData) naming the file, the
// size and `limitWhy`).
LabelledImages readIdxPair(const std::string &imagesPath, const std::string &labelsPath,
                           uint32_t limit = 0, uint64_t maxBytes = defaultMemoryBudget(),
                           const std::string &limitWhy = "the memory budget (--max-memory)");

// split = "train" or "t10k": finds DIR/<split>-images-idx3-ubyte[.gz] and
// DIR/<split>-labels-idx1-ubyte[.gz].
LabelledImages loadSplit(const std::string &dir, const std::string &split, uint32_t limit = 0,
                         uint64_t maxBytes = defaultMemoryBudget(),
                         const std::string &limitWhy = "the memory budget (--max-memory)");

} // namespace snnrt
