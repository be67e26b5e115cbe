#include "snnrt/PruningController.h"
#include "snnrt/StdpEngine.h"

#include <algorithm>
#include <cmath>

namespace snnrt {

std::vector<uint32_t> pruneLevelRanks(const Quantizer &q, bool byMagnitude, uint32_t &ranks) {
  // The key the ranking compares (the stored level's value), per level.
  std::vector<double> key(q.levels());
  for (uint32_t L = 0; L < q.levels(); ++L) {
    const double v = q.value(L);
    key[L] = byMagnitude ? std::fabs(v) : v;
  }
  std::vector<uint32_t> byKey(q.levels()), rank(q.levels());
  for (uint32_t L = 0; L < q.levels(); ++L) byKey[L] = L;
  std::stable_sort(byKey.begin(), byKey.end(), [&](uint32_t a, uint32_t b) { return key[a] < key[b]; });
  ranks = 0;
  for (uint32_t j = 0; j < byKey.size(); ++j) {
    if (j > 0 && key[byKey[j - 1]] < key[byKey[j]]) ++ranks;
    rank[byKey[j]] = ranks;
  }
  ranks += byKey.empty() ? 0 : 1;
  return rank;
}

void rankByLevel(std::vector<uint32_t> &order, const uint16_t *levels, const uint32_t *rank,
                 uint32_t ranks, std::vector<uint32_t> &count, std::vector<uint32_t> &out) {
  if (ranks > kCountingRanksMax) {
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return rank[levels[a]] < rank[levels[b]]; });
    return;
  }
  // Counting sort: each rank's first slot, then the candidates in order.
  count.assign(size_t(ranks) + 1, 0);
  for (uint32_t i : order) ++count[rank[levels[i]] + 1];
  for (uint32_t r = 0; r < ranks; ++r) count[r + 1] += count[r];
  out.resize(order.size());
  for (uint32_t i : order) out[count[rank[levels[i]]]++] = i;
  order.swap(out);
}

void PruningController::estimateMemory(const Program &p, MemoryEstimate &m) {
  const uint64_t n = p.root().population()->size();
  m.add("neurons", n * (3 * sizeof(int64_t) + sizeof(uint32_t)));
  if (p.root().pruning()->maturity() > 0)
    m.add("weights", n * uint64_t(p.root().projection()->pre_size()) *
                         (sizeof(uint16_t) + sizeof(uint8_t)));
  // order_ and ranked_.
  m.add("inputs", 2 * uint64_t(p.root().projection()->pre_size()) * sizeof(uint32_t));
  // levelRank_ (with pruneLevelRanks' key and order while it is built) and
  // rankCount_.
  const uint64_t levels = p.root().quantization()->levels();
  m.add("other", uint64_t(p.root().placement()->size()) * sizeof(TileTally) +
                     levels * (2 * sizeof(uint32_t) + sizeof(double)) +
                     (std::min<uint64_t>(levels, kCountingRanksMax) + 1) * sizeof(uint32_t));
}

PruningController::PruningController(const Program &p, Device &dev) : dev_(&dev) {
  auto pg = p.root().pruning();
  mode_ = pg->mode();
  trigger_ = pg->trigger();
  criterion_ = pg->criterion();
  start_ = pg->start();
  ramp_ = pg->ramp();
  interval_ = std::max(1u, pg->interval());
  target_ = pg->target_fraction();
  tolerance_ = pg->adaptive_tolerance();
  maturity_ = mode_ == fb::PruneMode::None ? 0 : pg->maturity();
  prunedLevel_ = p.root().quantization()->pruned_level();
  pre_ = p.root().projection()->pre_size();
  cols_ = dev.cols();
  batch_ = p.derived().writeBatch;
  verify_ = p.root().device()->verify();
  costs_ = p.derived().cycles;
  eligibleSince_.assign(cols_, -1);
  lastTotals_.assign(cols_, 0);
  prevCounts_.assign(cols_, -1);
  prunedPerNeuron_.assign(cols_, 0);
  order_.reserve(pre_);
  ranked_.reserve(pre_);
  if (mode_ != fb::PruneMode::None) {
    levelRank_ = pruneLevelRanks(dev.quantizer(), criterion_ == fb::PruneCriterion::LowestMagnitude, ranks_);
    rankCount_.reserve(size_t(std::min(ranks_, kCountingRanksMax)) + 1);
  }
  tally_.assign(dev.numTiles(), TileTally{});
  if (maturity_ > 0) {
    // The first sample: the levels training starts from.
    sampledLevel_.resize(size_t(cols_) * pre_);
    unchangedSamples_.assign(size_t(cols_) * pre_, 0);
    for (uint32_t k = 0; k < cols_; ++k)
      std::copy_n(dev.columnLevels(k), pre_, sampledLevel_.begin() + size_t(k) * pre_);
  }
}

