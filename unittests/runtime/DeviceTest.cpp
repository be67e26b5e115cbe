// Tile cells, quantizer, and the Device's write semantics: pulses per changed
// cell, full-word rewrites, faults, wear-out, multi-level cells, pruning.
#include "snnrt/Device.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

using namespace snnrt;
using testkit::ProgramSpec;

namespace {

// 3 inputs + bias, 2 neurons, 2-bit words (levels -1, -1/3, 1/3, 1).
ProgramSpec small() {
  ProgramSpec s;
  s.crop_mask = {10, 11, 12};
  s.neurons = 2;
  s.cells_per_weight = 2;
  s.levels = 4;
  s.rounding = fb::Rounding::Nearest;
  s.init = fb::InitKind::Constant;
  s.init_low = 1.0f / 3;
  s.bias_init_low = -1.0f / 3;
  s.chip.tile_rows = 8;
  s.chip.tile_cols = 8;
  return s;
}

struct Fixture {
  Program prog;
  Rng rng{1, 9};
  Device dev;
  explicit Fixture(const ProgramSpec &s)
      : prog(Program::fromBytes(testkit::buildProgram(s), "t")), dev(prog, rng) {}
};

} // namespace

TEST(Device, PulsesCountWritesAndWearCellsOut) {
  ProgramSpec s = small();
  s.device.endurance_cycles = 3;
  Fixture f(s);
  Rng r(1, 1);
  // Weight 0 holds level 2 (cells 0, 1 = 0, 1) at tile cells 0 and 1.
  f.dev.write(0, 1, true, r); // cell 0: 0 -> 1, cell 1: 1 -> 0
  f.dev.write(0, 2, true, r); // both back
  EXPECT_EQ(f.dev.cell(0, 0).state, 0);
  EXPECT_EQ(f.dev.cell(0, 0).writes, 2u);
  EXPECT_FALSE(f.dev.cell(0, 0).flags & Tile::kWorn);
  f.dev.write(0, 1, true, r); // the third pulse reaches the endurance: applied, then worn
  EXPECT_EQ(f.dev.cell(0, 0).state, 1);
  EXPECT_TRUE(f.dev.cell(0, 0).flags & Tile::kWorn);
  f.dev.write(0, 0, true, r); // worn: counted but no effect
  EXPECT_EQ(f.dev.cell(0, 0).state, 1);
  EXPECT_EQ(f.dev.cell(0, 0).writes, 4u);
  EXPECT_EQ(f.dev.level(0), 1); // read back through the worn cell
  // Cells that hold no weight never change.
  EXPECT_EQ(f.dev.cell(0, f.dev.tile(0).cellIndex(7, 7)).writes, 0u);
}

