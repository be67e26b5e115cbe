// Pruning controller: schedule (start, ramp, interval, target), triggers
// (images, neuron spikes, adaptive), criterion, soft vs conventional effects.
#include "snnrt/PruningController.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace snnrt;
using testkit::ProgramSpec;

namespace {

ProgramSpec pruneSpec() {
  ProgramSpec s;
  s.crop_mask = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  s.neurons = 2;
  s.prune_mode = fb::PruneMode::Soft;
  s.prune_trigger = fb::PruneTrigger::Images;
  s.prune_start = 2;
  s.prune_ramp = 6;
  s.prune_interval = 2;
  s.prune_target = 0.5f;
  s.prune_value = -1;
  s.pruned_level = 0;
  return s;
}

struct Rig {
  Program prog;
  Rng init{4, 1}, writes{4, 3}; // writes: the test's own writes
  DrawTape rng{Rng{4, 2}};
  Device dev;
  PruningController pc;
  EventCounts ev;
  explicit Rig(const ProgramSpec &s)
      : prog(Program::fromBytes(testkit::buildProgram(s), "t")), dev(prog, init), pc(prog, dev) {}
  uint32_t prunedOf(uint32_t k) const {
    uint32_t n = 0;
    for (uint32_t i = 0; i < 10; ++i) n += dev.isPruned(i * 2 + k);
    return n;
  }
};

} // namespace

TEST(Pruning, ImagesTriggerRampsToTarget) {
  Rig r(pruneSpec());
  uint64_t spikes[2] = {0, 0};
  EXPECT_EQ(r.pc.afterImage(1, spikes, r.rng, r.ev), 0u); // not an interval boundary
  EXPECT_TRUE(r.pc.history().empty());
  r.pc.afterImage(2, spikes, r.rng, r.ev); // eligible, ramp at 0
  EXPECT_DOUBLE_EQ(r.pc.fraction(), 0);
  r.pc.afterImage(4, spikes, r.rng, r.ev); // 0.5 * 2/6 -> floor(1.67) = 1 per neuron
  EXPECT_DOUBLE_EQ(r.pc.fraction(), 0.1);
  r.pc.afterImage(6, spikes, r.rng, r.ev); // 0.5 * 4/6 -> floor(3.33) = 3
  EXPECT_DOUBLE_EQ(r.pc.fraction(), 0.3);
  r.pc.afterImage(8, spikes, r.rng, r.ev); // 0.5 * 6/6 -> 5
  EXPECT_DOUBLE_EQ(r.pc.fraction(), 0.5);
  r.pc.afterImage(10, spikes, r.rng, r.ev);
  EXPECT_DOUBLE_EQ(r.pc.fraction(), 0.5);
  ASSERT_EQ(r.pc.history().size(), 5u);
  EXPECT_EQ(r.pc.history()[1].images, 4u);
  EXPECT_DOUBLE_EQ(r.pc.history()[1].fraction, 0.1);
  EXPECT_EQ(r.prunedOf(0), 5u);
  EXPECT_EQ(r.prunedOf(1), 5u);
  EXPECT_EQ(r.dev.isPruned(10 * 2), 0); // the bias row is never pruned
}

TEST(Pruning, LowestWeightsGoFirstAndSoftStoresThePrunedLevel) {
  Rig r(pruneSpec());
  std::vector<uint16_t> before = r.dev.levelMatrix();
  uint64_t spikes[2] = {0, 0};
  for (uint64_t s = 2; s <= 8; s += 2) r.pc.afterImage(s, spikes, r.rng, r.ev);
  for (uint32_t k = 0; k < 2; ++k) {
    int maxPruned = -1, minKept = 99;
    for (uint32_t i = 0; i < 10; ++i) {
      size_t idx = i * 2 + k;
      if (r.dev.isPruned(idx)) {
        maxPruned = std::max(maxPruned, int(before[idx]));
        EXPECT_EQ(r.dev.level(idx), 0);
        EXPECT_FLOAT_EQ(r.dev.weights()[idx], -1.f);
      } else {
        minKept = std::min(minKept, int(before[idx]));
      }
    }
    EXPECT_LE(maxPruned, minKept);
  }
}

