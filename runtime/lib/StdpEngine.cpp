#include "snnrt/StdpEngine.h"
#include "snn/contract/Verify.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
#include <immintrin.h>
#define SNN_AVX512_POSITIONS 1
// GCC 12's AVX-512 headers start some conversions and gathers from an
// "undefined" register and then warn that it may be used uninitialized: a
// false positive of the headers, not of this file.
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#endif

namespace snnrt {

#if SNN_AVX512_POSITIONS
namespace {
// A scale as the key of the outcome table (bits: -0 is not +0).
uint32_t floatBits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}
} // namespace
#endif

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
  const uint64_t levels = p.root().quantization()->levels();
  // step_, and outcome_ where levels are tabulated.
  m.add("other", levels * 2 * (sizeof(float) + (levels <= kOutcomeLevelsMax ? sizeof(uint64_t) : 0)) +
                     uint64_t(p.root().placement()->size()) * sizeof(TileTally) +
                     uint64_t(p.derived().matrixRows) * (2 * sizeof(uint32_t) + sizeof(double))); // target_, cfTarget_, pos_
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
  target_.assign(dev.rows(), 0);
  cfTarget_.assign(dev.rows(), 0);
  pos_.assign(dev.rows(), 0.0);

  const uint32_t levels = dev.quantizer().levels();
  step_.resize(2 * size_t(levels));
  for (uint32_t L = 0; L < levels; ++L) {
    step_[2 * L] = snn_contract::stdpLevelStep(r, L, false);
    step_[2 * L + 1] = snn_contract::stdpLevelStep(r, L, true);
  }
}

#if SNN_AVX512_POSITIONS
__attribute__((always_inline)) inline __mmask8
StdpEngine::ltpRows8(const RowConsts &c, uint32_t i, __mmask8 rowsLeft, const int64_t *lastSpike,
                     int64_t oldest) {
  const __m512i lane = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
  // Inputs have a last spike; the bias row (row pre) is always LTP.
  const __mmask8 inputs = rowsLeft & __mmask8(i >= c.pre ? 0 : c.pre - i >= 8 ? 0xff : (1u << (c.pre - i)) - 1);
  const __mmask8 bias = _mm512_mask_cmpeq_epi64_mask(
      rowsLeft & __mmask8(c.hasBias ? 0xff : 0), _mm512_add_epi64(_mm512_set1_epi64(i), lane),
      _mm512_set1_epi64(c.biasRow));
  const __m512i last = _mm512_maskz_loadu_epi64(inputs, lastSpike + i);
  return bias | _mm512_mask_cmpge_epi64_mask(inputs, last, _mm512_set1_epi64(oldest));
}

// position() on 8 levels: the same double operations (a product, then a
// sum, no fused multiply-add; the clamps as std::max/std::min order them),
// so the same doubles.
__attribute__((always_inline)) inline __m512d StdpEngine::positionsOfSteps(__m256i L, __m256 steps, float scale,
                                                                           double top) {
  const __m512d scaleD = _mm512_set1_pd(double(scale)), topD = _mm512_set1_pd(top),
                zeroD = _mm512_setzero_pd();
  const __m512d pos = _mm512_add_pd(_mm512_cvtepi32_pd(L), _mm512_mul_pd(scaleD, _mm512_cvtps_pd(steps)));
  // std::max(pos, 0.0) keeps pos unless pos < 0; std::min(pos, top) keeps
  // pos unless top < pos: vmaxpd/vminpd return their second operand on ties.
  return _mm512_min_pd(topD, _mm512_max_pd(zeroD, pos));
}

__attribute__((always_inline)) inline __m512d
StdpEngine::positionsOf8(const RowConsts &c, __m256i L, __mmask8 ltp, __mmask8 lanes, float scale,
                         double top) {
  const __m256i entry = _mm256_mask_add_epi32(_mm256_add_epi32(L, L), ltp, _mm256_add_epi32(L, L), _mm256_set1_epi32(1));
  return positionsOfSteps(L, _mm256_mmask_i32gather_ps(_mm256_setzero_ps(), lanes, entry, c.step, 4), scale, top);
}

