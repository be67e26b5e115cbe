// The neuron units: Bayesian winner-take-all sampling (Nessler et al. 2013)
// and LIF neurons with adaptive threshold and lateral inhibition (Diehl & Cook
// 2015), plus the homeostasis that keeps one neuron from winning everything.
// The sampler has no state between steps; Homeostasis and LifNeurons save
// and restore theirs (save/load: nothing changes unless all of it is valid).
#pragma once
#include "snnrt/Program.h"
#include "snnrt/Rng.h"

#include <cstdint>
#include <vector>

namespace snnrt {

// The layer fires as a Poisson process of total rate R (training's, or the
// readout's for assignment and test): in each step with probability R*dt;
// the winner is drawn from softmax(u + beta).
class WtaSampler {
public:
  WtaSampler() = default;
  explicit WtaSampler(const Program &p);
  // The per-neuron arrays of the neuron units for p, WTA or LIF, and of
  // their homeostasis ("neurons").
  static void estimateMemory(const Program &p, MemoryEstimate &m);
  // `Stream`: an Rng or a DrawTape (one draw each).
  template <class Stream> bool fires(Stream &rng, bool readout = false) const {
    return rng.next32() < fireThr_[readout];
  }
  // The winner of a firing step: softmax(u + beta) sampled with one uniform
  // draw, from std::exp and sums in neuron order. With AVX-512 a vector
  // path with its own exponential gives the same winner, and falls back to
  // the exact path when rounding could make them differ.
  template <class Stream> uint32_t sample(const float *u, const float *beta, Stream &rng) {
    return choose(u, beta, rng.uniform());
  }
  // The winner for the uniform draw U in [0, 1): the first k whose partial
  // sum of exponentials exceeds U times their total.
  uint32_t choose(const float *u, const float *beta, double U);
  // Choices the vector path left to the exact path (0 without AVX-512).
  uint64_t exactSamples() const { return exactSamples_; }

private:
  bool sampleFast(const float *u, const float *beta, double m, double U, uint32_t &winner);

  uint64_t fireThr_[2] = {}; // training, readout
  std::vector<double> p_;
  uint64_t exactSamples_ = 0;
};

// Homeostasis (population.homeostasis):
//  RateScaledUpdates: neuron k's STDP step is scaled by
//    min(1, (mean_spikes + 1) / (spikes_k + 1)) ^ homeostasis_rate;
//  AdaptiveBias: an intrinsic excitability register beta_k in the neuron unit
//    (not in the array): on every output spike beta_j += rate / N for all j and
//    beta_winner -= rate, so frequent winners become less likely.
class Homeostasis {
public:
  Homeostasis() = default;
  explicit Homeostasis(const Program &p);
  float updateScale(uint32_t k) const;
  void onSpike(uint32_t k);           // training spikes only
  const float *beta() const { return beta_.data(); }
  const std::vector<uint64_t> &spikes() const { return spikes_; }
  uint64_t totalSpikes() const { return total_; }

  // Saved: beta, training spikes per neuron, their total.
  void save(CheckpointWriter &w) const;
  void load(CheckpointReader &r);

private:
  fb::Homeostasis kind_ = fb::Homeostasis::None;
  double rate_ = 0;
  std::vector<float> beta_;
  std::vector<uint64_t> spikes_;
  uint64_t total_ = 0;
};

// Leaky integrate-and-fire with adaptive threshold. Input spikes add
// input_gain * w to the membrane (current-based); one neuron may fire per step
// (the one furthest above threshold); it then inhibits all others.
class LifNeurons {
public:
  LifNeurons() = default;
  explicit LifNeurons(const Program &p);
  void resetImage();
  // Once per step; the threshold decays only while learning (frozen after).
  void decay(bool learning);
  float *v() { return v_.data(); }
  const std::vector<float> &potentials() const { return v_; }
  float gain() const { return gain_; }
  // Returns the neuron that fires at step t, or -1.
  int32_t fire(int64_t t, bool learning);
  const std::vector<float> &theta() const { return theta_; }

  // Saved: membrane potentials, adaptive thresholds, refractory ends (all
  // empty for a WTA program). `now`: the simulator's next step, already
  // loaded; a refractory period cannot end later than it could have been set.
  void save(CheckpointWriter &w) const;
  void load(CheckpointReader &r, int64_t now);

  static constexpr int64_t kNotRefractory = INT64_MIN / 2;

private:
  float vRest_ = 0, vReset_ = 0, vThresh_ = 0, decay_ = 0, thetaDecay_ = 1,
        thetaPlus_ = 0, inhibition_ = 0, gain_ = 0;
  int64_t refractorySteps_ = 0;
  std::vector<float> v_, theta_;
  std::vector<int64_t> refractoryUntil_;
};

} // namespace snnrt