TEST(Pruning, SoftByMagnitudeWritesThePrunedValue) {
  ProgramSpec s = pruneSpec();
  s.prune_criterion = fb::PruneCriterion::LowestMagnitude;
  s.prune_ramp = 0; // full target at once
  Rig r(s);
  std::vector<uint16_t> before = r.dev.levelMatrix();
  uint64_t spikes[2] = {0, 0};
  r.pc.afterImage(2, spikes, r.rng, r.ev);
  EXPECT_DOUBLE_EQ(r.pc.fraction(), 0.5);
  EXPECT_GT(r.ev.pruneWrites, 0u); // near-zero weights had to be written to level 0
  EXPECT_EQ(r.ev.controlSteps, 2u); // one ranking step per neuron
  EXPECT_GT(r.ev.controllerCycles, 0u);
  for (uint32_t k = 0; k < 2; ++k) {
    double maxPruned = -1, minKept = 99;
    for (uint32_t i = 0; i < 10; ++i) {
      size_t idx = i * 2 + k;
      double mag = std::fabs(r.dev.quantizer().value(before[idx]));
      if (r.dev.isPruned(idx)) maxPruned = std::max(maxPruned, mag);
      else minKept = std::min(minKept, mag);
    }
    EXPECT_LE(maxPruned, minKept);
  }
}

TEST(Pruning, ConventionalZeroesWithoutWriting) {
  ProgramSpec s = pruneSpec();
  s.prune_mode = fb::PruneMode::Conventional;
  s.prune_ramp = 0;
  Rig r(s);
  std::vector<uint16_t> before = r.dev.levelMatrix();
  uint64_t spikes[2] = {0, 0};
  r.pc.afterImage(2, spikes, r.rng, r.ev);
  EXPECT_EQ(r.ev.pruneWrites, 0u);
  EXPECT_EQ(r.ev.setPulses + r.ev.resetPulses, 0u);
  int zeroed = 0;
  for (size_t idx = 0; idx < 20; ++idx)
    if (r.dev.isPruned(idx)) {
      EXPECT_EQ(r.dev.weights()[idx], 0.f);
      EXPECT_EQ(r.dev.level(idx), before[idx]); // the cell keeps its state
      ++zeroed;
    }
  EXPECT_EQ(zeroed, 10);
}

TEST(Pruning, NeuronSpikesTriggerIsPerNeuron) {
  ProgramSpec s = pruneSpec();
  s.prune_trigger = fb::PruneTrigger::NeuronSpikes;
  s.prune_start = 3;
  s.prune_ramp = 0;
  Rig r(s);
  uint64_t spikes[2] = {5, 1};
  r.pc.afterImage(2, spikes, r.rng, r.ev);
  EXPECT_EQ(r.prunedOf(0), 5u);
  EXPECT_EQ(r.prunedOf(1), 0u);
  spikes[1] = 3;
  r.pc.afterImage(4, spikes, r.rng, r.ev);
  EXPECT_EQ(r.prunedOf(1), 5u);
}

TEST(Pruning, AdaptiveTriggerWaitsForStableFiring) {
  ProgramSpec s = pruneSpec();
  s.prune_trigger = fb::PruneTrigger::Adaptive;
  s.prune_start = 0;
  s.prune_ramp = 0;
  s.prune_interval = 1;
  s.adaptive_tolerance = 0.1f;
  Rig r(s);
  uint64_t spikes[2] = {10, 10};
  r.pc.afterImage(1, spikes, r.rng, r.ev); // first interval: no previous count
  EXPECT_EQ(r.prunedOf(0) + r.prunedOf(1), 0u);
  spikes[0] = 20; // +10: stable
  spikes[1] = 30; // +20 vs +10: not stable
  r.pc.afterImage(2, spikes, r.rng, r.ev);
  EXPECT_EQ(r.prunedOf(0), 5u);
  EXPECT_EQ(r.prunedOf(1), 0u);
  spikes[1] = 51; // +21 vs +20: within 10%
  r.pc.afterImage(3, spikes, r.rng, r.ev);
  EXPECT_EQ(r.prunedOf(1), 5u);
}

