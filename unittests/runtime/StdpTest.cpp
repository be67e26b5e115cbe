// STDP engine: LTP inside the window, LTD outside, bias LTP, clipping,
// quantized writes, pruned cells skipped (counted as avoided), homeostatic
// scaling; and the column-operation cost rule.
#include "snnrt/StdpEngine.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace snnrt;
using testkit::ProgramSpec;

namespace {

// 3 inputs + bias, 2 neurons, 2-bit levels {-1, -1/3, 1/3, 1}; constant
// LTP/LTD of exactly one level; nearest rounding so updates are exact.
ProgramSpec levelStepSpec() {
  ProgramSpec s;
  s.crop_mask = {0, 1, 2};
  s.neurons = 2;
  s.cells_per_weight = 2;
  s.levels = 4;
  s.rounding = fb::Rounding::Nearest;
  s.init = fb::InitKind::Constant;
  s.init_low = 1.0f / 3;
  s.bias_init_low = 1.0f / 3;
  s.ltp = fb::LtpForm::Constant;
  s.ltd = fb::LtdForm::Constant;
  s.eta_ltp = 2.0f / 3;
  s.eta_ltd = 2.0f / 3;
  s.window_ms = 3; // 3 steps
  s.chip.tile_rows = 8;
  s.chip.tile_cols = 8;
  return s;
}

struct Rig {
  Program prog;
  Rng init{1, 1};
  DrawTape rng{Rng{2, 2}}, cf{Rng{3, 3}};
  Device dev;
  StdpEngine stdp;
  EventCounts ev;
  explicit Rig(const ProgramSpec &s)
      : prog(Program::fromBytes(testkit::buildProgram(s), "t")), dev(prog, init),
        stdp(prog, dev) {}
};

} // namespace

TEST(Stdp, LtpInsideWindowLtdOutsideBiasAlwaysLtp) {
  Rig r(levelStepSpec());
  // Post spike at t = 10, window 3 steps: pre spikes at 8..10 are LTP.
  int64_t last[3] = {8, 7, 10}; // input 0: 2 steps before (LTP); 1: 3 before (LTD); 2: same step (LTP)
  r.stdp.onPostSpike(0, 10, last, 1.f, r.rng, r.cf, r.ev);
  EXPECT_EQ(r.dev.level(0 * 2 + 0), 3); // LTP 2 -> 3
  EXPECT_EQ(r.dev.level(1 * 2 + 0), 1); // LTD 2 -> 1
  EXPECT_EQ(r.dev.level(2 * 2 + 0), 3);
  EXPECT_EQ(r.dev.level(3 * 2 + 0), 3); // bias row LTP
  EXPECT_EQ(r.dev.level(0 * 2 + 1), 2); // other neuron untouched
  EXPECT_EQ(r.ev.stdpUpdates, 4u);
  // 10->11 (set), 10->01 (set+reset), 10->11 (set), bias 10->11 (set)
  EXPECT_EQ(r.ev.setPulses, 4u);
  EXPECT_EQ(r.ev.resetPulses, 1u);
  // Clipping at the top: another LTP leaves level 3, no pulse.
  r.stdp.onPostSpike(0, 10, last, 1.f, r.rng, r.cf, r.ev);
  EXPECT_EQ(r.dev.level(0), 3);
  EXPECT_EQ(r.dev.level(1 * 2), 0);
  EXPECT_EQ(r.ev.setPulses, 4u);
  EXPECT_EQ(r.ev.resetPulses, 2u); // only input 1's 01 -> 00
}

TEST(Stdp, BiasDoesNotLearnWhenDisabled) {
  ProgramSpec s = levelStepSpec();
  s.learn_bias = false;
  Rig r(s);
  int64_t last[3] = {-100, -100, -100};
  r.stdp.onPostSpike(1, 0, last, 1.f, r.rng, r.cf, r.ev);
  EXPECT_EQ(r.dev.level(3 * 2 + 1), 2);
  EXPECT_EQ(r.ev.stdpUpdates, 3u);
}

