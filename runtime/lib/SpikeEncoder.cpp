#include "snnrt/SpikeEncoder.h"

#include <algorithm>
#include <numeric>

#if defined(__AVX512F__) && defined(__AVX512VL__)
#include <immintrin.h>
#define SNN_AVX512_ENCODER 1
// GCC 12's AVX-512 headers start some masked loads from an "undefined"
// register and then warn that it may be used uninitialized: a false
// positive of the headers, not of this file.
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#endif

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
  // Every input is written and kept by advancing n: whether a pixel is dark
  // is a coin flip to the branch predictor. (The reserved capacity holds
  // every input: no allocation.)
  const size_t inputs = mask_.size();
  active_.resize(inputs);
  activeThr_.resize(inputs);
  const uint64_t *thr = thr_[readout];
  uint32_t *active = active_.data();
  uint64_t *activeThr = activeThr_.data();
  size_t n = 0;
  for (uint32_t i = 0; i < inputs; ++i) {
    const uint64_t t = thr[image[mask_[i]]];
    active[n] = i;
    activeThr[n] = t;
    n += t != 0;
  }
  active_.resize(n);
  activeThr_.resize(n);
}

uint32_t SpikeEncoder::step(DrawTape &stream, uint32_t *out) const {
  uint32_t n = 0;
  const size_t m = active_.size();
  for (size_t a0 = 0; a0 < m; a0 += DrawTape::kMaxTake) {
    const size_t len = std::min(m - a0, DrawTape::kMaxTake);
    const uint64_t *x = stream.take(len), *thr = activeThr_.data() + a0;
    const uint32_t *active = active_.data() + a0;
    size_t a = 0;
#if SNN_AVX512_ENCODER
    // 8 compares at a time, the inputs that fire compressed into `out` in
    // input order: the same list as the loop below.
    for (; a < len; a += 8) {
      const __mmask8 in = len - a >= 8 ? __mmask8(0xff) : __mmask8((1u << (len - a)) - 1);
      const __mmask8 fire = _mm512_mask_cmplt_epu64_mask(
          in, _mm512_srli_epi64(_mm512_maskz_loadu_epi64(in, x + a), 32), _mm512_maskz_loadu_epi64(in, thr + a));
      const __m256i inputs = _mm256_maskz_loadu_epi32(in, active + a);
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + n), _mm256_maskz_compress_epi32(fire, inputs));
      n += uint32_t(__builtin_popcount(fire));
    }
#endif
    // Without a branch on the draw (a coin flip to the branch predictor):
    // every input is written, and kept by advancing n.
    for (; a < len; ++a) {
      out[n] = active[a];
      n += uint32_t(x[a] >> 32) < thr[a];
    }
  }
  return n;
}

} // namespace snnrt
