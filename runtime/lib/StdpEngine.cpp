#include "snnrt/StdpEngine.h"

#include <algorithm>
#include <cmath>

namespace snnrt {

uint64_t chargeColumnOp(TileTally *tally, const uint16_t *tiles, uint32_t nTiles,
                        const CycleCosts &costs, uint32_t batch, bool verify,
                        uint32_t cellsPerWeight, EventCounts &ev) {
  uint64_t slowest = 0;
  for (uint32_t j = 0; j < nTiles; ++j) {
    TileTally &tt = tally[tiles[j]];
    uint64_t c = costs.route;
    ++ev.spikeRoutes;
    if (tt.cellsRead) {
      c += costs.read;
      ++ev.columnReads;
      ev.cellsRead += tt.cellsRead;
      ev.readConductanceNs += tt.conductanceNs;
      ev.lineActivations += cellsPerWeight;
    }
    uint64_t setSlots = (tt.set + batch - 1) / batch;
    uint64_t resetSlots = (tt.reset + batch - 1) / batch;
    c += setSlots * (costs.set + costs.verify) + resetSlots * (costs.reset + costs.verify);
    ev.setPulses += tt.set;
    ev.resetPulses += tt.reset;
    if (verify) ev.verifyReads += uint64_t(tt.set) + tt.reset;
    slowest = std::max(slowest, c);
    tt = TileTally{};
  }
  return slowest;
}

void StdpEngine::estimateMemory(const Program &p, MemoryEstimate &m) {
  m.add("other", uint64_t(p.root().quantization()->levels()) * 2 * sizeof(float) +
                     uint64_t(p.root().placement()->size()) * sizeof(TileTally));
}

StdpEngine::StdpEngine(const Program &p, Device &dev) : dev_(&dev) {
  const fb::Program &r = p.root();
  costs_ = p.derived().cycles;
  pre_ = r.projection()->pre_size();
  hasBias_ = r.projection()->has_bias();
  biasRow_ = pre_;
  learnBias_ = r.stdp()->learn_bias();
  window_ = p.derived().stdpWindowSteps;
  batch_ = p.derived().writeBatch;
  auto ws = r.write_schedule();
  skipUnchanged_ = ws->skip_unchanged();
  skipPruned_ = ws->skip_pruned();
  verify_ = r.device()->verify();
  tally_.assign(dev.numTiles(), TileTally{});

  const Quantizer &q = dev.quantizer();
  auto s = r.stdp();
  ltpStep_.resize(q.levels());
  ltdStep_.resize(q.levels());
  for (uint32_t L = 0; L < q.levels(); ++L) {
    double w = q.value(L);
    double ltp = s->ltp() == fb::LtpForm::NesslerExp
                     ? s->eta_ltp() * (s->ltp_c() * std::exp(-w) - 1.0)
                     : s->eta_ltp();
    double ltd = s->ltd() == fb::LtdForm::Constant ? -s->eta_ltd()
                                                   : -s->eta_ltd() * std::exp(w);
    ltpStep_[L] = float(ltp / q.step());
    ltdStep_[L] = float(ltd / q.step());
  }
}

uint64_t StdpEngine::onPostSpike(uint32_t k, int64_t t, const int64_t *lastSpike,
                                 float scale, Rng &rng, Rng &cfRng, EventCounts &ev) {
  Device &dev = *dev_;
  const Quantizer &q = dev.quantizer();
  const uint32_t cols = dev.cols(), cellsPerWeight = dev.cellsPerWeight();
  const uint16_t *levels = dev.levels();
  const uint8_t *pruned = dev.pruned();
  const double top = double(q.levels() - 1);
  const int64_t oldest = t - int64_t(window_) + 1;
  const uint32_t rows = hasBias_ && learnBias_ ? pre_ + 1 : pre_;
  for (uint32_t i = 0; i < rows; ++i) {
    const size_t idx = size_t(i) * cols + k;
    const bool ltp = i == biasRow_ || lastSpike[i] >= oldest;
    const uint32_t L = levels[idx];
    double pos = double(L) + double(scale) * (ltp ? ltpStep_[L] : ltdStep_[L]);
    pos = pos < 0 ? 0 : (pos > top ? top : pos);
    if (pruned[idx] && skipPruned_) {
      // Counterfactual on its own RNG stream, so that counting avoided writes
      // never perturbs the simulation.
      uint64_t ignored = 0;
      uint32_t target = q.round(pos, cfRng, ignored);
      WriteOutcome o = dev.wouldWrite(idx, target, skipUnchanged_);
      ev.avoidedPruneSet += o.set;
      ev.avoidedPruneReset += o.reset;
      continue;
    }
    ++ev.stdpUpdates;
    uint32_t target = q.round(pos, rng, ev.rngDraws);
    TileTally &tt = tally_[dev.tileOf(idx)];
    tt.cellsRead += cellsPerWeight;
    tt.conductanceNs += dev.weightConductanceNs(idx); // read before the write
    if (skipUnchanged_ && target == L) {
      uint32_t ns, nr;
      dev.naiveRewrite(L, ns, nr);
      ev.avoidedSchedSet += ns;
      ev.avoidedSchedReset += nr;
      continue;
    }
    WriteOutcome o = dev.write(idx, target, skipUnchanged_, rng);
    ev.wordRotations += o.rotated;
    tt.set += o.set;
    tt.reset += o.reset;
    ev.avoidedSchedSet += o.naiveSet - std::min(o.naiveSet, o.set);
    ev.avoidedSchedReset += o.naiveReset - std::min(o.naiveReset, o.reset);
  }
  uint32_t nt;
  const uint16_t *tiles = dev.columnTiles(k, nt);
  return chargeColumnOp(tally_.data(), tiles, nt, costs_, batch_, verify_, cellsPerWeight, ev);
}

} // namespace snnrt