// Quantizer::split() on 8 positions: the level before any coin (nearest:
// the rounded level, frac 0; stochastic: the level below, frac the
// fraction above it), with the same double operations.
__attribute__((always_inline)) inline __m256i StdpEngine::split8(__m512d pos, bool stochastic, __m512d &frac) {
  if (!stochastic) {
    frac = _mm512_setzero_pd();
    return _mm512_cvttpd_epu32(_mm512_add_pd(pos, _mm512_set1_pd(0.5)));
  }
  const __m256i below = _mm512_cvttpd_epu32(pos);
  frac = _mm512_sub_pd(pos, _mm512_cvtepu32_pd(below));
  return below;
}

// position() on the 8 rows from i (rowsLeft of them).
__attribute__((always_inline)) inline __m512d
StdpEngine::positions8(const RowConsts &c, uint32_t i, __mmask8 rowsLeft, const uint16_t *levels,
                       const int64_t *lastSpike, int64_t oldest, float scale, double top) {
  const __m256i L = _mm256_cvtepu16_epi32(_mm_maskz_loadu_epi16(rowsLeft, levels + i));
  return positionsOf8(c, L, ltpRows8(c, i, rowsLeft, lastSpike, oldest), rowsLeft, scale, top);
}

void StdpEngine::tabulateOutcomes(float scale, double top) {
  // Quantizer::split() of position() for every level, LTD and LTP, 8
  // levels at a time (the same doubles as the rows' own path).
  const Quantizer &q = dev_->quantizer();
  const uint32_t levels = q.levels();
  outcome_.resize(2 * size_t(levels));
  const __m512d two53 = _mm512_set1_pd(0x1.0p53);
  // Entries 2L + ltp of 8 levels are 16 consecutive slots, as are their
  // steps: loaded and stored whole, split into LTD (even) and LTP (odd).
  const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
  for (uint32_t L0 = 0; L0 < levels; L0 += 8) {
    const uint32_t n = std::min(levels - L0, 8u);
    const __mmask16 slots = __mmask16((1u << (2 * n)) - 1);
    const __m256i L = _mm256_add_epi32(_mm256_set1_epi32(int(L0)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    const __m512 steps = _mm512_permutexvar_ps(evens, _mm512_maskz_loadu_ps(slots, step_.data() + 2 * size_t(L0)));
    __m512i packedOf[2];
    for (uint32_t ltp = 0; ltp < 2; ++ltp) {
      const __m512d pos =
          positionsOfSteps(L, ltp ? _mm512_extractf32x8_ps(steps, 1) : _mm512_castps512_ps256(steps), scale, top);
      __m512d frac;
      const __m512i level = _mm512_cvtepu32_epi64(split8(pos, q.stochastic(), frac));
      // frac < 1, so frac * 2^53 (exact) rounds up to at most 2^53 (0 for
      // nearest rounding: no coin).
      const __m512i T =
          _mm512_cvtpd_epu64(_mm512_roundscale_pd(_mm512_mul_pd(frac, two53), _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC));
      packedOf[ltp] = _mm512_or_si512(_mm512_slli_epi64(level, 54), T);
    }
    // Interleaved back: entry 2L + ltp.
    const __m512i lo = _mm512_permutex2var_epi64(packedOf[0], _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11), packedOf[1]);
    const __m512i hi = _mm512_permutex2var_epi64(packedOf[0], _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15), packedOf[1]);
    uint64_t *out = outcome_.data() + 2 * size_t(L0);
    _mm512_mask_storeu_epi64(out, __mmask8(slots), lo);
    _mm512_mask_storeu_epi64(out + 8, __mmask8(slots >> 8), hi);
  }
  outcomeScale_ = floatBits(scale);
}
#endif

void StdpEngine::fillPositions(uint32_t begin, uint32_t end, const uint16_t *levels,
                               const int64_t *lastSpike, int64_t oldest, float scale, double top) {
  uint32_t i = begin;
#if SNN_AVX512_POSITIONS
  const RowConsts c = rowConsts();
  double *pos = pos_.data();
  for (; i < end; i += 8) {
    const __mmask8 rowsLeft = __mmask8(end - i >= 8 ? 0xff : (1u << (end - i)) - 1);
    _mm512_mask_storeu_pd(pos + i, rowsLeft, positions8(c, i, rowsLeft, levels, lastSpike, oldest, scale, top));
  }
#endif
  for (; i < end; ++i) pos_[i] = position(levels[i], i == biasRow_ || lastSpike[i] >= oldest, scale, top);
}

