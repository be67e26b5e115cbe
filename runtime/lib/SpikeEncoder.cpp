#include "snnrt/SpikeEncoder.h"

#include <algorithm>
#include <numeric>

namespace snnrt {

std::vector<uint32_t> cropByMeanIntensity(const LabelledImages &images, uint32_t k) {
  const uint32_t npix = images.width * images.height;
  std::vector<uint64_t> sum(npix, 0);
  for (uint32_t i = 0; i < images.count; ++i) {
    const uint8_t *img = images.image(i);
    for (uint32_t p = 0; p < npix; ++p) sum[p] += img[p];
  }
  std::vector<uint32_t> order(npix);
  std::iota(order.begin(), order.end(), 0u);
  // Integer sums compare exactly and ties go to the lower pixel index, a
  // total order: only the k first need sorting.
  const uint32_t keep = std::min(k, npix);
  std::partial_sort(order.begin(), order.begin() + keep, order.end(), [&](uint32_t a, uint32_t b) {
    return sum[a] != sum[b] ? sum[a] > sum[b] : a < b;
  });
  order.resize(keep);
  std::sort(order.begin(), order.end());
  return order;
}

void SpikeEncoder::estimateMemory(const Program &p, MemoryEstimate &m) {
  m.add("inputs", uint64_t(p.root().projection()->pre_size()) *
                      (sizeof(uint32_t) * 2 + sizeof(uint64_t)));
}

SpikeEncoder::SpikeEncoder(const Program &p, std::vector<uint32_t> mask)
    : mask_(std::move(mask)) {
  const double dt = p.root().encoding()->dt_ms();
  const double rates[2] = {snn_contract::trainingPresentation(p.root()).maxRateHz,
                           snn_contract::readoutPresentation(p.root()).maxRateHz};
  for (int phase = 0; phase < 2; ++phase)
    for (int v = 0; v < 256; ++v)
      thr_[phase][v] = Rng::threshold(double(v) / 255.0 * rates[phase] * dt / 1000.0);
  active_.reserve(mask_.size());
  activeThr_.reserve(mask_.size());
}

void SpikeEncoder::load(const uint8_t *image, bool readout) {
  active_.clear();
  activeThr_.clear();
  const uint64_t *thr = thr_[readout];
  for (uint32_t i = 0; i < mask_.size(); ++i) {
    uint64_t t = thr[image[mask_[i]]];
    if (t) {
      active_.push_back(i);
      activeThr_.push_back(t);
    }
  }
}

} // namespace snnrt
