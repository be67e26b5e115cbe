// Whole-run behaviour on a synthetic data set (no MNIST needed): learning
// beats chance, determinism, seeds matter, checkpoint/resume is exact, bad
// checkpoints are rejected.
#include "TestUtil.h"
#include "snnrt/Checkpoint.h"
#include "snnrt/Error.h"
#include "snn/contract/Cards.h"
#include "snnrt/Report.h"
#include "snnrt/Trainer.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

using namespace snnrt;
using testkit::ProgramSpec;

namespace {

ProgramSpec synthSpec() {
  ProgramSpec s;
  s.neurons = 20;
  s.crop_pixels = 200;
  s.presentation_ms = 50;
  s.prune_mode = fb::PruneMode::Soft;
  s.prune_start = 40;
  s.prune_ramp = 40;
  s.prune_interval = 20;
  s.prune_target = 0.5f;
  return s;
}

const std::string &synthDir() {
  static std::string d = [] {
    std::string dir = testutil::freshDir("synthetic");
    testutil::writeSyntheticSet(dir, 200, 100, true);
    return dir;
  }();
  return d;
}

struct Outcome {
  RunResult res;
  std::vector<EventCounts> counts;
  std::vector<uint16_t> levels;
  std::vector<uint8_t> pruned;
  double energy;
};

Outcome runOnce(const Program &p, RunConfig cfg) {
  cfg.dataDir = synthDir();
  cfg.quiet = true;
  Trainer t(p, cfg);
  Outcome o;
  o.res = t.run();
  const Simulator &s = t.simulator();
  for (int ph = 0; ph < kNumPhases; ++ph) o.counts.push_back(s.ledger().at(Phase(ph)));
  o.levels = s.device().levelMatrix();
  o.pruned = s.device().prunedMatrix();
  o.energy = s.ledger().energyTotal().total();
  return o;
}

void expectSameCounts(const EventCounts &a, const EventCounts &b) {
  EXPECT_EQ(0, std::memcmp(&a, &b, sizeof a)) << "cycles " << a.cycles << " vs " << b.cycles;
}

Program load(const ProgramSpec &s) { return Program::fromBytes(testkit::buildProgram(s), "synth.snnp"); }

} // namespace

TEST(Simulator, LearnsSyntheticClassesFarAboveChance) {
  Program p = load(synthSpec());
  Outcome o = runOnce(p, {});
  EXPECT_GT(o.res.testAccuracy, 0.6) << "chance is 0.1";
  EXPECT_GT(o.counts[0].setPulses, 0u);
  EXPECT_NEAR(double(o.counts[0].outputSpikes) / 200, 10.0, 2.0); // R*dt*steps = 0.2*50
  EXPECT_DOUBLE_EQ(o.res.testAccuracy, double(o.res.testCorrect) / 100);
}

TEST(Simulator, LifAdaptiveLearnsToo) {
  ProgramSpec s = synthSpec();
  s.model = fb::NeuronModel::LIFAdaptive;
  s.has_bias = false;
  s.prune_mode = fb::PruneMode::None; // w_min = -1 pruning silences LIF inputs
  s.init_low = 0;
  s.input_gain_mv = 2;
  s.tau_membrane_ms = 20;
  s.theta_plus_mv = 0.5f;
  s.tau_theta_ms = 1e5f;
  s.inhibition_mv = 20;
  Program p = load(s);
  Outcome o = runOnce(p, {});
  EXPECT_GT(o.counts[0].outputSpikes, 400u);
  EXPECT_GT(o.res.testAccuracy, 0.5) << "chance is 0.1";
}

TEST(Simulator, DeterministicForSameSeedDifferentForOtherSeed) {
  Program p = load(synthSpec());
  Outcome a = runOnce(p, {}), b = runOnce(p, {});
  for (int ph = 0; ph < kNumPhases; ++ph) expectSameCounts(a.counts[ph], b.counts[ph]);
  EXPECT_EQ(a.levels, b.levels);
  EXPECT_EQ(a.pruned, b.pruned);
  EXPECT_EQ(a.res.testCorrect, b.res.testCorrect);
  EXPECT_EQ(a.res.confusion, b.res.confusion);
  EXPECT_EQ(a.energy, b.energy);
  RunConfig other;
  other.seed = 99;
  Outcome c = runOnce(p, other);
  EXPECT_NE(a.levels, c.levels);
  EXPECT_NE(a.counts[0].inputSpikes, c.counts[0].inputSpikes);
}