StdpEngine::Plan StdpEngine::planDigitalRows(uint32_t begin, uint32_t end, const uint16_t *levels,
                                             const uint8_t *marks, const int64_t *lastSpike,
                                             int64_t oldest, float scale, double top,
                                             const uint64_t *liveX, const uint64_t *cfX,
                                             const uint64_t *outcome) {
  const Quantizer &q = dev_->quantizer();
  Plan plan;
  uint32_t i = begin;
#if SNN_AVX512_POSITIONS
  // The members this loop uses, in locals (see RowConsts).
  const RowConsts c = rowConsts();
  const bool skipPruned = skipPruned_;
  uint32_t *target = target_.data(), *cfTarget = cfTarget_.data();
  const __m256i noWrite = _mm256_set1_epi32(int(Device::kNoWrite)), one = _mm256_set1_epi32(1);
  // Both loops below, per 8 rows: which are pruned (their coins come from
  // the counterfactual stream, their levels go to cfTarget), and, once the
  // lanes that drew (live, cf) are known, the streams' advance, the
  // targets and the written count.
  auto prunedRows8 = [&](uint32_t i, __mmask8 rowsLeft) {
    const __m128i m = _mm_maskz_loadu_epi8(rowsLeft, marks + i);
    return skipPruned ? __mmask8(_mm_test_epi8_mask(m, _mm_set1_epi8(Device::kPruned)) & rowsLeft) : __mmask8(0);
  };
  auto record8 = [&](uint32_t i, __mmask8 rowsLeft, __mmask8 pruned, __mmask8 live, __mmask8 cf, __m256i level) {
    plan.liveDraws += uint32_t(__builtin_popcount(live));
    plan.cfDraws += uint32_t(__builtin_popcount(cf));
    _mm256_mask_storeu_epi32(target + i, rowsLeft, _mm256_mask_blend_epi32(pruned, level, noWrite));
    _mm256_mask_storeu_epi32(cfTarget + i, rowsLeft, _mm256_mask_blend_epi32(pruned, noWrite, level));
    plan.written += uint32_t(__builtin_popcount(rowsLeft & ~pruned));
  };
  if (outcome) {
    // Each row's level and coin threshold from the table (tabulateOutcomes);
    // the lanes that draw take the streams' next draws in row order
    // (expanded into their lanes) and compare them as integers.
    const __m512i thresholdBits = _mm512_set1_epi64(int64_t((uint64_t(1) << 54) - 1));
    for (; i < end; i += 8) {
      const __mmask8 rowsLeft = __mmask8(end - i >= 8 ? 0xff : (1u << (end - i)) - 1);
      const __m256i L = _mm256_cvtepu16_epi32(_mm_maskz_loadu_epi16(rowsLeft, levels + i));
      const __mmask8 ltp = ltpRows8(c, i, rowsLeft, lastSpike, oldest);
      const __m256i entry = _mm256_mask_add_epi32(_mm256_add_epi32(L, L), ltp, _mm256_add_epi32(L, L), one);
      const __m512i packed = _mm512_mask_i32gather_epi64(_mm512_setzero_si512(), rowsLeft, entry, outcome, 8);
      const __m512i T = _mm512_and_si512(packed, thresholdBits);
      const __mmask8 pruned = prunedRows8(i, rowsLeft);
      const __mmask8 draw = _mm512_test_epi64_mask(T, T);
      const __mmask8 live = __mmask8(draw & ~pruned), cf = __mmask8(draw & pruned);
      const __m512i xLive = _mm512_srli_epi64(_mm512_maskz_expandloadu_epi64(live, liveX + plan.liveDraws), 11);
      const __m512i xCf = _mm512_srli_epi64(_mm512_maskz_expandloadu_epi64(cf, cfX + plan.cfDraws), 11);
      const __mmask8 up = _mm512_mask_cmplt_epu64_mask(live, xLive, T) | _mm512_mask_cmplt_epu64_mask(cf, xCf, T);
      __m256i level = _mm512_cvtepi64_epi32(_mm512_srli_epi64(packed, 54));
      record8(i, rowsLeft, pruned, live, cf, _mm256_mask_add_epi32(level, up, level, one));
    }
    return plan;
  }
  const bool stochastic = q.stochastic();
  // Quantizer::split() on 8 rows at a time (the same doubles); the lanes
  // that draw take the streams' next draws in row order (expanded into
  // their lanes) and compare them as Rng::uniform() values.
  const __m512d unit = _mm512_set1_pd(0x1.0p-53);
  // A draw as Rng::uniform() has it: its upper 53 bits (exact in a double) / 2^53.
  auto uniform8 = [&](__mmask8 lanes, const uint64_t *x) {
    return _mm512_mul_pd(_mm512_cvtepu64_pd(_mm512_srli_epi64(_mm512_maskz_expandloadu_epi64(lanes, x), 11)), unit);
  };
  for (; i < end; i += 8) {
    const __mmask8 rowsLeft = __mmask8(end - i >= 8 ? 0xff : (1u << (end - i)) - 1);
    const __m512d pos = positions8(c, i, rowsLeft, levels, lastSpike, oldest, scale, top);
    const __mmask8 pruned = prunedRows8(i, rowsLeft);
    __m512d frac;
    __m256i level = split8(pos, stochastic, frac);
    __mmask8 live = 0, cf = 0;
    if (stochastic) {
      const __mmask8 draw = _mm512_mask_cmp_pd_mask(rowsLeft, frac, _mm512_setzero_pd(), _CMP_GT_OQ);
      live = __mmask8(draw & ~pruned);
      cf = __mmask8(draw & pruned);
      const __mmask8 up = _mm512_mask_cmp_pd_mask(live, uniform8(live, liveX + plan.liveDraws), frac, _CMP_LT_OQ) |
                          _mm512_mask_cmp_pd_mask(cf, uniform8(cf, cfX + plan.cfDraws), frac, _CMP_LT_OQ);
      level = _mm256_mask_add_epi32(level, up, level, one);
    }
    record8(i, rowsLeft, pruned, live, cf, level);
  }
#else
  (void)outcome; // no table without AVX-512
  fillPositions(begin, end, levels, lastSpike, oldest, scale, top);
#endif
  // Quantizer::split(): the level, and whether a coin of the row's stream
  // moves it up one (without a branch on the coin or on pruning).
  for (; i < end; ++i) {
    const Quantizer::Split r = q.split(pos_[i]);
    const bool pruned = skipPruned_ && (marks[i] & Device::kPruned);
    // At most one draw per row so far: both indices are below end - begin.
    const double u = Rng::toUniform(pruned ? cfX[plan.cfDraws] : liveX[plan.liveDraws]);
    const uint32_t level = r.level + uint32_t(r.draws && u < r.frac);
    target_[i] = pruned ? Device::kNoWrite : level;
    cfTarget_[i] = pruned ? level : Device::kNoWrite;
    plan.liveDraws += r.draws && !pruned;
    plan.cfDraws += r.draws && pruned;
    plan.written += !pruned;
  }
  return plan;
}