TEST(Quantizer, LevelsNearestAndStochasticRounding) {
  Quantizer q(4, -1, 1, false);
  EXPECT_DOUBLE_EQ(q.step(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(q.value(0), -1);
  EXPECT_DOUBLE_EQ(q.value(3), 1);
  Rng r(1, 0);
  uint64_t draws = 0;
  EXPECT_EQ(q.round(q.position(0.3), r, draws), 2u);
  EXPECT_EQ(q.round(q.position(-5), r, draws), 0u);
  EXPECT_EQ(q.round(q.position(5), r, draws), 3u);
  EXPECT_EQ(draws, 0u);
  Quantizer s(4, -1, 1, true);
  int up = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) up += s.round(1.25, r, draws) == 2;
  EXPECT_EQ(draws, uint64_t(n));
  EXPECT_NEAR(double(up) / n, 0.25, 0.015); // P(up) = fractional part
  EXPECT_EQ(s.round(2.0, r, draws), 2u);     // exact level: no draw
  EXPECT_EQ(draws, uint64_t(n));
}

TEST(Device, InitialWeightsAndPlacementMap) {
  Fixture f(small());
  EXPECT_EQ(f.dev.rows(), 4u);
  EXPECT_EQ(f.dev.cols(), 2u);
  EXPECT_EQ(f.dev.level(0), 2);        // 1/3 -> level 2
  EXPECT_EQ(f.dev.level(3 * 2 + 1), 1); // bias -1/3 -> level 1
  EXPECT_FLOAT_EQ(f.dev.weight(0, 0), float(1.0 / 3));
  // Level 2 = bits 10: cell 0 (LSB) reset, cell 1 set; weight (r,k) sits at
  // tile row r, columns 2k, 2k+1.
  const Tile &t = f.dev.tile(0);
  EXPECT_EQ(f.dev.cell(0, t.cellIndex(0, 2)).state, 0);
  EXPECT_EQ(f.dev.cell(0, t.cellIndex(0, 3)).state, 1);
  uint32_t n;
  f.dev.rowTiles(1, n);
  ASSERT_EQ(n, 1u);
  EXPECT_EQ(f.dev.rowRead(1).cells, 4u); // 2 weights x 2 bits
  EXPECT_EQ(f.dev.cell(0, t.cellIndex(0, 2)).writes, 0u); // initial programming is not a write
}

TEST(Device, WritePulsesOnlyChangedBitsWhenSkippingUnchanged) {
  Fixture f(small());
  Rng r(3, 3);
  // level 2 (10) -> 1 (01): one set (bit 0) and one reset (bit 1).
  WriteOutcome o = f.dev.write(0, 1, true, r);
  EXPECT_EQ(o.set, 1u);
  EXPECT_EQ(o.reset, 1u);
  EXPECT_EQ(o.naiveSet, 1u);
  EXPECT_EQ(o.naiveReset, 1u);
  EXPECT_EQ(f.dev.level(0), 1);
  EXPECT_FLOAT_EQ(f.dev.weight(0, 0), float(-1.0 / 3));
  // 1 (01) -> 3 (11): only bit 1 is pulsed; a naive write pulses both.
  o = f.dev.write(0, 3, true, r);
  EXPECT_EQ(o.set, 1u);
  EXPECT_EQ(o.reset, 0u);
  EXPECT_EQ(o.naiveSet, 2u);
  // Same level again: nothing with skipUnchanged, a full word without.
  o = f.dev.write(0, 3, true, r);
  EXPECT_EQ(o.set + o.reset, 0u);
  o = f.dev.write(0, 3, false, r);
  EXPECT_EQ(o.set, 2u);
  const Tile &t = f.dev.tile(0);
  EXPECT_EQ(f.dev.cell(0, t.cellIndex(0, 0)).writes, 2u); // bit 0: 0->1, then rewritten
  EXPECT_EQ(f.dev.cell(0, t.cellIndex(0, 1)).writes, 3u); // bit 1: 1->0, 0->1, rewritten
}

TEST(Device, WouldWriteMatchesWriteWithoutApplying) {
  Fixture f(small());
  WriteOutcome w = f.dev.wouldWrite(0, 1, true);
  EXPECT_EQ(f.dev.level(0), 2);
  Rng r(1, 1);
  WriteOutcome o = f.dev.write(0, 1, true, r);
  EXPECT_EQ(w.set, o.set);
  EXPECT_EQ(w.reset, o.reset);
}

TEST(Device, StuckCellsKeepTheirBit) {
  ProgramSpec s = small();
  s.device.stuck_at_set_rate = 1.0f; // every cell stuck at 1
  Fixture f(s);
  EXPECT_EQ(f.dev.level(0), 3); // reads as 11 whatever was programmed
  Rng r(1, 1);
  WriteOutcome o = f.dev.write(0, 0, true, r);
  EXPECT_EQ(o.reset, 2u); // the controller pulses, the cells do not move
  EXPECT_EQ(f.dev.level(0), 3);
}

TEST(Device, MultiLevelCellsPulsePerLevelStep) {
  ProgramSpec s = small();
  s.encoding = fb::CellEncoding::MultiLevel;
  s.device.levels = 4;
  s.chip.adc_bits = 2; // a 4-state cell needs a 2-bit column ADC
  Fixture f(s);
  Rng r(1, 1);
  WriteOutcome o = f.dev.write(0, 0, true, r); // 2 -> 0: two reset pulses
  EXPECT_EQ(o.reset, 2u);
  EXPECT_EQ(o.set, 0u);
  EXPECT_EQ(f.dev.level(0), 0);
  const Tile &t = f.dev.tile(0);
  EXPECT_EQ(f.dev.cell(0, t.cellIndex(0, 0)).writes, 2u);
  o = f.dev.write(0, 0, false, r); // full rewrite of an unchanged cell: one pulse
  EXPECT_EQ(o.set, 1u);
}

TEST(Device, NonlinearityShrinksStepsNearTheTop) {
  ProgramSpec s = small();
  s.encoding = fb::CellEncoding::MultiLevel;
  s.levels = 16;
  s.device.levels = 16;
  s.chip.adc_bits = 4;
  s.device.nonlinearity = 0.5f;
  s.init_low = -1; // level 0
  Fixture f(s);
  Rng r(1, 1);
  f.dev.write(0, 15, true, r); // from 0: gain 1, reaches 15
  EXPECT_EQ(f.dev.level(0), 15);
  f.dev.write(0, 5, true, r);  // down from the top: gain 1 - 0.5*0 = 1
  EXPECT_EQ(f.dev.level(0), 5);
  f.dev.write(0, 15, true, r); // up from 5/15: gain 1 - 0.5/3 -> 5 + 10*5/6 = 13.3 -> 13
  EXPECT_EQ(f.dev.level(0), 13);
}

TEST(Device, ConventionalPruningRemovesFromReads) {
  Fixture f(small());
  f.dev.markPruned(1 * 2 + 0, true); // weight (1, 0)
  EXPECT_EQ(f.dev.weight(1, 0), 0.f);
  EXPECT_EQ(f.dev.prunedCount(), 1u);
  EXPECT_EQ(f.dev.rowRead(1).cells, 2u);
  f.dev.markPruned(0, false); // soft keeps its value
  EXPECT_FLOAT_EQ(f.dev.weight(0, 0), float(1.0 / 3));
  // A reload into a fresh device keeps both.
  CheckpointWriter w;
  f.dev.save(w);
  Fixture g(small());
  CheckpointReader r(w.bytes().data(), w.bytes().size(), "t.ckpt");
  g.dev.load(r);
  EXPECT_TRUE(r.atEnd());
  EXPECT_EQ(g.dev.weight(1, 0), 0.f);
  EXPECT_FLOAT_EQ(g.dev.weight(0, 0), float(1.0 / 3));
  EXPECT_EQ(g.dev.rowRead(1).cells, 2u);
  EXPECT_EQ(g.dev.prunedCount(), 2u);
}

TEST(Device, WeightsSpanTilesPerPlacement) {
  ProgramSpec s = small();
  s.placement = {{2, 1, 0, 0, 4, 0, 1}, {0, 0, 4, 0, 4, 1, 1}};
  Fixture f(s);
  ASSERT_EQ(f.dev.numTiles(), 2u);
  EXPECT_EQ(f.dev.tile(f.dev.tileOf(0)).id(), 2u);
  EXPECT_EQ(f.dev.tile(f.dev.tileOf(1)).id(), 0u);
  uint32_t n;
  const uint16_t *tiles = f.dev.rowTiles(0, n);
  ASSERT_EQ(n, 2u);
  EXPECT_EQ(f.dev.tile(tiles[0]).id(), 2u); // in index order: tile 2 came first
  EXPECT_EQ(f.dev.tile(tiles[1]).id(), 0u);
  EXPECT_EQ(f.dev.rowRead(0).cells, 4u);
  f.dev.columnTiles(1, n);
  EXPECT_EQ(n, 1u);
  // Weight (0,0) lives at tile 2, row 1, cols 0-1: level 2 = bits 10.
  const Tile &t2 = f.dev.tile(f.dev.tileOf(0));
  EXPECT_EQ(f.dev.cell(f.dev.tileOf(0), t2.cellIndex(1, 1)).state, 1);
}

// The write counts are bit-sliced planes that grow with the counts, updated
// 16 words at a time by updateDigitalRows (and its scalar tail): every cell's
// count must match a plain counter of the pulses it was given, across plane
// boundaries (256 needs a ninth plane), and a cell must wear out exactly at
// the pulse that reaches the endurance.
namespace {
void checkBitSlicedCounts(uint32_t cpw) {
  ProgramSpec s = small();
  s.crop_mask.clear();
  for (uint32_t i = 0; i < 40; ++i) s.crop_mask.push_back(100 + i);
  s.neurons = 3;
  s.cells_per_weight = cpw;
  s.levels = 1u << cpw;
  s.chip.tile_rows = 64;
  s.chip.tile_cols = 64;
  s.device.endurance_cycles = 300;
  Fixture f(s);
  const uint32_t rows = f.dev.rows();
  ASSERT_EQ(rows, 41u); // two whole vectors and a partial (masked) one
  std::vector<uint64_t> expected(f.dev.cells(), 0);
  std::vector<uint32_t> target(rows);
  Rng pick(7, 7);
  uint64_t pulses = 0;
  for (int round = 0; round < 760; ++round) // about 300 pulses per cell
    for (uint32_t k = 0; k < f.dev.cols(); ++k) {
      for (uint32_t r = 0; r < rows; ++r) {
        target[r] = pick.uniform() < 0.2 ? Device::kNoWrite : uint32_t(pick.uniform() * s.levels);
        if (target[r] == Device::kNoWrite) continue;
        const size_t j = f.dev.slot(r, k);
        if (target[r] == f.dev.columnLevels(k)[r]) continue; // kept: no pulse
        uint32_t word = 0;
        for (uint32_t b = 0; b < cpw; ++b) word |= uint32_t(f.dev.slotCell(j, b).state) << b;
        const uint32_t pulsed = word ^ target[r]; // no rotation: the level's own bits
        for (uint32_t b = 0; b < cpw; ++b) expected[j * cpw + b] += pulsed >> b & 1;
        pulses += uint32_t(__builtin_popcount(pulsed));
      }
      Device::UpdateTotals sum;
      f.dev.updateDigitalRows(k, 0, rows, target.data(), true, sum);
      EXPECT_EQ(sum.set + sum.reset, pulses);
      pulses = 0;
    }
  uint64_t most = 0, worn = 0;
  for (size_t c = 0; c < f.dev.cells(); ++c) {
    ASSERT_EQ(f.dev.writes(c), expected[c]) << "cell " << c;
    const bool isWorn = f.dev.slotCell(c / cpw, uint32_t(c % cpw)).flags & Tile::kWorn;
    ASSERT_EQ(isWorn, expected[c] >= 300) << "cell " << c;
    worn += isWorn;
    most = std::max(most, expected[c]);
  }
  EXPECT_GT(most, 300u);  // the test reaches the endurance and a ninth plane
  EXPECT_GT(worn, 0u);
  EXPECT_LT(worn, f.dev.cells());
  EXPECT_EQ(f.dev.countPlanes(), size_t(64 - __builtin_clzll(most)));
}
} // namespace

// Words of up to 8 cells keep a byte per plane, wider ones two.
TEST(Device, BitSlicedWriteCountsMatchAPlainCounterAndWearOutOnTime) { checkBitSlicedCounts(8); }
TEST(Device, BitSlicedWriteCountsOfTwelveCellWords) { checkBitSlicedCounts(12); }

// wouldWriteDigitalRows (16 words at a time, the last chunk masked) adds up what
// wouldWrite says for each row, with and without skipping unchanged cells.
TEST(Device, WouldWriteRowsAddsUpWouldWrite) {
  ProgramSpec s = small();
  s.crop_mask.clear();
  for (uint32_t i = 0; i < 40; ++i) s.crop_mask.push_back(100 + i);
  s.neurons = 3;
  s.cells_per_weight = 8;
  s.levels = 256;
  s.init = fb::InitKind::Uniform;
  s.init_low = -1;
  s.init_high = 1;
  s.chip.tile_rows = 64;
  s.chip.tile_cols = 64;
  Fixture f(s);
  f.dev.setTargetRotation(3); // patterns rotated as a wear-leveled write would
  Rng pick(5, 5);
  std::vector<uint32_t> target(f.dev.rows());
  for (bool skip : {true, false})
    for (uint32_t k = 0; k < f.dev.cols(); ++k) {
      uint64_t set = 0, reset = 0, wantSet = 0, wantReset = 0;
      for (uint32_t r = 0; r < f.dev.rows(); ++r) {
        target[r] = pick.uniform() < 0.3 ? Device::kNoWrite : uint32_t(pick.uniform() * 256);
        if (target[r] == Device::kNoWrite) continue;
        const WriteOutcome o = f.dev.wouldWrite(f.dev.slot(r, k), target[r], skip);
        wantSet += o.set;
        wantReset += o.reset;
      }
      f.dev.wouldWriteDigitalRows(k, 0, f.dev.rows(), target.data(), skip, set, reset);
      EXPECT_EQ(set, wantSet) << "column " << k << " skip " << skip;
      EXPECT_EQ(reset, wantReset) << "column " << k << " skip " << skip;
      EXPECT_GT(set + reset, 0u);
    }
}