TEST(Checkpoint, ResumedRunEqualsUninterruptedRun) {
  Program p = load(synthSpec());
  Outcome full = runOnce(p, {});
  std::string dir = testutil::freshDir("ckpt_resume");
  RunConfig first;
  first.checkpointPath = dir + "/run.ckpt";
  first.checkpointEvery = 30;
  first.stopAfter = 75; // last checkpoint at 60
  Outcome part = runOnce(p, first);
  EXPECT_TRUE(part.res.stopped);
  RunConfig second;
  second.resumePath = dir + "/run.ckpt";
  Outcome resumed = runOnce(p, second);
  EXPECT_TRUE(resumed.res.resumed);
  EXPECT_EQ(resumed.res.train.images, 140u); // 200 - 60
  for (int ph = 0; ph < kNumPhases; ++ph) expectSameCounts(full.counts[ph], resumed.counts[ph]);
  EXPECT_EQ(full.levels, resumed.levels);
  EXPECT_EQ(full.pruned, resumed.pruned);
  EXPECT_EQ(full.res.testCorrect, resumed.res.testCorrect);
  EXPECT_EQ(full.res.confusion, resumed.res.confusion);
  EXPECT_EQ(full.energy, resumed.energy);
}

TEST(Checkpoint, WrittenAtomicallyWithoutTempLeftovers) {
  Program p = load(synthSpec());
  std::string dir = testutil::freshDir("ckpt_atomic");
  RunConfig c;
  c.checkpointPath = dir + "/a.ckpt";
  c.checkpointEvery = 50;
  c.stopAfter = 120;
  runOnce(p, c);
  std::ifstream tmp(dir + "/a.ckpt.tmp");
  EXPECT_FALSE(tmp.good());
  EXPECT_NO_THROW(readCheckpointFile(dir + "/a.ckpt", p.hash(), defaultMemoryBudget(), "the budget"));
}

TEST(Checkpoint, RejectsOtherProgramCorruptionAndTruncation) {
  Program p = load(synthSpec());
  std::string dir = testutil::freshDir("ckpt_bad");
  RunConfig c;
  c.checkpointPath = dir + "/c.ckpt";
  c.checkpointEvery = 50;
  c.stopAfter = 60;
  runOnce(p, c);
  auto expectBad = [&](const Program &prog, const std::string &file, const std::string &msg) {
    RunConfig r;
    r.resumePath = file;
    try {
      runOnce(prog, r);
      FAIL() << "accepted " << file;
    } catch (const Error &e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadCheckpoint);
      EXPECT_NE(std::string(e.what()).find(msg), std::string::npos) << e.what();
    }
  };
  ProgramSpec other = synthSpec();
  other.eta_ltp = 0.02f;
  expectBad(load(other), dir + "/c.ckpt", "different program");

  std::string bytes = testutil::readText(dir + "/c.ckpt");
  std::string flipped = bytes;
  flipped[flipped.size() / 2] ^= 1;
  std::ofstream(dir + "/flip.ckpt", std::ios::binary) << flipped;
  expectBad(p, dir + "/flip.ckpt", "checksum");
  std::ofstream(dir + "/short.ckpt", std::ios::binary) << bytes.substr(0, bytes.size() - 100);
  expectBad(p, dir + "/short.ckpt", "truncated");
  std::ofstream(dir + "/junk.ckpt", std::ios::binary) << "not a checkpoint at all, just text";
  expectBad(p, dir + "/junk.ckpt", "not a checkpoint");
  // Same program, different run settings.
  RunConfig r;
  r.resumePath = dir + "/c.ckpt";
  r.seed = 5;
  r.dataDir = synthDir();
  r.quiet = true;
  EXPECT_THROW(Trainer(p, r).run(), Error);
}

TEST(Simulator, EveryShippedCardTrains) {
  for (const snn_contract::DeviceCard &card : snn_contract::shippedDeviceCards()) {
    SCOPED_TRACE(card.name);
    ProgramSpec s = synthSpec();
    s.device = card;
    s.prune_mode = fb::PruneMode::None;
    if (card.levels > 2) { // multi-level cells use the card's levels
      s.encoding = fb::CellEncoding::MultiLevel;
      s.levels = card.levels;
      s.chip.adc_bits = 4; // read through a column ADC resolving every state
    }
    Program p = load(s);
    Outcome o = runOnce(p, {});
    EXPECT_GT(o.res.testAccuracy, 0.4) << "chance is 0.1";
    EnergyBreakdown e = EnergyLedger(p).energyOf(o.counts[0]);
    EXPECT_GT(e.arrayRead, 0);
    EXPECT_EQ(e.verify > 0, card.verify);
    EXPECT_EQ(e.leakage > 0, card.leakage_pw_per_cell > 0);
  }
}

namespace {
uint32_t maxWritesPerCell(const Program &p, RunConfig cfg) {
  cfg.dataDir = synthDir();
  cfg.quiet = true;
  Trainer t(p, cfg);
  t.run();
  uint32_t most = 0;
  const Device &d = t.simulator().device();
  for (size_t c = 0; c < d.cells(); ++c) most = std::max(most, d.writes(c));
  return most;
}
} // namespace

