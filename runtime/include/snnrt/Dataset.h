// idx-format image/label reader (MNIST, Fashion-MNIST), .gz or raw. Validates
// magic numbers, dimensions and counts; every error names the file.
#pragma once
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

// Reads idx3 images (magic 0x00000803) and idx1 labels (0x00000801) from the
// given files; `limit` (0 = all) caps how many are read.
LabelledImages readIdxPair(const std::string &imagesPath,
                           const std::string &labelsPath, uint32_t limit = 0);

// split = "train" or "t10k": finds DIR/<split>-images-idx3-ubyte[.gz] and
// DIR/<split>-labels-idx1-ubyte[.gz].
LabelledImages loadSplit(const std::string &dir, const std::string &split,
                         uint32_t limit = 0);

} // namespace snnrt