uint64_t StdpEngine::onPostSpike(uint32_t k, int64_t t, const int64_t *lastSpike,
                                 float scale, DrawTape &run, DrawTape &counterfactual, EventCounts &ev) {
  Device &dev = *dev_;
  const Quantizer &q = dev.quantizer();
  const uint32_t cellsPerWeight = dev.cellsPerWeight();
  // Column k is contiguous (slot order); its runs name the tile of each row.
  const uint16_t *levels = dev.columnLevels(k);
  const uint8_t *marks = dev.columnMarks(k);
  const size_t j0 = dev.slot(0, k);
  const double top = double(q.levels() - 1);
  const int64_t oldest = t - int64_t(window_) + 1;
  const uint32_t rows = hasBias_ && learnBias_ ? pre_ + 1 : pre_;
  const bool digital = !dev.multiLevel();
  // Event counts in locals (the device's stores could alias the ledger's).
  uint64_t updates = 0, draws = 0, rotations = 0, pruneSet = 0, pruneReset = 0, schedSet = 0,
           schedReset = 0;
  // The outcome table of this scale, if there is one (null: each row is
  // worked out). A scale is tabulated once it repeats (a training image's
  // post spikes share theirs; rate-scaled homeostasis gives each neuron its
  // own).
  const uint64_t *outcome = nullptr;
#if SNN_AVX512_POSITIONS
  if (tabulate_ && digital && q.levels() <= kOutcomeLevelsMax) {
    const uint32_t bits = floatBits(scale);
    if ((outcome_.empty() || outcomeScale_ != bits) && bits == lastScale_) tabulateOutcomes(scale, top);
    lastScale_ = bits;
    if (!outcome_.empty() && outcomeScale_ == bits) outcome = outcome_.data();
  }
#endif
  uint32_t nRuns;
  const Device::Run *runs = dev.columnRuns(k, nRuns);
  for (uint32_t ri = 0; ri < nRuns && runs[ri].rowBegin < rows; ++ri) {
    TileTally tt = tally_[runs[ri].tile];
    const uint32_t begin = runs[ri].rowBegin, end = std::min(runs[ri].rowEnd, rows);
    if (digital) {
      // Digital words: first every new level, its coin flip included
      // (the streams' draws read off their tapes in row order), then the
      // writes and the counterfactual writes, which draw nothing.
      Plan plan;
      for (uint32_t b = begin; b < end;) {
        const uint32_t e = end - b > DrawTape::kMaxTake ? b + uint32_t(DrawTape::kMaxTake) : end;
        const uint64_t *liveX = run.peek(e - b), *cfX = counterfactual.peek(e - b);
        const Plan p = planDigitalRows(b, e, levels, marks, lastSpike, oldest, scale, top, liveX, cfX, outcome);
        run.skip(p.liveDraws);
        counterfactual.skip(p.cfDraws);
        plan.written += p.written;
        plan.liveDraws += p.liveDraws;
        b = e;
      }
      draws += plan.liveDraws;
      updates += plan.written;
      if (plan.written < end - begin)
        dev.wouldWriteDigitalRows(k, begin, end, cfTarget_.data(), skipUnchanged_, pruneSet, pruneReset);
      Device::UpdateTotals sum;
      dev.updateDigitalRows(k, begin, end, target_.data(), skipUnchanged_, sum);
      tt.cellsRead += plan.written * cellsPerWeight;
      tt.conductanceNs += sum.readNs;
      rotations += sum.rotations;
      tt.set += uint32_t(sum.set);
      tt.reset += uint32_t(sum.reset);
      schedSet += sum.avoidedSet;
      schedReset += sum.avoidedReset;
      tally_[runs[ri].tile] = tt;
      continue;
    }
    // Multi-level writes may draw (cycle-to-cycle noise) between the coin
    // flips: one loop, drawing through Rngs (free in the tapes' direct mode,
    // which the simulator uses for multi-level cells).
    fillPositions(begin, end, levels, lastSpike, oldest, scale, top);
    Rng rng = run.rng(), cfRng = counterfactual.rng();
    for (uint32_t i = begin; i < end; ++i) {
      const double pos = pos_[i];
      if ((marks[i] & Device::kPruned) && skipPruned_) {
        // Counterfactual on its own RNG stream, so that counting avoided
        // writes never perturbs the simulation.
        uint64_t ignored = 0;
        uint32_t target = q.round(pos, cfRng, ignored);
        WriteOutcome o = dev.wouldWrite(j0 + i, target, skipUnchanged_);
        pruneSet += o.set;
        pruneReset += o.reset;
        target_[i] = Device::kNoWrite;
        continue;
      }
      ++updates;
      tt.cellsRead += cellsPerWeight;
      tt.conductanceNs += dev.slotConductanceNs(j0 + i); // read before the write
      const uint32_t target = q.roundBranchless(pos, rng, draws);
      const WriteOutcome o = dev.update(i, k, target, skipUnchanged_, rng);
      rotations += o.rotated;
      tt.set += o.set;
      tt.reset += o.reset;
      schedSet += o.naiveSet - std::min(o.naiveSet, o.set);
      schedReset += o.naiveReset - std::min(o.naiveReset, o.reset);
    }
    tally_[runs[ri].tile] = tt;
    run.resume(rng);
    counterfactual.resume(cfRng);
  }
  ev.stdpUpdates += updates;
  ev.rngDraws += draws;
  ev.wordRotations += rotations;
  ev.avoidedPruneSet += pruneSet;
  ev.avoidedPruneReset += pruneReset;
  ev.avoidedSchedSet += schedSet;
  ev.avoidedSchedReset += schedReset;
  uint32_t nt;
  const uint16_t *tiles = dev.columnTiles(k, nt);
  return chargeColumnOp(tally_.data(), tiles, nt, costs_, batch_, verify_, cellsPerWeight, ev);
}

} // namespace snnrt
