// Pruning controller: schedule (start, ramp, interval, target), triggers
// (images, neuron spikes, adaptive), criterion, soft vs conventional effects.
#include "snnrt/PruningController.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

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
  Rng init{4, 1}, rng{4, 2};
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