TEST(WearLeveling, SpreadsWearWithoutChangingWhatIsLearned) {
  ProgramSpec plain = synthSpec();
  ProgramSpec leveled = synthSpec();
  leveled.order = fb::WriteOrder::WearLeveling;
  leveled.rotation_period = 10;
  Program a = load(plain), b = load(leveled);
  Outcome ra = runOnce(a, {}), rb = runOnce(b, {});
  // Rotation changes only which cell holds which bit: every weight, and so
  // every spike and the accuracy, stays the same.
  EXPECT_EQ(ra.levels, rb.levels);
  EXPECT_EQ(ra.res.confusion, rb.res.confusion);
  EXPECT_EQ(ra.counts[0].outputSpikes, rb.counts[0].outputSpikes);
  EXPECT_EQ(ra.counts[0].wordRotations, 0u);
  EXPECT_GT(rb.counts[0].wordRotations, 0u);
  // The low-order bit no longer takes most flips: the busiest cell is
  // written less, at the price of some re-patterning pulses.
  EXPECT_LT(maxWritesPerCell(b, {}), maxWritesPerCell(a, {}));
  EXPECT_GE(rb.counts[0].setPulses + rb.counts[0].resetPulses,
            ra.counts[0].setPulses + ra.counts[0].resetPulses);
}

TEST(WearLeveling, ResumedRunEqualsUninterruptedRun) {
  ProgramSpec s = synthSpec();
  s.order = fb::WriteOrder::WearLeveling;
  s.rotation_period = 7;
  Program p = load(s);
  Outcome full = runOnce(p, {});
  std::string dir = testutil::freshDir("wl_resume");
  RunConfig first;
  first.checkpointPath = dir + "/run.ckpt";
  first.checkpointEvery = 30;
  first.stopAfter = 75;
  runOnce(p, first);
  RunConfig second;
  second.resumePath = dir + "/run.ckpt";
  Outcome resumed = runOnce(p, second);
  for (int ph = 0; ph < kNumPhases; ++ph) expectSameCounts(full.counts[ph], resumed.counts[ph]);
  EXPECT_EQ(full.levels, resumed.levels);
}

TEST(Stdp, AnnealingShrinksLateUpdates) {
  // Same run, but the learning rates fall to 5% by the end: the STDP engine
  // computes as many updates, yet far fewer of them move a weight a level.
  ProgramSpec constant = synthSpec();
  constant.prune_mode = fb::PruneMode::None;
  ProgramSpec annealed = constant;
  annealed.anneal_to = 0.05f;
  Outcome a = runOnce(load(constant), {}), b = runOnce(load(annealed), {});
  const uint64_t pulsesA = a.counts[0].setPulses + a.counts[0].resetPulses;
  const uint64_t pulsesB = b.counts[0].setPulses + b.counts[0].resetPulses;
  EXPECT_LT(double(pulsesB), 0.8 * double(pulsesA));
  EXPECT_GT(b.res.testAccuracy, 0.6) << "annealing must not stop learning";
}

TEST(Report, ArrayStateUsesTheEmittedConductances) {
  // The report's stored-conductance census reads the program's per-state
  // conductances: the same run under two conductance tables gives the same
  // state counts and conductances that follow the table.
  ProgramSpec s = synthSpec();
  s.train_limit = 40;
  s.test_limit = 10;
  auto census = [&](std::vector<float> g) {
    s.conductance_us = g;
    Program p = load(s);
    RunConfig cfg;
    cfg.dataDir = synthDir();
    cfg.quiet = true;
    Trainer t(p, cfg);
    RunResult r = t.run();
    return reportJson(p, t.simulator(), r, cfg.dataDir);
  };
  auto field = [](const std::string &json, const std::string &key) {
    size_t at = json.find("\"" + key + "\": ");
    EXPECT_NE(at, std::string::npos) << key;
    return std::stod(json.substr(at + key.size() + 4));
  };
  std::string a = census({0.5f, 50.0f});
  std::string b = census({1.0f, 2.0f});
  size_t sa = a.find("\"cells_in_state\": ["), sb = b.find("\"cells_in_state\": [");
  ASSERT_NE(sa, std::string::npos);
  std::string statesA = a.substr(sa, a.find(']', sa) - sa);
  EXPECT_EQ(statesA, b.substr(sb, b.find(']', sb) - sb)) << "the conductances changed the run";
  // n0 and n1 from the census: total = g0 n0 + g1 n1 under each table.
  unsigned long long n0 = 0, n1 = 0;
  ASSERT_EQ(2, std::sscanf(statesA.c_str(), "\"cells_in_state\": [%llu, %llu", &n0, &n1)) << statesA;
  EXPECT_GT(n0, 0u);
  EXPECT_GT(n1, 0u);
  EXPECT_DOUBLE_EQ(field(a, "total_conductance_us"), 0.5 * n0 + 50.0 * n1);
  EXPECT_DOUBLE_EQ(field(b, "total_conductance_us"), 1.0 * n0 + 2.0 * n1);
  EXPECT_DOUBLE_EQ(field(a, "cells"), double(n0 + n1));
}
