#include "snnrt/Simulator.h"

#include <algorithm>

namespace snnrt {

namespace {
// RNG stream ids derived from the one user seed.
enum : uint64_t { kStreamInit = 1, kStreamRun = 2, kStreamCounterfactual = 3 };
constexpr int64_t kNever = INT64_MIN / 4;
} // namespace

Simulator::Simulator(const Program &p, std::vector<uint32_t> mask, uint64_t seed)
    : prog_(&p), rng_(seed, kStreamRun), cfRng_(seed, kStreamCounterfactual), ledger_(p) {
  const fb::Program &r = p.root();
  pre_ = r.projection()->pre_size();
  n_ = r.population()->size();
  rows_ = p.derived().matrixRows;
  steps_ = p.derived().stepsPerImage;
  window_ = p.derived().inputWindowSteps;
  units_ = r.chip()->neuron_units();
  wta_ = r.population()->model() == fb::NeuronModel::BayesianWTA;
  hasBias_ = r.projection()->has_bias();
  reset_ = r.encoding()->reset_between_images();
  rotationPeriod_ = p.derived().rotationPeriod;

  Rng init(seed, kStreamInit);
  dev_ = std::make_unique<Device>(p, init);
  enc_ = SpikeEncoder(p, std::move(mask));
  if (wta_) sampler_ = WtaSampler(p);
  else lif_ = LifNeurons(p);
  homeo_ = Homeostasis(p);
  stdp_ = StdpEngine(p, *dev_);
  prune_ = PruningController(p, *dev_);

  u_.assign(n_, 0.f);
  on_.assign(pre_, 0);
  last_.assign(pre_, kNever);
  bucket_.assign(size_t(window_ + 1) * pre_, 0);
  bucketSize_.assign(window_ + 1, 0);
  spikeBuf_.assign(pre_, 0);
  busy_.assign(dev_->numTiles(), 0);
}

void Simulator::resetImageState() {
  std::fill(on_.begin(), on_.end(), 0);
  std::fill(last_.begin(), last_.end(), kNever);
  std::fill(bucketSize_.begin(), bucketSize_.end(), 0);
  if (wta_) {
    // u starts from the bias row (always active), or 0 without a bias.
    if (hasBias_) std::copy_n(dev_->weights() + size_t(pre_) * n_, n_, u_.begin());
    else std::fill(u_.begin(), u_.end(), 0.f);
  } else {
    lif_.resetImage();
  }
}

void Simulator::addRow(uint32_t row, float sign) {
  const float *w = dev_->weights() + size_t(row) * n_;
  float *u = u_.data();
  const uint32_t n = n_;
  if (sign > 0)
    for (uint32_t k = 0; k < n; ++k) u[k] += w[k];
  else
    for (uint32_t k = 0; k < n; ++k) u[k] -= w[k];
}

void Simulator::recomputeU(uint32_t k) {
  // Exact recompute after column k was rewritten, so that u never drifts from
  // the stored weights (the neuron unit knows the values it just wrote).
  const float *w = dev_->weights();
  float s = hasBias_ ? w[size_t(pre_) * n_ + k] : 0.f;
  for (uint32_t i = 0; i < pre_; ++i)
    if (on_[i]) s += w[size_t(i) * n_ + k];
  u_[k] = s;
}

// Charges a spike delivery (route) and/or a row read of `row` on every tile
// holding that row; adds the cycles to each tile's busy time of this step.
uint64_t Simulator::chargeRowEvent(uint32_t row, bool route, bool read, EventCounts &ev) {
  const CycleCosts &c = ledger_.costs();
  uint32_t ns;
  const Device::Segment *seg = dev_->rowSegments(row, ns);
  for (uint32_t s = 0; s < ns; ++s) {
    uint64_t cyc = 0;
    if (route) { cyc += c.route; ++ev.spikeRoutes; }
    if (read) {
      cyc += c.read;
      ++ev.rowReads;
      ev.cellsRead += seg[s].cells;
    }
    busy_[seg[s].tile] += cyc;
  }
  return ns;
}

uint32_t Simulator::present(const uint8_t *image, Phase phase, uint32_t *spikeCounts) {
  enc_.load(image);
  if (reset_ || fresh_) {
    resetImageState();
    // The bias row is read once to load u (WTA only; LIF has no bias row).
    if (wta_ && hasBias_) {
      EventCounts &ev = ledger_.at(phase);
      std::fill(busy_.begin(), busy_.end(), 0);
      chargeRowEvent(pre_, false, true, ev);
      uint64_t b = *std::max_element(busy_.begin(), busy_.end());
      ev.cycles += b; // before the first step: not overlapped with dt
    }
  }
  fresh_ = false;
  return wta_ ? run<true>(phase, spikeCounts) : run<false>(phase, spikeCounts);
}

template <bool kWta> uint32_t Simulator::run(Phase phase, uint32_t *spikeCounts) {
  EventCounts &ev = ledger_.at(phase);
  const CycleCosts &c = ledger_.costs();
  const bool learning = phase == Phase::Train;
  const uint32_t W = window_, ring = W + 1;
  const uint64_t neuronWork = uint64_t((n_ + units_ - 1) / units_) * c.neuron;
  const uint32_t active = enc_.activeInputs();
  uint32_t outSpikes = 0;
  // Wear leveling: words written during this image take this rotation.
  if (learning && rotationPeriod_)
    dev_->setTargetRotation(trainSeen_ / rotationPeriod_);

  for (uint32_t s = 0; s < steps_; ++s) {
    const int64_t t = t_++;
    std::fill(busy_.begin(), busy_.end(), 0);
    uint64_t work = c.control;
    ++ev.controlSteps;
    ++ev.steps;

    if (!kWta) {
      lif_.decay(learning);
      ev.neuronUpdates += n_;
      work += neuronWork;
    }
    // Encoder.
    const uint32_t ns = enc_.step(rng_, spikeBuf_.data());
    ev.rngDraws += active;
    ev.inputSpikes += ns;
    for (uint32_t j = 0; j < ns; ++j) {
      const uint32_t i = spikeBuf_[j];
      if (kWta) {
        const bool opens = !on_[i];
        chargeRowEvent(i, true, opens, ev);
        if (opens) {
          on_[i] = 1;
          addRow(i, 1.f);
        }
        last_[i] = t;
        uint32_t slot = uint32_t((t + W) % ring);
        bucket_[size_t(slot) * pre_ + bucketSize_[slot]++] = i;
      } else {
        chargeRowEvent(i, true, true, ev);
        const float *w = dev_->weights() + size_t(i) * n_;
        float *v = lif_.v();
        const float g = lif_.gain();
        for (uint32_t k = 0; k < n_; ++k) v[k] += g * w[k];
        last_[i] = t;
      }
    }
    if (kWta) {
      // Windows closing: inputs whose last spike is exactly W steps old.
      const uint32_t slot = uint32_t(t % ring);
      uint32_t *b = bucket_.data() + size_t(slot) * pre_;
      for (uint32_t j = 0, m = bucketSize_[slot]; j < m; ++j) {
        const uint32_t i = b[j];
        if (on_[i] && last_[i] == t - int64_t(W)) {
          on_[i] = 0;
          addRow(i, -1.f);
          chargeRowEvent(i, false, true, ev);
        }
      }
      bucketSize_[slot] = 0;
    }
    uint64_t arrayWork = 0;
    for (uint64_t b : busy_) arrayWork = std::max(arrayWork, b);
    work += arrayWork;

    // Neuron units.
    int32_t winner = -1;
    if (kWta) {
      ++ev.rngDraws;
      if (sampler_.fires(rng_)) {
        ++ev.rngDraws;
        ev.neuronUpdates += n_;
        work += neuronWork;
        winner = int32_t(sampler_.sample(u_.data(), homeo_.beta(), rng_));
      }
    } else {
      winner = lif_.fire(t, learning);
    }
    if (winner >= 0) {
      ++outSpikes;
      ++ev.outputSpikes;
      if (spikeCounts) ++spikeCounts[winner];
      if (learning) {
        const uint32_t k = uint32_t(winner);
        float scale = homeo_.updateScale(k) * etaScale_;
        work += stdp_.onPostSpike(k, t, last_.data(), scale, rng_, cfRng_, ev);
        homeo_.onSpike(k);
        if (kWta) recomputeU(k);
      }
    }
    const uint64_t dtc = c.step;
    if (work > dtc) ++ev.overrunSteps;
    ev.cycles += std::max(dtc, work);
  }
  if (learning) ++trainSeen_;
  return outSpikes;
}

void Simulator::setTrainingProgress(uint64_t done, uint64_t total) {
  const double annealTo = prog_->root().stdp()->anneal_to();
  etaScale_ = total ? float(1.0 - (1.0 - annealTo) * double(done) / double(total)) : 1.f;
}

void Simulator::afterTrainImage() {
  prune_.afterImage(trainSeen_, homeo_.spikes().data(), rng_, ledger_.at(Phase::Train));
}

// Checkpoint payload: everything that evolves during training. Derived data
// (weight cache, levels, row read sizes) is rebuilt from the cell states.
void Simulator::save(ByteWriter &w) const {
  for (int i = 0; i < 4; ++i) w.pod(rng_.state()[i]);
  for (int i = 0; i < 4; ++i) w.pod(cfRng_.state()[i]);
  w.pod(trainSeen_);
  w.pod(t_);
  w.pod(uint8_t(fresh_));
  for (const Tile &t : dev_->tiles()) {
    w.vec(const_cast<Tile &>(t).stateData());
    w.vec(t.writeData());
    w.vec(t.flagData());
  }
  w.vec(const_cast<Device &>(*dev_).prunedData());
  w.vec(const_cast<Device &>(*dev_).conventionalData());
  w.vec(const_cast<Device &>(*dev_).rotationData());
  auto &h = const_cast<Homeostasis &>(homeo_);
  w.vec(h.betaData());
  w.vec(h.spikesData());
  w.pod(h.totalSpikes());
  auto &l = const_cast<LifNeurons &>(lif_);
  w.vec(l.vData());
  w.vec(l.thetaData());
  w.vec(l.refractoryData());
  auto &pc = const_cast<PruningController &>(prune_);
  w.vec(pc.eligibleSinceData());
  w.vec(pc.lastTotalsData());
  w.vec(pc.prevCountsData());
  w.vec(pc.historyData());
  w.vec(u_);
  w.vec(on_);
  w.vec(last_);
  w.vec(bucket_);
  w.vec(bucketSize_);
  for (const EventCounts &e : const_cast<EnergyLedger &>(ledger_).raw()) w.pod(e);
}

void Simulator::load(ByteReader &r) {
  for (int i = 0; i < 4; ++i) r.pod(rng_.state()[i]);
  for (int i = 0; i < 4; ++i) r.pod(cfRng_.state()[i]);
  r.pod(trainSeen_);
  r.pod(t_);
  uint8_t fresh;
  r.pod(fresh);
  fresh_ = fresh != 0;
  for (Tile &t : dev_->tiles()) {
    r.vec(t.stateData(), t.cells());
    r.vec(t.writeData(), t.cells());
    r.vec(t.flagData(), t.cells());
  }
  size_t nw = size_t(rows_) * n_;
  r.vec(dev_->prunedData(), nw);
  r.vec(dev_->conventionalData(), nw);
  r.vec(dev_->rotationData(), nw);
  r.vec(homeo_.betaData(), n_);
  r.vec(homeo_.spikesData(), n_);
  r.pod(homeo_.totalSpikes());
  r.vec(lif_.vData(), lif_.vData().size());
  r.vec(lif_.thetaData(), lif_.thetaData().size());
  r.vec(lif_.refractoryData(), lif_.refractoryData().size());
  r.vec(prune_.eligibleSinceData(), n_);
  r.vec(prune_.lastTotalsData(), n_);
  r.vec(prune_.prevCountsData(), n_);
  r.vecAny(prune_.historyData(), 100000000);
  r.vec(u_, n_);
  r.vec(on_, pre_);
  r.vec(last_, pre_);
  r.vec(bucket_, bucket_.size());
  r.vec(bucketSize_, bucketSize_.size());
  for (EventCounts &e : ledger_.raw()) r.pod(e);
  dev_->rebuildFromCells();
  prune_.recount();
}

} // namespace snnrt