void PruningController::recount() {
  std::fill(prunedPerNeuron_.begin(), prunedPerNeuron_.end(), 0);
  for (uint32_t k = 0; k < cols_; ++k) {
    const uint8_t *marks = dev_->columnMarks(k);
    for (uint32_t i = 0; i < pre_; ++i) prunedPerNeuron_[k] += marks[i] & Device::kPruned;
  }
}

double PruningController::fraction() const {
  return double(dev_->prunedCount()) / (double(pre_) * cols_);
}

double PruningController::fractionFor(uint32_t k, uint64_t seen) const {
  int64_t since = eligibleSince_[k];
  if (since < 0) return 0;
  uint64_t age = seen - uint64_t(since);
  if (ramp_ == 0) return target_;
  return target_ * std::min(1.0, double(age) / double(ramp_));
}

uint64_t PruningController::afterImage(uint64_t seen, const uint64_t *spikes, DrawTape &stream,
                                       EventCounts &ev) {
  if (!enabled() || seen % interval_ != 0) return 0;
  Rng rng = stream.rng();
  // Eligibility.
  for (uint32_t k = 0; k < cols_; ++k) {
    int64_t count = int64_t(spikes[k] - lastTotals_[k]);
    lastTotals_[k] = spikes[k];
    if (eligibleSince_[k] >= 0) { prevCounts_[k] = count; continue; }
    bool eligible = false;
    switch (trigger_) {
    case fb::PruneTrigger::Images: eligible = seen >= start_; break;
    case fb::PruneTrigger::NeuronSpikes: eligible = spikes[k] >= start_; break;
    case fb::PruneTrigger::Adaptive:
      eligible = seen >= start_ && prevCounts_[k] > 0 &&
                 std::fabs(double(count - prevCounts_[k])) <= tolerance_ * double(prevCounts_[k]);
      break;
    }
    prevCounts_[k] = count;
    if (eligible) eligibleSince_[k] = int64_t(seen);
  }
  // Ranking and pruning, one neuron at a time (the controller is serial).
  // With maturity every neuron's column is read at every step (its samples);
  // otherwise only the columns of neurons that prune.
  const bool conventional = mode_ == fb::PruneMode::Conventional;
  const uint32_t cellsPerWeight = dev_->cellsPerWeight();
  uint64_t cycles = 0;
  for (uint32_t k = 0; k < cols_; ++k) {
    double p = fractionFor(k, seen);
    uint32_t want = uint32_t(std::floor(p * pre_ + 1e-9));
    if (want <= prunedPerNeuron_[k] && maturity_ == 0) continue;
    ++ev.controlSteps;
    readCandidates(k);
    const uint32_t lowest =
        want > prunedPerNeuron_[k]
            ? std::min<uint32_t>(want - prunedPerNeuron_[k], uint32_t(order_.size()))
            : 0;
    // Ranked by the stored level (what the periphery reads), so that ranking
    // is exact and independent of analog read offsets.
    if (lowest > 0)
      rankByLevel(order_, dev_->columnLevels(k), levelRank_.data(), ranks_, rankCount_, ranked_);
    // Of the lowest, the matured (all of them without maturity).
    const uint8_t *unchanged = maturity_ ? unchangedSamples_.data() + size_t(k) * pre_ : nullptr;
    uint32_t n = 0;
    for (uint32_t j = 0; j < lowest; ++j) {
      if (unchanged && unchanged[order_[j]] < maturity_) continue;
      ++n;
      size_t idx = size_t(order_[j]) * cols_ + k;
      if (!conventional) {
        WriteOutcome o = dev_->write(order_[j], k, prunedLevel_, true, rng);
        TileTally &tt = tally_[dev_->tileOf(idx)];
        tt.set += o.set;
        tt.reset += o.reset;
        ev.pruneWrites += o.set + o.reset;
        ev.wordRotations += o.rotated;
      }
      dev_->markPruned(idx, conventional);
    }
    prunedPerNeuron_[k] += n;
    uint32_t nt;
    const uint16_t *tiles = dev_->columnTiles(k, nt);
    cycles += costs_.control + chargeColumnOp(tally_.data(), tiles, nt, costs_, batch_, verify_,
                                            cellsPerWeight, ev);
  }
  stream.resume(rng);
  history_.push_back({seen, fraction()});
  ev.controllerCycles += cycles;
  ev.cycles += cycles;
  return cycles;
}

