#include "snnrt/Simulator.h"

#include <algorithm>

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
#include <immintrin.h>
#define SNN_AVX512_ROWS 1
// GCC 12's AVX-512 headers start some conversions from an "undefined"
// register and then warn that it may be used uninitialized: a false positive
// of the headers (as in StdpEngine.cpp).
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#endif

namespace snnrt {

namespace {
// RNG stream ids derived from the one user seed.
enum : uint64_t { kStreamInit = 1, kStreamRun = 2, kStreamCounterfactual = 3 };
constexpr int64_t kNever = INT64_MIN / 4;
constexpr int64_t kMaxStep = int64_t(1) << 60;
} // namespace

MemoryEstimate Simulator::estimateMemory(const Program &p) {
  MemoryEstimate m;
  m.add("program", p.bytes().size());
  Device::estimateMemory(p, m);
  SpikeEncoder::estimateMemory(p, m);
  WtaSampler::estimateMemory(p, m);
  StdpEngine::estimateMemory(p, m);
  PruningController::estimateMemory(p, m);
  // The simulator's own state (see the constructor): the rings of inputs
  // whose window may close, per-input and per-neuron arrays, per-tile busy.
  const uint64_t pre = p.root().projection()->pre_size(), n = p.root().population()->size();
  const uint64_t ring = uint64_t(p.derived().inputWindowSteps) + 1;
  m.add("input windows", ring * pre * sizeof(uint32_t) + ring * sizeof(uint32_t));
  // Per input: window flag, last spike, spike buffer (+kOutSlack), open
  // rows (+16 for whole vectors); with Deferred accumulation also the held
  // and dirty flags and the dirty list.
  const bool deferred =
      p.root().encoding()->accumulation() == fb::Accumulation::Deferred;
  m.add("inputs", pre * (sizeof(uint8_t) + sizeof(int64_t) + 2 * sizeof(uint32_t) +
                         (deferred ? 2 * sizeof(uint8_t) + sizeof(uint32_t) : 0)) +
                     (16 + SpikeEncoder::kOutSlack) * sizeof(uint32_t));
  m.add("neurons", n * sizeof(float));
  m.add("other", 2 * DrawTape::bufferBytes()); // the two streams' tapes
  // Busy cycles per tile (at most one per block) and per row group.
  m.add("other", (uint64_t(p.root().placement()->size()) + pre + 1) * sizeof(uint64_t));
  return m;
}

uint64_t Simulator::estimateCheckpoint(const Program &p) {
  // What save() writes: per tile its cell arrays; per weight the pruned,
  // conventional and rotation flags; per input the window state and the
  // closing rings; per neuron potentials, homeostasis, LIF and pruning
  // state; a few hundred bytes of counters and random streams.
  const fb::Program &r = p.root();
  const uint64_t pre = r.projection()->pre_size(), n = r.population()->size();
  const uint64_t ring = uint64_t(p.derived().inputWindowSteps) + 1;
  const bool lif = r.population()->model() == fb::NeuronModel::LIFAdaptive;
  return Device::checkpointTileBytes(p) + uint64_t(p.derived().matrixRows) * n * 3 +
         pre * (sizeof(uint8_t) + sizeof(int64_t)) + ring * (pre + 1) * sizeof(uint32_t) +
         n * (sizeof(float) + sizeof(float) + sizeof(uint64_t) + 3 * sizeof(int64_t) +
              (lif ? 2 * sizeof(float) + sizeof(int64_t) : 0)) +
         4096;
}

DrawTape::Mode Simulator::tapeMode(const Program &p) {
  return p.root().quantization()->encoding() == fb::CellEncoding::MultiLevel ? DrawTape::Mode::Direct
                                                                             : DrawTape::Mode::Ahead;
}

Simulator::Simulator(const Program &p, std::vector<uint32_t> mask, uint64_t seed)
    : prog_(&p), rng_(Rng(seed, kStreamRun), tapeMode(p)),
      cfRng_(Rng(seed, kStreamCounterfactual), tapeMode(p)), ledger_(p) {
  const fb::Program &r = p.root();
  pre_ = r.projection()->pre_size();
  n_ = r.population()->size();
  rows_ = p.derived().matrixRows;
  steps_ = p.derived().stepsPerImage;
  readoutSteps_ = p.derived().readoutStepsPerImage;
  window_ = p.derived().inputWindowSteps;
  units_ = r.chip()->neuron_units();
  wta_ = r.population()->model() == fb::NeuronModel::BayesianWTA;
  hasBias_ = r.projection()->has_bias();
  reset_ = r.encoding()->reset_between_images();
  recompute_ = wta_ && r.encoding()->accumulation() == fb::Accumulation::Recompute;
  deferred_ = wta_ && r.encoding()->accumulation() == fb::Accumulation::Deferred;
  rotationPeriod_ = p.derived().rotationPeriod;

  Rng init(seed, kStreamInit);
  dev_ = std::make_unique<Device>(p, init);
  enc_ = SpikeEncoder(p, std::move(mask));
  if (wta_) sampler_ = WtaSampler(p);
  else lif_ = LifNeurons(p);
  homeo_ = Homeostasis(p);
  stdp_ = StdpEngine(p, *dev_);
  prune_ = PruningController(p, *dev_);

  S_.u.assign(n_, 0.f);
  S_.on.assign(pre_, 0);
  S_.last.assign(pre_, kNever);
  S_.bucket.assign(size_t(window_ + 1) * pre_, 0);
  S_.bucketSize.assign(window_ + 1, 0);
  spikeBuf_.assign(pre_ + SpikeEncoder::kOutSlack, 0);
  openRows_.assign(size_t(pre_) + 16, 0);
  busyGroup_.assign(dev_->numRowGroups(), 0);
  busy_.assign(dev_->groupsPartitionTiles() ? 0 : dev_->numTiles(), 0);
  held_.assign(deferred_ ? pre_ : 0, 0);
  dirty_.assign(deferred_ ? pre_ : 0, 0);
  dirtyList_.reserve(deferred_ ? pre_ : 0);
}

void Simulator::resetImageState() {
  std::fill(S_.on.begin(), S_.on.end(), 0);
  std::fill(S_.last.begin(), S_.last.end(), kNever);
  std::fill(S_.bucketSize.begin(), S_.bucketSize.end(), 0);
  // Every window closed and u reloaded: nothing is pending.
  std::fill(held_.begin(), held_.end(), 0);
  for (uint32_t i : dirtyList_) dirty_[i] = 0;
  dirtyList_.clear();
  if (wta_) {
    // u starts from the bias row (always active), or 0 without a bias.
    if (hasBias_) std::copy_n(dev_->weights() + size_t(pre_) * n_, n_, S_.u.begin());
    else std::fill(S_.u.begin(), S_.u.end(), 0.f);
  } else {
    lif_.resetImage();
  }
}

#if SNN_AVX512_ROWS
namespace {
// applyRows() on one block of potentials, u[0, 16 * kRowVectors) (the first
// `left` of them if kMasked), held in registers while every queued row
// (from its potential k on) adds into it, its sign bits flipped for a
// subtraction.
constexpr int kRowVectors = 4;
template <bool kMasked>
__attribute__((always_inline)) inline void addRowBlock(float *u, const float *const *rows,
                                                       const uint32_t *signBit, uint32_t m, uint32_t k,
                                                       uint32_t left) {
  __mmask16 in[kRowVectors];
  for (int v = 0; v < kRowVectors; ++v)
    in[v] = !kMasked || left >= 16u * (v + 1) ? __mmask16(0xffff)
            : left <= 16u * v                 ? __mmask16(0)
                                              : __mmask16((1u << (left - 16 * v)) - 1);
  __m512 a[kRowVectors];
  for (int v = 0; v < kRowVectors; ++v) a[v] = _mm512_maskz_loadu_ps(in[v], u + 16 * v);
  for (uint32_t j = 0; j < m; ++j) {
    const float *w = rows[j] + k;
    const __m512 s = _mm512_castsi512_ps(_mm512_set1_epi32(int(signBit[j])));
    for (int v = 0; v < kRowVectors; ++v)
      a[v] = _mm512_add_ps(a[v], _mm512_xor_ps(s, kMasked ? _mm512_maskz_loadu_ps(in[v], w + 16 * v)
                                                          : _mm512_loadu_ps(w + 16 * v)));
  }
  for (int v = 0; v < kRowVectors; ++v) _mm512_mask_storeu_ps(u + 16 * v, in[v], a[v]);
}
} // namespace
#endif

void Simulator::applyRows(uint32_t m) {
  // Each potential takes the queued rows in event order, one float add or
  // subtract each, as a row at a time would: the same sums.
  if (!m) return;
  const float *rows[kPendingRows];
  for (uint32_t j = 0; j < m; ++j) rows[j] = dev_->weights() + size_t(pendingRow_[j]) * n_;
  float *u = S_.u.data();
  uint32_t k = 0;
#if SNN_AVX512_ROWS
  // While u fits the L1 cache, per block of potentials: 64 of them in four
  // registers take every queued row, so u is loaded and stored once and the
  // rows' loads overlap (a subtraction is the addition of the row with its
  // sign bits flipped, exact). Longer rows are streamed one at a time: as
  // many interleaved streams as queued rows defeat the prefetchers.
  if (n_ <= kBlockedRowsMax) {
    uint32_t signBit[kPendingRows];
    for (uint32_t j = 0; j < m; ++j) signBit[j] = pendingSign_[j] < 0 ? 0x80000000u : 0u;
    for (; k + 16 * kRowVectors <= n_; k += 16 * kRowVectors) addRowBlock<false>(u + k, rows, signBit, m, k, 0);
    // The last potentials the same way in masked registers (a scalar tail
    // would be a chain through memory per row).
    if (k < n_) addRowBlock<true>(u + k, rows, signBit, m, k, n_ - k);
    k = n_;
  }
#endif
  // The rest a row at a time (sign * w is exact: the same sum as u + w or
  // u - w).
  for (uint32_t j = 0; j < m; ++j) {
    const float *w = rows[j], s = pendingSign_[j];
    for (uint32_t c = k; c < n_; ++c) u[c] += s * w[c];
  }
}

void Simulator::recomputeU(uint32_t k) {
  // Exact recompute after column k was rewritten, so that u never drifts from
  // the stored weights (the neuron unit knows the values it just wrote).
  // First the open inputs in order, then the sum in that order over them
  // only: its loads do not wait on a branch per input.
  const uint8_t *on = S_.on.data();
  uint32_t *rows = openRows_.data(), open = 0, i = 0;
#if SNN_AVX512_ROWS
  for (; i + 16 <= pre_; i += 16) {
    const __mmask16 m = _mm_test_epi8_mask(_mm_loadu_si128(reinterpret_cast<const __m128i *>(on + i)),
                                           _mm_set1_epi8(1));
    const __m512i idx = _mm512_add_epi32(_mm512_set1_epi32(int(i)),
                                         _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    _mm512_storeu_si512(rows + open, _mm512_maskz_compress_epi32(m, idx));
    open += uint32_t(__builtin_popcount(m));
  }
#endif
  for (; i < pre_; ++i) {
    rows[open] = i;
    open += on[i];
  }
  const float *w = dev_->weights() + k;
  float s = hasBias_ ? w[size_t(pre_) * n_] : 0.f;
  for (uint32_t j = 0; j < open; ++j) s += w[size_t(rows[j]) * n_];
  S_.u[k] = s;
}

Simulator::RowPort Simulator::rowPort() {
  const CycleCosts &c = ledger_.costs();
  return RowPort{dev_->rowTileBegins(), dev_->rowGroups(), dev_->rowReads(), busyGroup_.data(),
                 c.route, c.read, oneRowGroup()};
}

void Simulator::RowTally::addTo(EventCounts &ev, uint64_t readCycles, uint32_t cellsPerWeight) const {
  ev.spikeRoutes += routes;
  ev.rowReads += reads;
  ev.lineActivations += reads; // one word line per tile read
  ev.cellsRead += cells;
  ev.readConductanceNs += conductanceNs;
  ev.accumulateAdds += cells / cellsPerWeight;
  ev.closeReads += closeReads;
  ev.closeCells += closeCells;
  ev.closeConductanceNs += closeConductanceNs;
  ev.closeBusyCycles += readCycles * closeReads;
}

uint64_t Simulator::busiestTile(uint64_t oneGroupBusy) {
  if (oneRowGroup()) busyGroup_[0] += oneGroupBusy;
  uint64_t most = 0;
  if (dev_->groupsPartitionTiles()) {
    for (uint64_t b : busyGroup_) most = std::max(most, b);
    return most;
  }
  std::fill(busy_.begin(), busy_.end(), 0);
  for (uint32_t g = 0; g < busyGroup_.size(); ++g) {
    uint32_t n;
    const uint16_t *tiles = dev_->groupTiles(g, n);
    for (uint32_t s = 0; s < n; ++s) busy_[tiles[s]] += busyGroup_[g];
  }
  for (uint64_t b : busy_) most = std::max(most, b);
  return most;
}

Simulator::RowTally Simulator::readChangedRows(const RowPort &port) {
  RowTally tally;
  for (uint32_t i : dirtyList_) {
    dirty_[i] = 0;
    if (held_[i] == S_.on[i]) continue; // opened and closed again: nothing to do
    held_[i] = S_.on[i];
    port.charge(i, 0, 1, S_.on[i] ? 0 : 1, tally);
  }
  dirtyList_.clear();
  return tally;
}

uint32_t Simulator::present(const uint8_t *image, Phase phase, uint32_t *spikeCounts) {
  enc_.load(image, phase != Phase::Train);
  if (reset_ || S_.fresh) {
    resetImageState();
    // The bias row is read once to load u (WTA only; LIF has no bias row;
    // Recompute reads it at every firing instead).
    if (wta_ && hasBias_ && !recompute_) {
      EventCounts &ev = ledger_.at(phase);
      clearBusy();
      RowTally tally;
      rowPort().charge(pre_, 0, 1, 0, tally);
      tally.addTo(ev, ledger_.costs().read, dev_->cellsPerWeight());
      ev.cycles += busiestTile(tally.busy); // before the first step: not overlapped with dt
    }
  }
  S_.fresh = false;
  return wta_ ? run<true>(phase, spikeCounts) : run<false>(phase, spikeCounts);
}

template <bool kWta> uint32_t Simulator::run(Phase phase, uint32_t *spikeCounts) {
  EventCounts &ev = ledger_.at(phase);
  const CycleCosts &c = ledger_.costs();
  const bool learning = phase == Phase::Train;
  // Assignment and test present images as the readout declares.
  const uint32_t steps = learning ? steps_ : readoutSteps_;
  const uint32_t W = window_, ring = W + 1;
  const uint64_t neuronWork = uint64_t((n_ + units_ - 1) / units_) * c.neuron;
  const uint32_t active = enc_.activeInputs();
  const bool recompute = recompute_, deferred = deferred_;
  const uint32_t rewindow = !recompute && !deferred; // a window that opens is read
  uint32_t outSpikes = 0;
  RowTally rt;
  const RowPort port = rowPort();
  uint32_t queued = 0; // rows waiting for applyRows()
  // Wear leveling: words written during this image take this rotation.
  if (learning && rotationPeriod_)
    dev_->setTargetRotation(S_.trainSeen / rotationPeriod_);

  for (uint32_t s = 0; s < steps; ++s) {
    const int64_t t = S_.step++;
    clearBusy();
    uint64_t work = c.control;
    ++ev.controlSteps;
    ++ev.steps;

    if (!kWta) {
      lif_.decay(learning);
      ev.neuronUpdates += n_;
      work += neuronWork;
    }
    // Encoder. An input spiking now may close its window W steps on: its
    // bucket in the ring (one division per step, not per spike).
    const uint32_t closeSlot = uint32_t((t + W) % ring);
    const uint32_t ns = enc_.step(rng_, spikeBuf_.data());
    ev.rngDraws += active;
    ev.inputSpikes += ns;
    // The arrays in locals: the window flags are bytes, whose stores could
    // alias any member, which the compiler would then reload per spike.
    uint8_t *on = S_.on.data();
    int64_t *last = S_.last.data();
    const uint32_t *spikes = spikeBuf_.data();
    uint32_t *closing = S_.bucket.data() + size_t(closeSlot) * pre_, nClosing = S_.bucketSize[closeSlot];
    for (uint32_t j = 0; j < ns; ++j) {
      const uint32_t i = spikes[j];
      if (kWta) {
        const uint32_t opens = on[i] ^ 1u; // window flags are 0 or 1
        port.charge(i, 1, opens & rewindow, 0, rt);
        on[i] = 1;
        queueRow(queued, i, 1.f, opens);
        if (deferred && opens) markChanged(i);
        last[i] = t;
        closing[nClosing++] = i;
      } else {
        port.charge(i, 1, 1, 0, rt);
        const float *w = dev_->weights() + size_t(i) * n_;
        float *v = lif_.v();
        const float g = lif_.gain();
        for (uint32_t k = 0; k < n_; ++k) v[k] += g * w[k];
        last[i] = t;
      }
    }
    if (kWta) {
      S_.bucketSize[closeSlot] = nClosing;
      // Windows closing: inputs whose last spike is exactly W steps old.
      const uint32_t slot = uint32_t(t % ring);
      const uint32_t *b = S_.bucket.data() + size_t(slot) * pre_;
      const int64_t spikedAt = t - int64_t(W); // the last spike of a window that closes now
      for (uint32_t j = 0, m = S_.bucketSize[slot]; j < m; ++j) {
        const uint32_t i = b[j];
        const uint32_t closes = on[i] & uint32_t(last[i] == spikedAt);
        on[i] = uint8_t(on[i] ^ closes);
        queueRow(queued, i, -1.f, closes);
        if (deferred) {
          if (closes) markChanged(i);
        } else if (!recompute) {
          port.charge(i, 0, closes, closes, rt);
        }
      }
      S_.bucketSize[slot] = 0;
    }
    // The firing decision needs no potentials; with Recompute a firing
    // reads the bias row and every active input row to form u first.
    bool fires = false;
    if (kWta) {
      ++ev.rngDraws;
      fires = sampler_.fires(rng_, !learning);
      if (fires && recompute_) {
        if (hasBias_) port.charge(pre_, 0, 1, 0, rt);
        for (uint32_t i = 0; i < pre_; ++i)
          if (S_.on[i]) port.charge(i, 0, 1, 0, rt);
      }
      if (fires && deferred_) rt += readChangedRows(port);
    }
    work += busiestTile(rt.busy);
    rt.busy = 0;

    // Neuron units.
    int32_t winner = -1;
    if (kWta) {
      if (fires) {
        ++ev.rngDraws;
        ev.neuronUpdates += n_;
        work += neuronWork;
        applyRows(queued);
        queued = 0;
        winner = int32_t(sampler_.sample(S_.u.data(), homeo_.beta(), rng_));
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
        work += stdp_.onPostSpike(k, t, S_.last.data(), scale, rng_, cfRng_, ev);
        homeo_.onSpike(k);
        if (kWta) recomputeU(k);
      }
    }
    const uint64_t dtc = c.step;
    if (work > dtc) ++ev.overrunSteps;
    ev.cycles += std::max(dtc, work);
  }
  if (kWta) applyRows(queued); // u is whole between images
  // Deferred: when u carries over to the next image, bring it up to date at
  // the image's end, so that it always matches the windows between images
  // (what a checkpoint holds); otherwise the next image reloads it.
  if (deferred_ && !reset_ && !dirtyList_.empty()) {
    clearBusy();
    rt += readChangedRows(port);
    ev.cycles += busiestTile(rt.busy);
    rt.busy = 0;
  }
  rt.addTo(ev, c.read, dev_->cellsPerWeight());
  if (learning) ++S_.trainSeen;
  return outSpikes;
}

void Simulator::setTrainingProgress(uint64_t done, uint64_t total) {
  const double annealTo = prog_->root().stdp()->anneal_to();
  etaScale_ = total ? float(1.0 - (1.0 - annealTo) * double(done) / double(total)) : 1.f;
}

void Simulator::afterTrainImage() {
  prune_.afterImage(S_.trainSeen, homeo_.spikes().data(), rng_, ledger_.at(Phase::Train));
}

// Checkpoint payload, in component order (see Simulator.h). Derived data
// (weight cache, levels, row read sizes, pruned counts) is rebuilt by the
// components from their saved state.
void Simulator::save(CheckpointWriter &w) const {
  S_.save(w);
  rng_.save(w);
  cfRng_.save(w);
  dev_->save(w);
  homeo_.save(w);
  lif_.save(w);
  prune_.save(w);
  ledger_.save(w);
}

void Simulator::load(CheckpointReader &r) {
  S_.load(r, steps_, readoutSteps_, window_, wta_);
  syncDeferred();
  rng_.load(r, "rng.run");
  cfRng_.load(r, "rng.counterfactual");
  dev_->load(r);
  homeo_.load(r);
  lif_.load(r, S_.step);
  prune_.load(r, S_.trainSeen, homeo_.spikes());
  ledger_.load(r);
  // The ledger counted every step the simulator ran, and every training spike.
  uint64_t steps = 0;
  for (int p = 0; p < kNumPhases; ++p) steps += ledger_.at(Phase(p)).steps;
  if (steps != uint64_t(S_.step))
    r.fail("ledger.steps", std::to_string(steps) + " steps in all phases but simulator.step is " +
                               std::to_string(S_.step));
  const EventCounts &train = ledger_.at(Phase::Train);
  if (train.steps != S_.trainSeen * steps_)
    r.fail("ledger.train.steps", std::to_string(train.steps) + " != " +
                                     std::to_string(S_.trainSeen) + " training images x " +
                                     std::to_string(steps_) + " steps");
  if (train.outputSpikes != homeo_.totalSpikes())
    r.fail("ledger.train.output_spikes", std::to_string(train.outputSpikes) +
                                             " != homeostasis.total_spikes " +
                                             std::to_string(homeo_.totalSpikes()));
}

void Simulator::syncDeferred() {
  // Between images u matches the open windows (see run()), or the next
  // image reloads it: nothing is pending.
  if (!deferred_) return;
  held_ = S_.on;
  for (uint32_t i : dirtyList_) dirty_[i] = 0;
  dirtyList_.clear();
}

void Simulator::saveInference(CheckpointWriter &w) const {
  S_.save(w);
  rng_.save(w);
  cfRng_.save(w);
  lif_.save(w);
}

void Simulator::loadInference(CheckpointReader &r) {
  const uint64_t seen = S_.trainSeen;
  S_.load(r, steps_, readoutSteps_, window_, wta_);
  syncDeferred();
  if (S_.trainSeen != seen)
    r.fail("inference.simulator.train_images_seen",
           std::to_string(S_.trainSeen) + " != " + std::to_string(seen) + " of the trained state");
  rng_.load(r, "inference.rng.run");
  cfRng_.load(r, "inference.rng.counterfactual");
  lif_.load(r, S_.step);
}

void Simulator::State::save(CheckpointWriter &w) const {
  w.pod(trainSeen);
  w.pod(step);
  w.pod(uint8_t(fresh));
  w.vec(u);
  w.vec(on);
  w.vec(last);
  w.vec(bucket);
  w.vec(bucketSize);
}

void Simulator::State::load(CheckpointReader &r, uint32_t steps, uint32_t readoutSteps,
                            uint32_t window, bool wta) {
  using R = CheckpointReader;
  const uint64_t seen = r.pod<uint64_t>("simulator.train_images_seen");
  const int64_t t = r.pod<int64_t>("simulator.step");
  const uint8_t fr = r.pod<uint8_t>("simulator.fresh");
  auto nu = r.vec<float>(u.size(), "simulator.potentials");
  auto non = r.vec<uint8_t>(on.size(), "simulator.window_open");
  auto nlast = r.vec<int64_t>(last.size(), "simulator.last_spike");
  auto nbucket = r.vec<uint32_t>(bucket.size(), "simulator.closing");
  auto nsize = r.vec<uint32_t>(bucketSize.size(), "simulator.closing_count");
  // Images run whole, so a checkpoint falls between images: the training
  // images, then assignment and test images of readoutSteps each. The bound
  // keeps step arithmetic (t + window, refractory ends) far from overflow.
  if (t < 0 || t > kMaxStep || (steps == readoutSteps && t % steps != 0))
    r.fail("simulator.step", std::to_string(t) + " is not a multiple of " + std::to_string(steps) +
                                 " steps per image in [0, 2^60]");
  if (seen > uint64_t(t) / steps)
    r.fail("simulator.train_images_seen", std::to_string(seen) + " > " +
                                              std::to_string(uint64_t(t) / steps) +
                                              " images presented");
  if ((uint64_t(t) - seen * steps) % readoutSteps != 0)
    r.fail("simulator.step", std::to_string(t) + " is not " + std::to_string(seen) +
                                 " training images of " + std::to_string(steps) +
                                 " steps and whole readout images of " +
                                 std::to_string(readoutSteps) + " steps");
  if (fr != (t == 0 ? 1 : 0))
    r.fail("simulator.fresh", R::show(fr) + " but " + std::to_string(t) + " steps have run");
  r.requireFinite(nu, "simulator.potentials");
  r.requireFlags(non, "simulator.window_open");
  const uint32_t pre = uint32_t(on.size());
  for (uint32_t i = 0; i < pre; ++i) {
    const int64_t l = nlast[i];
    if (l != kNever && (l < 0 || l >= t))
      r.fail(R::at("simulator.last_spike", i),
             std::to_string(l) + " is not a step before " + std::to_string(t));
    // WTA: a window is open for `window` steps after the input's last spike.
    const bool open = wta && l != kNever && l >= t - int64_t(window);
    if (non[i] != open)
      r.fail(R::at("simulator.window_open", i),
             R::show(non[i]) + " but the last spike was at " + std::to_string(l) + ", step now " +
                 std::to_string(t) + ", window " + std::to_string(window));
  }
  if (!wta)
    for (size_t k = 0; k < nu.size(); ++k)
      if (nu[k] != 0.f) r.fail(R::at("simulator.potentials", k), "LIF programs keep no WTA potentials");
  r.requireBelow(nbucket, pre, "simulator.closing", "inputs");
  for (size_t j = 0; j < nsize.size(); ++j)
    if (nsize[j] > pre) // each input spikes at most once per step
      r.fail(R::at("simulator.closing_count", j), std::to_string(nsize[j]) + " > inputs " + std::to_string(pre));
  // The ring the next step appends to was emptied by the step before it.
  const size_t next = size_t((uint64_t(t) + window) % nsize.size());
  if (nsize[next] != 0)
    r.fail(R::at("simulator.closing_count", next),
           std::to_string(nsize[next]) + " but step " + std::to_string(t) + " appends to this ring, emptied by the step before");
  trainSeen = seen;
  step = t;
  fresh = fr != 0;
  u = std::move(nu);
  on = std::move(non);
  last = std::move(nlast);
  bucket = std::move(nbucket);
  bucketSize = std::move(nsize);
}

} // namespace snnrt
