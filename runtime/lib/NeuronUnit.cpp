#include "snnrt/NeuronUnit.h"

#include <algorithm>
#include <cmath>

#if defined(__AVX512F__) && defined(__AVX512DQ__) && defined(__AVX512VL__)
#include <immintrin.h>
#define SNN_AVX512_SOFTMAX 1
// GCC 12's AVX-512 headers start some conversions from an "undefined"
// register and then warn that it may be used uninitialized: a false positive
// of the headers (as in StdpEngine.cpp).
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#endif

namespace snnrt {

#if SNN_AVX512_SOFTMAX
namespace {

// e^x for x <= 0 in float, 16 lanes at a time. x = (k + j/16) ln2 + r with
// j in [0, 16) and |r| <= ln2/32 (ln2/16 in two parts, the first with 12
// significant bits so that n * its first part is exact for |n| < 2^12),
// e^r by its Taylor series to r^4 (the next term is below 2^-34 relative),
// times 2^(j/16) from a table (std::exp2 rounded to float) and 2^k made in
// the exponent bits. Lanes below -87 give 0 (e^x is then below 2e-38: an
// absolute error, negligible next to a sum of at least 1). Elsewhere the
// result is within kExpUlps units in the last place of e^x (the reduction,
// Horner's roundings, the table and two products); the certification adds
// the error of x itself, which it bounds from the inputs' magnitudes.
constexpr double kExpUlps = 8;

struct ExpTables {
  float c[5] = {}; // 1 / j!
  float pow2[16];  // 2^(j/16)
  ExpTables() {
    double factorial = 1;
    for (int j = 0; j < 5; ++j) {
      if (j) factorial *= j;
      c[j] = float(1.0 / factorial);
    }
    for (int j = 0; j < 16; ++j) pow2[j] = float(std::exp2(j / 16.0));
  }
};
// Built on first use (std::exp2 is not constexpr), not at static
// initialization, whose order across files is unspecified.
const ExpTables &expTables() {
  static const ExpTables t;
  return t;
}

inline __m512 expNonPositive(__m512 x, const ExpTables &tab) {
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(16 * 0x1.715476p+0f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  // ln2/16 = 0x1.62ep-5 (12 bits) + the rest.
  const __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(float(0x1.62e42fefa39efp-5 - 0x1.62ep-5)),
                                    _mm512_fnmadd_ps(n, _mm512_set1_ps(0x1.62ep-5f), x));
  __m512 p = _mm512_set1_ps(tab.c[4]);
  for (int j = 3; j >= 0; --j) p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(tab.c[j]));
  const __m512i ni = _mm512_cvtps_epi32(n);
  const __m512 t = _mm512_permutexvar_ps(_mm512_and_si512(ni, _mm512_set1_epi32(15)), _mm512_loadu_ps(tab.pow2));
  const __m512i bits = _mm512_slli_epi32(_mm512_add_epi32(_mm512_srai_epi32(ni, 4), _mm512_set1_epi32(127)), 23);
  const __mmask16 normal = _mm512_cmp_ps_mask(x, _mm512_set1_ps(-87.f), _CMP_GE_OQ);
  return _mm512_maskz_mul_ps(normal, _mm512_mul_ps(p, t), _mm512_castsi512_ps(bits));
}

} // namespace