void PruningController::readCandidates(uint32_t k) {
  order_.clear();
  const uint16_t *levels = dev_->columnLevels(k);
  const uint8_t *marks = dev_->columnMarks(k);
  const size_t j0 = dev_->slot(0, k);
  const uint32_t cellsPerWeight = dev_->cellsPerWeight();
  uint16_t *sampled = maturity_ ? sampledLevel_.data() + size_t(k) * pre_ : nullptr;
  uint8_t *unchanged = maturity_ ? unchangedSamples_.data() + size_t(k) * pre_ : nullptr;
  uint32_t nRuns;
  const Device::Run *runs = dev_->columnRuns(k, nRuns);
  for (uint32_t ri = 0; ri < nRuns && runs[ri].rowBegin < pre_; ++ri) {
    TileTally &tt = tally_[runs[ri].tile]; // the controller reads the column
    for (uint32_t i = runs[ri].rowBegin; i < std::min(runs[ri].rowEnd, pre_); ++i) {
      if (marks[i] & Device::kPruned) continue;
      tt.cellsRead += cellsPerWeight;
      tt.conductanceNs += dev_->slotConductanceNs(j0 + i);
      if (sampled) {
        const bool same = levels[i] == sampled[i];
        unchanged[i] = same ? uint8_t(std::min<uint32_t>(unchanged[i] + 1u, maturity_)) : 0;
        sampled[i] = levels[i];
      }
      order_.push_back(i);
    }
  }
}

void PruningController::save(CheckpointWriter &w) const {
  w.vec(eligibleSince_);
  w.vec(lastTotals_);
  w.vec(prevCounts_);
  w.vec(history_);
  if (maturity_ > 0) { // absent otherwise: the payload of other programs is unchanged
    w.vec(sampledLevel_);
    w.vec(unchangedSamples_);
  }
}