TEST(Stdp, NesslerLtpDependsOnWeight) {
  ProgramSpec s = levelStepSpec();
  s.cells_per_weight = 16;
  s.levels = 65536;
  s.ltp = fb::LtpForm::NesslerExp;
  s.eta_ltp = 0.1f;
  s.ltp_c = 2.718281828f;
  s.chip.tile_cols = 64;
  s.init_low = 0;
  s.bias_init_low = 0;
  Rig r(s);
  double w0 = r.dev.quantizer().value(r.dev.level(0));
  int64_t last[3] = {0, -100, -100};
  r.stdp.onPostSpike(0, 0, last, 1.f, r.rng, r.cf, r.ev);
  double expect = w0 + 0.1 * (std::exp(1.0) * std::exp(-w0) - 1);
  EXPECT_NEAR(r.dev.quantizer().value(r.dev.level(0)), expect, 2 * r.dev.quantizer().step());
  double w1 = r.dev.quantizer().value(r.dev.level(2));
  EXPECT_NEAR(r.dev.quantizer().value(r.dev.level(2)), w1, 1e-12); // neuron 1 untouched
  EXPECT_NEAR(r.dev.quantizer().value(r.dev.level(1 * 2)), w0 - 2.0 / 3, 2 * r.dev.quantizer().step());
}

TEST(Stdp, HomeostaticScaleShrinksTheStep) {
  ProgramSpec s = levelStepSpec();
  s.eta_ltp = 4.0f / 3; // two levels
  Rig r(s);
  int64_t last[3] = {0, 0, 0};
  s.init_low = -1;
  r.stdp.onPostSpike(0, 0, last, 0.5f, r.rng, r.cf, r.ev); // half: one level
  EXPECT_EQ(r.dev.level(0), 3);
  Rig r2(s);
  r2.stdp.onPostSpike(0, 0, last, 0.2f, r2.rng, r2.cf, r2.ev); // 0.4 of a level: rounds away
  EXPECT_EQ(r2.dev.level(0), 0);
}

TEST(Stdp, PrunedCellsAreSkippedAndCountedAsAvoided) {
  Rig r(levelStepSpec());
  r.dev.markPruned(0, false); // weight (0, 0)
  int64_t last[3] = {10, 10, 10};
  r.stdp.onPostSpike(0, 10, last, 1.f, r.rng, r.cf, r.ev);
  EXPECT_EQ(r.dev.level(0), 2);     // frozen
  EXPECT_EQ(r.ev.avoidedPruneSet, 1u); // 10 -> 11 would have been one set
  EXPECT_EQ(r.ev.avoidedPruneReset, 0u);
  EXPECT_EQ(r.ev.stdpUpdates, 3u);
}

TEST(Stdp, SkipPrunedOffKeepsLearningPrunedCells) {
  ProgramSpec s = levelStepSpec();
  s.skip_pruned = false;
  Rig r(s);
  r.dev.markPruned(0, false);
  int64_t last[3] = {10, 10, 10};
  r.stdp.onPostSpike(0, 10, last, 1.f, r.rng, r.cf, r.ev);
  EXPECT_EQ(r.dev.level(0), 3);
  EXPECT_EQ(r.ev.avoidedPruneSet, 0u);
}

TEST(Stdp, SchedulingAvoidanceCountsFullWordRewrites) {
  ProgramSpec s = levelStepSpec();
  Rig r(s);
  int64_t last[3] = {10, 10, 10};
  r.stdp.onPostSpike(0, 10, last, 1.f, r.rng, r.cf, r.ev); // all 2 -> 3: naive writes 2 sets each
  EXPECT_EQ(r.ev.setPulses, 4u);
  EXPECT_EQ(r.ev.avoidedSchedSet, 4u);
  r.stdp.onPostSpike(0, 11, last, 1.f, r.rng, r.cf, r.ev); // all stay at 3: 8 naive sets avoided
  EXPECT_EQ(r.ev.avoidedSchedSet, 12u);
  ProgramSpec n = s;
  n.skip_unchanged = false;
  Rig q(n);
  q.stdp.onPostSpike(0, 10, last, 1.f, q.rng, q.cf, q.ev);
  q.stdp.onPostSpike(0, 11, last, 1.f, q.rng, q.cf, q.ev);
  EXPECT_EQ(q.ev.setPulses, 16u); // every word rewritten in full
  EXPECT_EQ(q.ev.avoidedSchedSet, 0u);
  const Tile &t = q.dev.tile(0);
  EXPECT_EQ(q.dev.cell(0, t.cellIndex(0, 0)).writes, 2u);
}