bool WtaSampler::sampleFast(const float *u, const float *beta, double m, double U, uint32_t &winner) {
  const size_t n = p_.size();
  // The bound below takes e^d - 1 <= 1.01 d for the roundings d of x, at
  // most 2^-23 (|m| + 87) where an exponential is not 0: true while
  // |m| < 10^4 (potentials are sums of a few hundred weights in [-1, 1]
  // plus a bias); beyond, the exact path decides.
  if (!(std::fabs(m) < 1e4)) return false;
  const __m512 mv = _mm512_set1_ps(float(m));
  const ExpTables &tables = expTables();
  __m512d acc = _mm512_setzero_pd();
  __m512 weighted = _mm512_setzero_ps(); // the sum of p_k |x_k|
  for (size_t i = 0; i < n; i += 16) {
    const __mmask16 lanes = __mmask16(n - i >= 16 ? 0xffff : (1u << (n - i)) - 1);
    // Rounding is monotone, so x <= 0 (0 at a maximum) but where the double
    // sum of the maximum was itself rounded: then x is at most an ulp above.
    const __m512 x = _mm512_sub_ps(_mm512_add_ps(_mm512_maskz_loadu_ps(lanes, u + i), _mm512_maskz_loadu_ps(lanes, beta + i)), mv);
    const __m512 e = _mm512_maskz_mov_ps(lanes, expNonPositive(x, tables));
    weighted = _mm512_fmadd_ps(e, _mm512_abs_ps(x), weighted);
    const __m512d lo = _mm512_cvtps_pd(_mm512_castps512_ps256(e));
    const __m512d hi = _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(e), 1)));
    _mm512_mask_storeu_pd(p_.data() + i, __mmask8(lanes), lo);
    _mm512_mask_storeu_pd(p_.data() + i + 8, __mmask8(lanes >> 8), hi);
    acc = _mm512_add_pd(acc, _mm512_add_pd(lo, hi));
  }
  const double sum = _mm512_reduce_add_pd(acc);
  // The exponentials' error, in all: each within kExpUlps of e^x for the x
  // computed, and that x off the exact one by its three roundings (u + beta,
  // m and the difference), each at most 2^-24 of |u + beta| <= |m| + |x|,
  // of |m| and of |x|: p_k (e^d - 1) <= 1.01 p_k d for such small d, so in
  // all at most 1.01 * 2^-23 * (|m| sum + sum of p_k |x_k|), the latter
  // taken with 1 % to spare for its own float sum.
  const double expError = 1.01 * 0x1p-23 * (std::fabs(m) * sum + 1.01 * double(_mm512_reduce_add_ps(weighted))) +
                          kExpUlps * 0x1p-23 * sum;
  // How far any partial remainder r - p_0 - ... - p_k computed here can be
  // from the exact path's: the exponentials' error (expError here, an ulp
  // or two for std::exp) and the rounding of both paths' sums, each at most
  // n units in the last place of the sum; twice that, for margin. A choice
  // whose remainders clear it on both sides is the exact path's choice.
  const double margin = 4 * expError + sum * 16 * double(n) * 0x1p-53;
  double r = U * sum;
  if (r < margin) return false;
  for (size_t b = 0; b < n; b += 8) {
    const size_t end = std::min(n, b + 8);
    double block = 0;
    for (size_t k = b; k < end; ++k) block += p_[k];
    if (r - block >= 0) {
      r -= block;
      continue;
    }
    for (size_t k = b; k < end; ++k) {
      const double before = r;
      r -= p_[k];
      if (r < 0) {
        if (before < margin || r > -margin) return false;
        winner = uint32_t(k);
        return true;
      }
    }
  }
  return false; // no crossing: the exact path decides (its sliver rule)
}
#endif

void WtaSampler::estimateMemory(const Program &p, MemoryEstimate &m) {
  const uint64_t n = p.root().population()->size();
  const bool wta = p.root().population()->model() == fb::NeuronModel::BayesianWTA;
  m.add("neurons", n * (wta ? sizeof(double)                                   // WtaSampler::p_
                            : 2 * sizeof(float) + sizeof(int64_t)) +           // LifNeurons
                       n * (sizeof(float) + sizeof(uint64_t)));                // Homeostasis
}

WtaSampler::WtaSampler(const Program &p) {
  // R * dt in float, as the program's fields are (a double product would
  // move some thresholds by one and change every run).
  const float dt = p.root().encoding()->dt_ms();
  auto threshold = [&](double rateHz) { return Rng::threshold(float(rateHz) * dt / 1000.0); };
  fireThr_[0] = threshold(snn_contract::trainingPresentation(p.root()).totalRateHz);
  fireThr_[1] = threshold(snn_contract::readoutPresentation(p.root()).totalRateHz);
  p_.assign(p.root().population()->size(), 0.0);
}

