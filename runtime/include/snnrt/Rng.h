// The runtime's only source of randomness: xoshiro256** seeded by splitmix64
// (Blackman & Vigna). Fully specified here so that results are identical across
// compilers and standard libraries (std:: distributions are not portable).
#pragma once
#include "snnrt/Checkpoint.h"

#include <cmath>
#include <cstdint>

namespace snnrt {

inline uint64_t splitmix64(uint64_t &x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Rng {
public:
  Rng() { seed(1, 0); }
  Rng(uint64_t seed, uint64_t stream) { this->seed(seed, stream); }

  // Independent streams from one user seed: the stream id is mixed in so the
  // encoder/sampler stream and e.g. the initialisation stream never overlap in
  // practice.
  void seed(uint64_t seed, uint64_t stream) {
    uint64_t x = seed ^ (0xd1b54a32d192ed03ULL * (stream + 1));
    for (auto &w : s_) w = splitmix64(x);
  }

  uint64_t next() {
    const uint64_t result = scramble(s_[1]);
    advance(s_);
    return result;
  }

  static uint64_t scramble(uint64_t s1) { return rotl(s1 * 5, 7) * 9; }

  // Upper 32 bits: compared against a precomputed threshold p * 2^32 for a
  // Bernoulli draw (exact, no floating point in the hot loop).
  uint32_t next32() { return uint32_t(next() >> 32); }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return toUniform(next()); }
  static double toUniform(uint64_t draw) { return double(draw >> 11) * 0x1.0p-53; }

  // uniform() if `draw`, else the stream stays where it is (and the value is
  // meaningless): a draw that depends on a coin-flip condition without a
  // branch on it.
  double uniformIf(bool draw) {
    const uint64_t result = scramble(s_[1]);
    const uint64_t keep = uint64_t(draw) - 1; // all ones: keep the state
    uint64_t n[4] = {s_[0], s_[1], s_[2], s_[3]};
    advance(n);
    for (int i = 0; i < 4; ++i) s_[i] = (s_[i] & keep) | (n[i] & ~keep);
    return double(result >> 11) * 0x1.0p-53;
  }

  // Standard normal by Box-Muller (one value per call; simple and portable
  // enough: only libm log/cos/sqrt are involved).
  double normal() {
    double u1 = uniform();
    double u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  // Bernoulli threshold for probability p in [0, 1]: draw next32() < threshold.
  static uint64_t threshold(double p) {
    if (p <= 0) return 0;
    if (p >= 1) return uint64_t(1) << 32;
    return uint64_t(std::llround(p * 4294967296.0));
  }

  const uint64_t *state() const { return s_; }
  // The stream whose state is s (not all zero: a state some stream reaches).
  static Rng fromState(const uint64_t *s) {
    Rng r;
    for (int i = 0; i < 4; ++i) r.s_[i] = s[i];
    return r;
  }
  bool operator==(const Rng &o) const {
    return s_[0] == o.s_[0] && s_[1] == o.s_[1] && s_[2] == o.s_[2] && s_[3] == o.s_[3];
  }
  // One step of the generator: xoshiro256's state transition (linear over
  // GF(2)).
  static void advance(uint64_t *s) {
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
  }

  // A stream's whole state is its four words; all zero is the one state
  // xoshiro never reaches (it would output zeros forever).
  void save(CheckpointWriter &w) const {
    for (uint64_t x : s_) w.pod(x);
  }
  void load(CheckpointReader &r, const std::string &field) {
    uint64_t s[4];
    for (int i = 0; i < 4; ++i) s[i] = r.pod<uint64_t>(field);
    if ((s[0] | s[1] | s[2] | s[3]) == 0) r.fail(field, "all-zero generator state");
    for (int i = 0; i < 4; ++i) s_[i] = s[i];
  }

private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

} // namespace snnrt