void PruningController::load(CheckpointReader &r, uint64_t seen,
                             const std::vector<uint64_t> &spikes) {
  using R = CheckpointReader;
  auto eligible = r.vec<int64_t>(cols_, "pruning.eligible_since");
  auto lastTotals = r.vec<uint64_t>(cols_, "pruning.last_totals");
  auto prevCounts = r.vec<int64_t>(cols_, "pruning.previous_counts");
  // One history entry per controller step so far.
  auto history = r.vec<PruneSample>(enabled() ? seen / interval_ : 0, "pruning.history");
  std::vector<uint16_t> sampled;
  std::vector<uint8_t> unchanged;
  if (maturity_ > 0) {
    sampled = r.vec<uint16_t>(size_t(cols_) * pre_, "pruning.sampled_level");
    unchanged = r.vec<uint8_t>(size_t(cols_) * pre_, "pruning.unchanged_samples");
  }
  r.requireBelow(sampled, dev_->quantizer().levels(), "pruning.sampled_level", "levels");
  // At most one more unchanged sample per controller step so far.
  const uint64_t controllerSteps = enabled() ? seen / interval_ : 0;
  r.requireBelow(unchanged, std::min<uint64_t>(maturity_, controllerSteps) + 1,
                 "pruning.unchanged_samples", "min(maturity, controller steps) + 1 =");
  const std::string steps = " (controller steps every " + std::to_string(interval_) +
                            " images, " + std::to_string(seen) + " images seen)";
  for (uint32_t k = 0; k < cols_; ++k) {
    const int64_t e = eligible[k];
    if (e != -1 && (!enabled() || e < 0 || uint64_t(e) > seen || uint64_t(e) % interval_ != 0))
      r.fail(R::at("pruning.eligible_since", k),
             std::to_string(e) + " is neither -1 nor a controller step" + steps);
    if (lastTotals[k] > spikes[k] || (!enabled() && lastTotals[k] != 0))
      r.fail(R::at("pruning.last_totals", k),
             std::to_string(lastTotals[k]) + " but the neuron has " + std::to_string(spikes[k]) +
                 " training spikes" + (enabled() ? "" : " and pruning is off"));
    const int64_t c = prevCounts[k];
    if (c < -1 || (c >= 0 && uint64_t(c) > spikes[k]) || (!enabled() && c != -1))
      r.fail(R::at("pruning.previous_counts", k),
             std::to_string(c) + " is neither -1 nor a spike count of at most " +
                 std::to_string(spikes[k]) + (enabled() ? "" : " (pruning is off: -1)"));
  }
  for (size_t j = 0; j < history.size(); ++j) {
    const PruneSample &h = history[j];
    if (h.images != interval_ * (j + 1))
      r.fail(R::at("pruning.history", j) + ".images",
             std::to_string(h.images) + " != " + std::to_string(interval_ * (j + 1)) + steps);
    const double prev = j ? history[j - 1].fraction : 0.0;
    if (!(h.fraction >= prev && h.fraction <= 1))
      r.fail(R::at("pruning.history", j) + ".fraction",
             R::show(h.fraction) + " is outside [" + R::show(prev) +
                 ", 1] (pruned weights stay pruned)");
  }
  // The device's flags: never the bias row, conventional exactly when the
  // mode is, and as many as the last controller step recorded.
  const bool conv = mode_ == fb::PruneMode::Conventional;
  for (size_t idx = 0, n = size_t(dev_->rows()) * cols_; idx < n; ++idx) {
    const bool pruned = dev_->isPruned(idx), conventional = dev_->isConventional(idx);
    if (pruned && idx / cols_ >= pre_)
      r.fail(R::at("device.pruned", idx), "the bias row is never pruned");
    if (conventional != (pruned && conv))
      r.fail(R::at("device.conventional", idx),
             std::string(conventional ? "set" : "clear") + " for a " +
                 (pruned ? "pruned" : "kept") + " weight but the pruning mode is " +
                 fb::EnumNamePruneMode(mode_));
  }
  const double now = double(dev_->prunedCount()) / (double(pre_) * cols_);
  const double recorded = history.empty() ? 0.0 : history.back().fraction;
  if (now != recorded)
    r.fail("device.pruned", std::to_string(dev_->prunedCount()) + " weights pruned (fraction " +
                                R::show(now) + ") but the last controller step recorded " +
                                R::show(recorded));
  eligibleSince_ = std::move(eligible);
  lastTotals_ = std::move(lastTotals);
  prevCounts_ = std::move(prevCounts);
  history_ = std::move(history);
  sampledLevel_ = std::move(sampled);
  unchangedSamples_ = std::move(unchanged);
  recount();
}

} // namespace snnrt