TEST(Pruning, NoneNeverPrunes) {
  ProgramSpec s = pruneSpec();
  s.prune_mode = fb::PruneMode::None;
  Rig r(s);
  uint64_t spikes[2] = {100, 100};
  for (uint64_t i = 1; i <= 10; ++i) EXPECT_EQ(r.pc.afterImage(i, spikes, r.rng, r.ev), 0u);
  EXPECT_EQ(r.dev.prunedCount(), 0u);
  EXPECT_TRUE(r.pc.history().empty());
}

namespace {
// Moves weight (i, k) to another level, so that it reads differently at the
// next sample (it is still learning).
void nudge(Rig &r, uint32_t i, uint32_t k) {
  const size_t idx = size_t(i) * 2 + k;
  r.dev.write(idx, r.dev.level(idx) ^ 1u, true, r.writes);
}
ProgramSpec maturitySpec() {
  ProgramSpec s = pruneSpec();
  s.prune_start = 0;
  s.prune_ramp = 0; // want 5 of 10 weights per neuron from the first step
  s.prune_interval = 1;
  s.prune_maturity = 2;
  return s;
}
} // namespace

TEST(Pruning, MaturityPrunesOnlyTheLowestWeightsThatStoppedChanging) {
  Rig r(maturitySpec());
  // Weight i of each neuron at level i, so the lowest five are inputs 0-4;
  // the controller starts sampling from there.
  for (uint32_t i = 0; i < 10; ++i)
    for (uint32_t k = 0; k < 2; ++k) r.dev.write(size_t(i) * 2 + k, i, true, r.writes);
  r.pc = PruningController(r.prog, r.dev);
  uint64_t spikes[2] = {0, 0};
  // Neuron 0's inputs 1 and 3 keep learning (between levels 0-1 and 2-3, so
  // they stay among the lowest five); the high inputs 5-9 never move.
  auto image = [&](uint64_t seen, bool learn) {
    if (learn)
      for (uint32_t i : {1u, 3u}) nudge(r, i, 0);
    r.pc.afterImage(seen, spikes, r.rng, r.ev);
  };
  image(1, true); // one unchanged sample at most: nothing has matured
  EXPECT_EQ(r.prunedOf(0) + r.prunedOf(1), 0u);
  image(2, true); // the still ones have matured
  for (uint32_t i = 0; i < 10; ++i)
    EXPECT_EQ(r.dev.isPruned(size_t(i) * 2 + 0), i == 0 || i == 2 || i == 4) << i;
  EXPECT_EQ(r.prunedOf(1), 5u); // neuron 1: its lowest five
  for (uint32_t i = 0; i < 5; ++i) EXPECT_TRUE(r.dev.isPruned(size_t(i) * 2 + 1)) << i;
  image(3, true);
  EXPECT_EQ(r.prunedOf(0), 3u); // matured high weights are not taken instead
  image(4, false); // 1 and 3 read unchanged once
  EXPECT_EQ(r.prunedOf(0), 3u);
  image(5, false); // twice: matured, and the neuron catches up
  EXPECT_EQ(r.prunedOf(0), 5u);
  for (uint32_t i = 5; i < 10; ++i) EXPECT_FALSE(r.dev.isPruned(size_t(i) * 2 + 0)) << i;
}

TEST(Pruning, MaturitySamplesReadEveryColumnAtEveryStep) {
  ProgramSpec s = maturitySpec();
  Rig r(s);
  uint64_t spikes[2] = {0, 0};
  r.pc.afterImage(1, spikes, r.rng, r.ev);
  r.pc.afterImage(2, spikes, r.rng, r.ev); // prunes 5 per neuron
  ASSERT_EQ(r.prunedOf(0) + r.prunedOf(1), 10u);
  const EventCounts before = r.ev;
  r.pc.afterImage(3, spikes, r.rng, r.ev); // nothing to prune, but both columns are sampled
  EXPECT_EQ(r.dev.prunedCount(), 10u);
  EXPECT_EQ(r.ev.controlSteps - before.controlSteps, 2u);
  EXPECT_EQ(r.ev.cellsRead - before.cellsRead, 10u * r.dev.cellsPerWeight()); // the unpruned
  // Without maturity a step with nothing to prune reads nothing.
  s.prune_maturity = 0;
  Rig plain(s);
  plain.pc.afterImage(1, spikes, plain.rng, plain.ev);
  const EventCounts plainBefore = plain.ev;
  plain.pc.afterImage(2, spikes, plain.rng, plain.ev);
  EXPECT_EQ(plain.ev.cellsRead, plainBefore.cellsRead);
}