uint32_t WtaSampler::choose(const float *u, const float *beta, double U) {
  const size_t n = p_.size();
  // The maximum in 8 independent running maxima (one chain of 500 dependent
  // compares otherwise). A maximum is exact in any order; only the sign of a
  // zero maximum may differ, and x - (+0) = x - (-0) for every x but zeros,
  // whose exponential is 1 either way.
#if SNN_AVX512_SOFTMAX
  __m512d mv = _mm512_set1_pd(-1e300);
  for (size_t i = 0; i < n; i += 8) {
    const __mmask8 lanes = __mmask8(n - i >= 8 ? 0xff : (1u << (n - i)) - 1);
    const __m512d x = _mm512_add_pd(_mm512_cvtps_pd(_mm256_maskz_loadu_ps(lanes, u + i)),
                                    _mm512_cvtps_pd(_mm256_maskz_loadu_ps(lanes, beta + i)));
    mv = _mm512_mask_max_pd(mv, lanes, mv, x);
  }
  const double m = _mm512_reduce_max_pd(mv);
#else
  double mk[8] = {-1e300, -1e300, -1e300, -1e300, -1e300, -1e300, -1e300, -1e300};
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (size_t l = 0; l < 8; ++l) mk[l] = std::max(mk[l], double(u[i + l]) + beta[i + l]);
  for (; i < n; ++i) mk[0] = std::max(mk[0], double(u[i]) + beta[i]);
  double m = mk[0];
  for (size_t l = 1; l < 8; ++l) m = std::max(m, mk[l]);
#endif
#if SNN_AVX512_SOFTMAX
  // The choice from vector exponentials, when it is certainly the exact
  // path's (almost always); otherwise the exact path below.
  uint32_t winner;
  if (sampleFast(u, beta, m, U, winner)) return winner;
  ++exactSamples_;
#endif
  double sum = 0;
  for (size_t k = 0; k < n; ++k) {
    p_[k] = std::exp(double(u[k]) + beta[k] - m);
    sum += p_[k];
  }
  double r = U * sum;
  for (size_t k = 0; k < n; ++k) {
    r -= p_[k];
    if (r < 0) return uint32_t(k);
  }
  return uint32_t(n - 1); // rounding left a sliver at the end
}

Homeostasis::Homeostasis(const Program &p)
    : kind_(p.root().population()->homeostasis()),
      rate_(p.root().population()->homeostasis_rate()) {
  beta_.assign(p.root().population()->size(), 0.f);
  spikes_.assign(beta_.size(), 0);
}

float Homeostasis::updateScale(uint32_t k) const {
  if (kind_ != fb::Homeostasis::RateScaledUpdates) return 1.f;
  double mean = double(total_) / double(spikes_.size());
  double s = (mean + 1.0) / (double(spikes_[k]) + 1.0);
  return float(std::pow(std::min(1.0, s), rate_));
}

void Homeostasis::onSpike(uint32_t k) {
  ++spikes_[k];
  ++total_;
  if (kind_ == fb::Homeostasis::AdaptiveBias) {
    float up = float(rate_ / double(beta_.size()));
    for (float &b : beta_) b += up;
    beta_[k] -= float(rate_);
  }
}

void Homeostasis::save(CheckpointWriter &w) const {
  w.vec(beta_);
  w.vec(spikes_);
  w.pod(total_);
}