// Digital words take their new levels and coins from a table once a scale
// repeats (AVX-512 builds): the same levels, pulses, counts and draws as
// working each row out, for stochastic and nearest rounding, LTP and LTD,
// clipped levels and pruned rows (whose coins come from the counterfactual
// stream); 256 levels, and 13 (the table's last 8 levels a partial block).
TEST(Stdp, TabulatedOutcomesAreTheRowsOwn) {
  struct Word { uint32_t cells, levels; };
  for (Word word : {Word{8, 256}, Word{4, 13}})
  for (fb::Rounding rounding : {fb::Rounding::Stochastic, fb::Rounding::Nearest}) {
    SCOPED_TRACE(std::to_string(word.levels) + " levels, rounding " + std::to_string(int(rounding)));
    ProgramSpec s;
    s.crop_mask.resize(60);
    for (uint32_t i = 0; i < 60; ++i) s.crop_mask[i] = 100 + i;
    s.neurons = 6;
    s.cells_per_weight = word.cells;
    s.levels = word.levels;
    s.rounding = rounding;
    s.ltp = fb::LtpForm::NesslerExp;
    s.ltp_c = 4;
    s.eta_ltp = 0.3f; // several levels a step, clipping at both ends
    s.eta_ltd = 0.2f;
    s.window_ms = 4;
    Rig table(s), rows(s);
    rows.stdp.setTabulation(false);
    for (size_t idx : {3u, 17u, 64u, 200u}) {
      table.dev.markPruned(idx, false);
      rows.dev.markPruned(idx, false);
    }
    Rng pick(7, 7);
    std::vector<int64_t> last(60);
    const float scales[] = {0.9f, 0.9f, 0.9f, 0.25f, 0.25f, 0.9f, 1.f, 1.f, 1.f, 1.f};
    for (int n = 0; n < 60; ++n) {
      const int64_t t = 100 + n;
      for (int64_t &l : last) l = t - int64_t(pick.next() % 8); // about half inside the window
      const uint32_t k = uint32_t(pick.next() % 6);
      const float scale = scales[n % 10];
      table.stdp.onPostSpike(k, t, last.data(), scale, table.rng, table.cf, table.ev);
      rows.stdp.onPostSpike(k, t, last.data(), scale, rows.rng, rows.cf, rows.ev);
    }
    for (size_t idx = 0; idx < 61 * 6; ++idx) ASSERT_EQ(table.dev.level(idx), rows.dev.level(idx)) << idx;
    for (size_t c = 0; c < table.dev.cells(); ++c) ASSERT_EQ(table.dev.writes(c), rows.dev.writes(c)) << c;
    EXPECT_EQ(table.ev.setPulses, rows.ev.setPulses);
    EXPECT_EQ(table.ev.resetPulses, rows.ev.resetPulses);
    EXPECT_EQ(table.ev.avoidedPruneSet, rows.ev.avoidedPruneSet);
    EXPECT_EQ(table.ev.avoidedPruneReset, rows.ev.avoidedPruneReset);
    EXPECT_EQ(table.ev.avoidedSchedSet, rows.ev.avoidedSchedSet);
    EXPECT_EQ(table.ev.rngDraws, rows.ev.rngDraws);
    EXPECT_EQ(table.ev.stdpUpdates, rows.ev.stdpUpdates);
    // Both streams stand at the same place.
    EXPECT_EQ(table.rng.peek(1)[0], rows.rng.peek(1)[0]);
    EXPECT_EQ(table.cf.peek(1)[0], rows.cf.peek(1)[0]);
    if (rounding == fb::Rounding::Stochastic) {
      EXPECT_GT(rows.ev.rngDraws, 1000u); // coins were flipped
    }
  }
}

TEST(ColumnOp, SlowestTileSetsTheCostAndBatchesSerialize) {
  TileTally tally[2];
  tally[0] = {4, 3, 0, 700};
  tally[1] = {2, 1, 2, 50};
  uint16_t tiles[2] = {0, 1};
  CycleCosts c;
  c.read = 2; c.set = 3; c.reset = 4; c.verify = 2; c.route = 1;
  EventCounts ev;
  // tile 0: 1 + 2 + ceil(3/2)*(3+2) = 13; tile 1: 1 + 2 + 1*(3+2) + 1*(4+2) = 14
  EXPECT_EQ(chargeColumnOp(tally, tiles, 2, c, 2, true, /*cellsPerWeight=*/2, ev), 14u);
  EXPECT_EQ(ev.spikeRoutes, 2u);
  EXPECT_EQ(ev.columnReads, 2u);
  EXPECT_EQ(ev.cellsRead, 6u);
  EXPECT_EQ(ev.setPulses, 4u);
  EXPECT_EQ(ev.resetPulses, 2u);
  EXPECT_EQ(ev.verifyReads, 6u);
  EXPECT_EQ(ev.readConductanceNs, 750u);
  EXPECT_EQ(ev.lineActivations, 4u); // 2 bit columns per tile read
  EXPECT_EQ(tally[0].set, 0u); // tallies are consumed
  EXPECT_EQ(tally[0].conductanceNs, 0u);
  // batch 1: tile 0 = 1 + 2 + 3*5 = 18
  tally[0] = {4, 3, 0};
  EXPECT_EQ(chargeColumnOp(tally, tiles, 1, c, 1, true, 2, ev), 18u);
}