TEST(Pruning, MaturitySamplesSurviveACheckpointAndAreRangeChecked) {
  Rig a(maturitySpec());
  uint64_t spikes[2] = {0, 0};
  for (uint32_t i = 0; i < 6; ++i) nudge(a, i, 0);
  a.pc.afterImage(1, spikes, a.rng, a.ev);
  CheckpointWriter w;
  a.dev.save(w);
  a.pc.save(w);
  // Resumed, the samples carry on: weights mature at step 2 exactly as in
  // the uninterrupted run.
  Rig b(maturitySpec());
  CheckpointReader rd(w.bytes().data(), w.bytes().size(), "c.ckpt");
  b.dev.load(rd);
  b.pc.load(rd, 1, {0, 0});
  EXPECT_TRUE(rd.atEnd());
  for (Rig *r : {&a, &b}) {
    for (uint32_t i = 0; i < 6; ++i) nudge(*r, i, 0);
    r->pc.afterImage(2, spikes, r->rng, r->ev);
  }
  EXPECT_EQ(b.dev.levelMatrix(), a.dev.levelMatrix());
  for (size_t idx = 0; idx < 20; ++idx) EXPECT_EQ(b.dev.isPruned(idx), a.dev.isPruned(idx));
  EXPECT_EQ(b.prunedOf(1), 5u); // neuron 1 never moved: its lowest five matured at step 2
  // One controller step allows at most one unchanged sample: a count of 2
  // after one step is refused, naming the entry.
  std::vector<uint8_t> bytes = w.bytes();
  bytes[bytes.size() - 20 + 3] = 2; // unchanged_samples[3], the last 20 bytes
  Rig c(maturitySpec());
  CheckpointReader bad(bytes.data(), bytes.size(), "c.ckpt");
  c.dev.load(bad);
  try {
    c.pc.load(bad, 1, {0, 0});
    FAIL() << "accepted";
  } catch (const Error &e) {
    EXPECT_NE(std::string(e.what()).find("c.ckpt: field 'pruning.unchanged_samples[3]': 2 >= "),
              std::string::npos)
        << e.what();
  }
}

// The ranking is a counting sort by each level's rank (a stable sort by
// comparisons beyond kCountingRanksMax ranks): it must order candidates as a
// stable sort by the key itself (the stored level's value or magnitude),
// ties included (a symmetric range gives |v(L)| = |v(levels-1-L)|).
TEST(Pruning, RankingByLevelIsTheStableSortByTheKey) {
  const Quantizer quantizers[] = {Quantizer(256, -1, 1, true), Quantizer(16, -0.5, 1, false),
                                  Quantizer(9, -1, 1, false), Quantizer(8192, -1, 1, true)};
  Rng rng(11, 0);
  std::vector<uint32_t> count, scratch;
  for (const Quantizer &q : quantizers)
    for (bool byMagnitude : {false, true}) {
      uint32_t ranks = 0;
      const std::vector<uint32_t> rank = pruneLevelRanks(q, byMagnitude, ranks);
      ASSERT_EQ(rank.size(), q.levels());
      EXPECT_GT(ranks, 1u);
      EXPECT_LE(ranks, q.levels());
      if (byMagnitude && q.wMin() == -q.wMax()) {
        EXPECT_LT(ranks, q.levels()); // ties
      }
      for (int trial = 0; trial < 20; ++trial) {
        std::vector<uint16_t> levels(398);
        for (auto &L : levels) L = uint16_t(rng.next() % q.levels());
        // Candidates as readCandidates lists them: ascending rows, some skipped.
        std::vector<uint32_t> order;
        for (uint32_t i = 0; i < levels.size(); ++i)
          if (rng.next() % 4) order.push_back(i);
        std::vector<uint32_t> want = order;
        auto key = [&](uint32_t i) {
          const double v = q.value(levels[i]);
          return byMagnitude ? std::fabs(v) : v;
        };
        std::stable_sort(want.begin(), want.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
        rankByLevel(order, levels.data(), rank.data(), ranks, count, scratch);
        ASSERT_EQ(order, want) << q.levels() << " levels, by magnitude " << byMagnitude << ", trial " << trial;
      }
    }
}