void Homeostasis::load(CheckpointReader &r) {
  auto beta = r.vec<float>(beta_.size(), "homeostasis.beta");
  auto spikes = r.vec<uint64_t>(spikes_.size(), "homeostasis.spikes");
  const uint64_t total = r.pod<uint64_t>("homeostasis.total_spikes");
  r.requireFinite(beta, "homeostasis.beta");
  if (kind_ != fb::Homeostasis::AdaptiveBias)
    for (size_t k = 0; k < beta.size(); ++k)
      if (beta[k] != 0.f)
        r.fail(CheckpointReader::at("homeostasis.beta", k),
               CheckpointReader::show(beta[k]) + " but only AdaptiveBias homeostasis moves beta from 0");
  uint64_t sum = 0;
  for (uint64_t s : spikes)
    if (__builtin_add_overflow(sum, s, &sum))
      r.fail("homeostasis.spikes", "the spike counts overflow 64 bits");
  if (sum != total)
    r.fail("homeostasis.total_spikes", std::to_string(total) + " != " + std::to_string(sum) +
                                           ", the sum of homeostasis.spikes");
  beta_ = std::move(beta);
  spikes_ = std::move(spikes);
  total_ = total;
}

LifNeurons::LifNeurons(const Program &p) {
  auto pop = p.root().population();
  double dt = p.root().encoding()->dt_ms();
  vRest_ = pop->v_rest_mv();
  vReset_ = pop->v_reset_mv();
  vThresh_ = pop->v_thresh_mv();
  decay_ = float(std::exp(-dt / pop->tau_membrane_ms()));
  thetaDecay_ = float(std::exp(-dt / pop->tau_theta_ms()));
  thetaPlus_ = pop->theta_plus_mv();
  inhibition_ = pop->inhibition_mv();
  gain_ = pop->input_gain_mv();
  refractorySteps_ = std::lround(pop->refractory_ms() / dt);
  v_.assign(pop->size(), vRest_);
  theta_.assign(pop->size(), 0.f);
  refractoryUntil_.assign(pop->size(), kNotRefractory);
}

void LifNeurons::resetImage() {
  std::fill(v_.begin(), v_.end(), vRest_);
  std::fill(refractoryUntil_.begin(), refractoryUntil_.end(), kNotRefractory);
}

void LifNeurons::decay(bool learning) {
  for (float &v : v_) v = vRest_ + (v - vRest_) * decay_;
  if (learning)
    for (float &t : theta_) t *= thetaDecay_;
}

int32_t LifNeurons::fire(int64_t t, bool learning) {
  int32_t best = -1;
  float bestMargin = 0;
  for (size_t k = 0; k < v_.size(); ++k) {
    if (refractoryUntil_[k] > t) continue;
    float margin = v_[k] - (vThresh_ + theta_[k]);
    if (margin >= 0 && (best < 0 || margin > bestMargin)) {
      best = int32_t(k);
      bestMargin = margin;
    }
  }
  if (best < 0) return -1;
  for (size_t k = 0; k < v_.size(); ++k) v_[k] -= inhibition_;
  v_[best] = vReset_;
  refractoryUntil_[best] = t + refractorySteps_ + 1;
  // The threshold adapts only while learning (frozen for assignment and test).
  if (learning) theta_[best] += thetaPlus_;
  return best;
}

void LifNeurons::save(CheckpointWriter &w) const {
  w.vec(v_);
  w.vec(theta_);
  w.vec(refractoryUntil_);
}

void LifNeurons::load(CheckpointReader &r, int64_t now) {
  auto v = r.vec<float>(v_.size(), "lif.v");
  auto theta = r.vec<float>(theta_.size(), "lif.theta");
  auto until = r.vec<int64_t>(refractoryUntil_.size(), "lif.refractory_until");
  r.requireFinite(v, "lif.v");
  r.requireFinite(theta, "lif.theta");
  // Set to t + refractory + 1 when a neuron fires at step t in [0, now).
  const int64_t lo = refractorySteps_ + 1, hi = now + refractorySteps_;
  for (size_t k = 0; k < until.size(); ++k)
    if (until[k] != kNotRefractory && (until[k] < lo || until[k] > hi))
      r.fail(CheckpointReader::at("lif.refractory_until", k),
             std::to_string(until[k]) + " is outside [" + std::to_string(lo) + ", " +
                 std::to_string(hi) + "] (steps so far " + std::to_string(now) + ")");
  v_ = std::move(v);
  theta_ = std::move(theta);
  refractoryUntil_ = std::move(until);
}

} // namespace snnrt
