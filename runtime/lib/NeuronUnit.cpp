#include "snnrt/NeuronUnit.h"

#include <algorithm>
#include <cmath>

namespace snnrt {

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

uint32_t WtaSampler::sample(const float *u, const float *beta, Rng &rng) {
  const size_t n = p_.size();
  // The maximum in 8 independent running maxima (one chain of 500 dependent
  // compares otherwise). A maximum is exact in any order; only the sign of a
  // zero maximum may differ, and x - (+0) = x - (-0) for every x but zeros,
  // whose exponential is 1 either way.
  double mk[8] = {-1e300, -1e300, -1e300, -1e300, -1e300, -1e300, -1e300, -1e300};
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (size_t l = 0; l < 8; ++l) mk[l] = std::max(mk[l], double(u[i + l]) + beta[i + l]);
  for (; i < n; ++i) mk[0] = std::max(mk[0], double(u[i]) + beta[i]);
  double m = mk[0];
  for (size_t l = 1; l < 8; ++l) m = std::max(m, mk[l]);
  double sum = 0;
  for (size_t k = 0; k < n; ++k) {
    p_[k] = std::exp(double(u[k]) + beta[k] - m);
    sum += p_[k];
  }
  double r = rng.uniform() * sum;
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
