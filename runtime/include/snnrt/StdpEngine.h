// Turns a post spike into weight updates and write batches. For neuron k
// spiking at step t, every input i of column k gets
//   LTP if i spiked in the last `window` steps (t - t_pre < window), else LTD;
// the bias row (always active) gets LTP when it learns. The new value is
// clipped to [w_min, w_max], quantized (nearest or stochastic), and written
// under the write-scheduling policy; pruned cells are skipped and their
// would-be writes counted as avoided. The engine keeps no state between post
// spikes (its tallies are reset by every column operation), so it has
// nothing to save in a checkpoint.
#pragma once
#include "snnrt/Device.h"
#include "snnrt/DrawTape.h"
#include "snnrt/EnergyLedger.h"
#include "snnrt/Program.h"

#include <algorithm>
#include <vector>
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
#include <immintrin.h>
#endif

namespace snnrt {

// Charges one column operation (route + column read + write batches) on the
// tiles holding column k; tiles work in parallel, so the cost in cycles is the
// slowest tile's. Per tile: route + read (if any cell read) +
// ceil(sets/B) * (set + verify) + ceil(resets/B) * (reset + verify), with B the
// write batch size. A column read drives the weight's `cellsPerWeight` bit
// columns (a transposed read) and senses every cell tallied. Resets the
// tallies it reads.
uint64_t chargeColumnOp(TileTally *tally, const uint16_t *tiles, uint32_t nTiles,
                        const CycleCosts &costs, uint32_t batch, bool verify,
                        uint32_t cellsPerWeight, EventCounts &ev);

class StdpEngine {
public:
  StdpEngine() = default;
  StdpEngine(const Program &p, Device &dev);
  // What the engine allocates for p ("other": per-level steps, per-tile tallies).
  static void estimateMemory(const Program &p, MemoryEstimate &m);

  // lastSpike[i]: step of input i's latest spike. Coin flips of stochastic
  // rounding draw from `run`, those of the counterfactual writes of pruned
  // cells from `counterfactual` (so that counting avoided writes never
  // perturbs the run). Returns the cycles spent.
  uint64_t onPostSpike(uint32_t k, int64_t t, const int64_t *lastSpike, float scale,
                       DrawTape &run, DrawTape &counterfactual, EventCounts &ev);

  // Tabulated outcomes of digital words (outcome_, AVX-512 builds) on (the
  // default) or off: the same results either way, which tests check.
  void setTabulation(bool on) { tabulate_ = on; }

  uint32_t batch() const { return batch_; }
  bool verify() const { return verify_; }
  TileTally *tally() { return tally_.data(); }

private:
  // The level-unit position a weight at level L moves to, clipped. A select
  // and a clamp without branches: LTP/LTD and the clamp at level 0 are coin
  // flips to the branch predictor.
  double position(uint32_t L, bool ltp, float scale, double top) const {
    const float step = step_[2 * L + ltp];
    const double pos = double(L) + double(scale) * step;
    return std::min(std::max(pos, 0.0), top);
  }
  Device *dev_ = nullptr;
  CycleCosts costs_;
  uint32_t pre_ = 0, biasRow_ = 0, window_ = 1, batch_ = 1;
  bool hasBias_ = false, learnBias_ = false, skipUnchanged_ = true, skipPruned_ = true,
       verify_ = false, tabulate_ = true;
  // Level-unit step for a weight currently at level L, LTD at 2L and LTP at
  // 2L + 1 (one gather for 8 rows): the update depends on w only through L,
  // so exp() runs once per level, not per update.
  std::vector<float> step_;
  std::vector<TileTally> tally_;
  // Scratch of one column walk: the new level per row, or Device::kNoWrite
  // (pruned); the same for the counterfactual writes of pruned rows.
  std::vector<uint32_t> target_, cfTarget_;
  std::vector<double> pos_; // position() per row
  // Levels up to which digital words' outcomes are tabulated (outcome_,
  // with AVX-512): the levels that fit its entries' bits 54-63.
  static constexpr uint32_t kOutcomeLevelsMax = 1024;
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
  // What positions8 reads of the engine, copied once per column walk: the
  // walk's stores (doubles, words) could alias the members, which the
  // compiler would then reload for every 8 rows.
  struct RowConsts { uint32_t pre, biasRow; bool hasBias; const float *step; };
  RowConsts rowConsts() const { return {pre_, biasRow_, hasBias_, step_.data()}; }
  // The rows of the 8 from i (rowsLeft of them) that take LTP: the bias
  // row, and inputs that spiked at `oldest` or later.
  static __mmask8 ltpRows8(const RowConsts &c, uint32_t i, __mmask8 rowsLeft, const int64_t *lastSpike,
                           int64_t oldest);
  // position() of 8 levels L whose steps (step_ entries) are `steps`.
  static __m512d positionsOfSteps(__m256i L, __m256 steps, float scale, double top);
  // position() of 8 levels L, LTP in the lanes of `ltp`.
  static __m512d positionsOf8(const RowConsts &c, __m256i L, __mmask8 ltp, __mmask8 lanes, float scale,
                              double top);
  // Quantizer::split() of 8 positions: the levels, and in `frac` the
  // fractions a coin compares (0 for nearest rounding).
  static __m256i split8(__m512d pos, bool stochastic, __m512d &frac);
  static __m512d positions8(const RowConsts &c, uint32_t i, __mmask8 rowsLeft, const uint16_t *levels,
                            const int64_t *lastSpike, int64_t oldest, float scale, double top);
  // Digital words: under one learning-rate scale (fixed within a training
  // image) a row's new level and coin follow from its level and LTP/LTD
  // alone, so they are tabulated once per scale instead of worked out per
  // row. Entry 2L + ltp: bits 54-63 the level before any coin (rounded to
  // nearest, or the level below), bits 0-53 the coin's threshold
  // T = ceil(frac * 2^53): a draw x moves the level up one iff
  // (x >> 11) < T, which is Rng::toUniform(x) < frac exactly (both sides
  // times 2^53); T = 0: no draw. Scratch, rebuilt, never saved.
  std::vector<uint64_t> outcome_; // empty until a scale is tabulated
  uint32_t outcomeScale_ = 0;     // the bits of the scale outcome_ holds
  uint32_t lastScale_ = 0; // the bits of the last post spike's scale
  void tabulateOutcomes(float scale, double top);
#endif
  // pos_[begin, end) of a column whose levels are `levels`.
  void fillPositions(uint32_t begin, uint32_t end, const uint16_t *levels, const int64_t *lastSpike,
                     int64_t oldest, float scale, double top);
  // Digital words, rows [begin, end): each new level (nearest rounding, or
  // stochastic: the level below, moved up one where a coin says so) in
  // target_ (cfTarget_ for pruned rows, the other kNoWrite). A row that
  // draws takes the next of liveX (written rows) or cfX (pruned rows), in
  // row order; each has room for end - begin. `outcome`: the table of this
  // scale (outcome_), or null to work out each row. Returns how many rows
  // are written and how many draws each took.
  struct Plan { uint32_t written = 0, liveDraws = 0, cfDraws = 0; };
  Plan planDigitalRows(uint32_t begin, uint32_t end, const uint16_t *levels, const uint8_t *marks,
                       const int64_t *lastSpike, int64_t oldest, float scale, double top,
                       const uint64_t *liveX, const uint64_t *cfX, const uint64_t *outcome);
};

} // namespace snnrt
