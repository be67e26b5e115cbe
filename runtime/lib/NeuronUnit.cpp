#include "snnrt/NeuronUnit.h"

#include <algorithm>
#include <cmath>

namespace snnrt {

WtaSampler::WtaSampler(const Program &p) {
  auto pop = p.root().population();
  fireThr_ = Rng::threshold(pop->total_rate_hz() * p.root().encoding()->dt_ms() / 1000.0);
  p_.assign(pop->size(), 0.0);
}

uint32_t WtaSampler::sample(const float *u, const float *beta, Rng &rng) {
  const size_t n = p_.size();
  double m = -1e300;
  for (size_t k = 0; k < n; ++k) m = std::max(m, double(u[k]) + beta[k]);
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
  refractoryUntil_.assign(pop->size(), INT64_MIN / 2);
}

void LifNeurons::resetImage() {
  std::fill(v_.begin(), v_.end(), vRest_);
  std::fill(refractoryUntil_.begin(), refractoryUntil_.end(), INT64_MIN / 2);
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

} // namespace snnrt
