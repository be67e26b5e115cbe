// Pruning during training (Shi et al. 2018/2019; Guo et al. 2020 for the
// adaptive trigger). Every `interval` training images the controller decides,
// per neuron, the fraction p of its input weights (bias excluded) that must be
// pruned, ranks the neuron's unpruned weights by the criterion and prunes the
// lowest until the count floor(p * inputs) is reached. Pruned weights stay
// pruned. p ramps linearly from 0 to target_fraction over `ramp` images after
// the neuron becomes eligible:
//   Images:       all neurons eligible once `start` training images were seen;
//   NeuronSpikes: a neuron is eligible once it has fired `start` times;
//   Adaptive:     after `start` images, a neuron is eligible once its spike
//                 count over the last interval differs from the previous
//                 interval's by at most adaptive_tolerance (relative).
// Soft: the cell is written to quantization.pruned_level (= pruning.value)
// once and frozen; conventional: the weight is removed from reads (value 0).
//
// Maturity (pruning.maturity = K > 0): of the lowest-ranked weights a step
// would prune, only the matured are pruned, those whose stored level read the
// same at the last K + 1 samples (the start of training and every controller
// step); the others wait for a later step. Sampling needs a read of every
// neuron's unpruned weights at every controller step, which is charged; the
// ranking then reuses that read.
//
// Saved state: per neuron the image count when it became eligible, its spike
// total at the last controller step and its spikes in the previous interval;
// the fraction history; with maturity, per weight the level of the last
// sample and the number of unchanged samples. Rebuilt on load: pruned weights
// per neuron (from the device's pruned flags).
#pragma once
#include "snnrt/Device.h"
#include "snnrt/DrawTape.h"
#include "snnrt/EnergyLedger.h"
#include "snnrt/Program.h"

#include <vector>

namespace snnrt {

// The ranking's order of the levels: rank[L] orders level L's key (its
// value, or its magnitude for LowestMagnitude) among all levels', equal keys
// sharing a rank; `ranks` is the number of distinct keys.
std::vector<uint32_t> pruneLevelRanks(const Quantizer &q, bool byMagnitude, uint32_t &ranks);

// Sorts the candidates `order` (row indices) by rank[levels[i]], stably
// (ties keep their order): what a stable sort by the key gives, in time
// linear in the candidates and the ranks up to kCountingRanksMax ranks (a
// counting sort), by comparisons beyond. `count` and `out` are scratch.
constexpr uint32_t kCountingRanksMax = 4096;
void rankByLevel(std::vector<uint32_t> &order, const uint16_t *levels, const uint32_t *rank,
                 uint32_t ranks, std::vector<uint32_t> &count, std::vector<uint32_t> &out);

struct PruneSample {
  uint64_t images; // training images seen
  double fraction; // pruned input weights / all input weights
};

class PruningController {
public:
  PruningController() = default;
  PruningController(const Program &p, Device &dev);
  // What the controller allocates for p ("neurons": per-neuron state,
  // "inputs": the ranking buffer); its history grows by one sample per
  // controller step (see Trainer).
  static void estimateMemory(const Program &p, MemoryEstimate &m);

  bool enabled() const { return mode_ != fb::PruneMode::None; }
  // Call after each training image; `seen` counts training images so far
  // (across epochs), spikes[k] = neuron k's training spikes so far. Returns the
  // controller's cycles (0 when no step is due). Writes draw from `stream`
  // (multi-level cells' cycle-to-cycle noise).
  uint64_t afterImage(uint64_t seen, const uint64_t *spikes, DrawTape &stream, EventCounts &ev);

  double fraction() const; // pruned input weights / all input weights
  const std::vector<PruneSample> &history() const { return history_; }

  // Checkpoint. load() runs after the device's and takes the training images
  // seen and the neurons' training spike totals (already loaded), which the
  // controller's state must agree with; it also checks that the device's
  // pruned flags are ones this controller could have set. Nothing changes
  // unless all of it is valid.
  void save(CheckpointWriter &w) const;
  void load(CheckpointReader &r, uint64_t seen, const std::vector<uint64_t> &spikes);

private:
  double fractionFor(uint32_t k, uint64_t seen) const;
  // Reads neuron k's unpruned weights (charged to tally_) into order_ and,
  // with maturity, updates their samples.
  void readCandidates(uint32_t k);
  // Recomputes per-neuron pruned counts from the device (after a load).
  void recount();

  Device *dev_ = nullptr;
  fb::PruneMode mode_ = fb::PruneMode::None;
  fb::PruneTrigger trigger_ = fb::PruneTrigger::Images;
  fb::PruneCriterion criterion_ = fb::PruneCriterion::LowestWeight;
  uint64_t start_ = 0, ramp_ = 0, interval_ = 1;
  double target_ = 0, tolerance_ = 0;
  uint32_t maturity_ = 0;
  uint32_t prunedLevel_ = 0, pre_ = 0, cols_ = 0, batch_ = 1;
  bool verify_ = false;
  CycleCosts costs_;
  std::vector<int64_t> eligibleSince_; // image count when eligible, -1 = not yet
  std::vector<uint64_t> lastTotals_;
  std::vector<int64_t> prevCounts_;    // spikes in the previous interval, -1 = none
  std::vector<uint32_t> prunedPerNeuron_;
  // Maturity samples, neuron-major (k * pre_ + i) like Device::columnLevels;
  // empty without maturity.
  std::vector<uint16_t> sampledLevel_;
  std::vector<uint8_t> unchangedSamples_; // saturates at maturity_
  std::vector<PruneSample> history_;
  std::vector<uint32_t> order_;
  // The ranking: each level's rank (pruneLevelRanks), and the counting
  // sort's scratch.
  std::vector<uint32_t> levelRank_, rankCount_, ranked_;
  uint32_t ranks_ = 0;
  std::vector<TileTally> tally_;
};

} // namespace snnrt
