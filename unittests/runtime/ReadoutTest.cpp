// The readout presentation (training.readout_*): assignment and test present
// images for their own time, at their own input and output rates, while
// training stays exactly what it is without them.
#include "TestUtil.h"
#include "snnrt/Error.h"
#include "snnrt/Trainer.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace snnrt;
using testkit::ProgramSpec;

namespace {

// 20 WTA neurons, 50 steps per image, with the state training changes
// besides weights: adaptive biases and soft pruning.
ProgramSpec wtaSpec() {
  ProgramSpec s;
  s.neurons = 20;
  s.crop_pixels = 200;
  s.presentation_ms = 50;
  s.homeostasis = fb::Homeostasis::AdaptiveBias;
  s.homeostasis_rate = 0.01f;
  s.prune_mode = fb::PruneMode::Soft;
  s.prune_start = 40;
  s.prune_interval = 20;
  s.prune_target = 0.5f;
  return s;
}

// LIF neurons that fire on the synthetic bars (no bias row, which LIF lacks).
ProgramSpec lifSpec() {
  ProgramSpec s;
  s.model = fb::NeuronModel::LIFAdaptive;
  s.neurons = 20;
  s.crop_pixels = 200;
  s.presentation_ms = 50;
  s.has_bias = false;
  s.init_low = 0;
  s.input_gain_mv = 2;
  s.tau_membrane_ms = 20;
  return s;
}

struct Outcome {
  RunResult res;
  EventCounts train, assign, test;
  std::vector<uint16_t> levels;
  std::vector<uint8_t> pruned;
  std::vector<float> beta, theta;
  std::vector<uint64_t> trainSpikes;
};

Outcome run(const ProgramSpec &s) {
  Program p = Program::fromBytes(testkit::buildProgram(s), "readout.snnp");
  RunConfig cfg;
  cfg.dataDir = testutil::sharedSyntheticSet("readout", 120, 60, false);
  cfg.quiet = true;
  Trainer t(p, cfg);
  Outcome o;
  o.res = t.run();
  const Simulator &sim = t.simulator();
  o.train = sim.ledger().at(Phase::Train);
  o.assign = sim.ledger().at(Phase::Assign);
  o.test = sim.ledger().at(Phase::Test);
  o.levels = sim.device().levelMatrix();
  o.pruned = sim.device().prunedMatrix();
  o.beta.assign(sim.homeostasis().beta(), sim.homeostasis().beta() + sim.neurons());
  o.trainSpikes = sim.homeostasis().spikes();
  o.theta = sim.lif().theta();
  return o;
}

void expectSameTraining(const Outcome &a, const Outcome &b) {
  EXPECT_EQ(0, std::memcmp(&a.train, &b.train, sizeof a.train))
      << "train cycles " << a.train.cycles << " vs " << b.train.cycles;
  EXPECT_EQ(a.levels, b.levels);
  EXPECT_EQ(a.pruned, b.pruned);
  EXPECT_EQ(a.beta, b.beta);
  EXPECT_EQ(a.theta, b.theta);
  EXPECT_EQ(a.trainSpikes, b.trainSpikes);
}

} // namespace

TEST(Readout, TrainingIsTheSameWithAndWithoutAReadoutWta) {
  const Outcome plain = run(wtaSpec());
  ProgramSpec s = wtaSpec();
  s.readout_presentation_ms = 120;
  s.readout_max_rate_hz = 150;
  s.readout_total_rate_hz = 500;
  const Outcome readout = run(s);
  expectSameTraining(plain, readout);
  EXPECT_GT(plain.train.setPulses, 0u); // something was learned
  // ... and the readout did change the inference phases.
  EXPECT_NE(plain.test.steps, readout.test.steps);
  EXPECT_NE(plain.assign.outputSpikes, readout.assign.outputSpikes);
}

TEST(Readout, TrainingIsTheSameWithAndWithoutAReadoutLif) {
  const Outcome plain = run(lifSpec());
  ProgramSpec s = lifSpec();
  s.readout_presentation_ms = 80;
  s.readout_max_rate_hz = 120;
  const Outcome readout = run(s);
  expectSameTraining(plain, readout);
  EXPECT_GT(plain.train.outputSpikes, 0u);
  EXPECT_NE(plain.test.inputSpikes, readout.test.inputSpikes);
}

TEST(Readout, TestStepsAndCyclesFollowTheReadoutPresentation) {
  ProgramSpec s = wtaSpec(); // 50 steps per training image, dt 1 ms
  const Outcome same = run(s);
  s.readout_presentation_ms = 150;
  const Outcome longer = run(s);
  const uint64_t tests = longer.res.testImages, assigns = longer.res.assignImages;
  ASSERT_EQ(tests, 60u);
  EXPECT_EQ(same.test.steps, tests * 50);
  EXPECT_EQ(longer.test.steps, tests * 150);
  EXPECT_EQ(longer.assign.steps, assigns * 150);
  EXPECT_EQ(longer.train.steps, same.train.steps);
  // Every step takes at least dt; three times the steps, about three times
  // the cycles and the energy of the phase.
  const double ratio = double(longer.test.cycles) / double(same.test.cycles);
  EXPECT_GT(ratio, 2.5);
  EXPECT_LT(ratio, 3.5);
  EXPECT_GT(longer.test.rowReads, 2 * same.test.rowReads);
}

TEST(Readout, TestOutputSpikesGrowWithTheReadoutRateOrPresentation) {
  ProgramSpec s = wtaSpec(); // R = 200 Hz, 50 ms: about 10 spikes per image
  const Outcome base = run(s);
  EXPECT_NEAR(double(base.test.outputSpikes) / 60, 10.0, 2.0);
  ProgramSpec faster = wtaSpec();
  faster.readout_total_rate_hz = 600;
  const Outcome f = run(faster);
  EXPECT_NEAR(double(f.test.outputSpikes) / 60, 30.0, 4.0);
  EXPECT_EQ(f.res.test.outputSpikes, f.test.outputSpikes);
  ProgramSpec longer = wtaSpec();
  longer.readout_presentation_ms = 200;
  const Outcome l = run(longer);
  EXPECT_NEAR(double(l.test.outputSpikes) / 60, 40.0, 5.0);
  // A brighter readout input: more input spikes at the same output rate.
  ProgramSpec brighter = wtaSpec();
  brighter.readout_max_rate_hz = 200;
  const Outcome b = run(brighter);
  EXPECT_GT(double(b.test.inputSpikes), 2.5 * double(base.test.inputSpikes));
}

TEST(Readout, TheLoaderRefusesWhatTrainingWouldRefuse) {
  struct Case {
    ProgramSpec spec;
    float ProgramSpec::*field;
    float value;
    const char *message;
  };
  const Case cases[] = {
      {wtaSpec(), &ProgramSpec::readout_presentation_ms, 2e6f,
       "field 'training.readout_presentation_ms': 2e+06 ms / dt_ms 1 ms = 2e+06 steps per "
       "image, more than the limit of 1000000"},
      {wtaSpec(), &ProgramSpec::readout_presentation_ms, 0.5f,
       "field 'training.readout_presentation_ms': must be >= dt_ms"},
      {wtaSpec(), &ProgramSpec::readout_max_rate_hz, -1,
       "field 'training.readout_max_rate_hz': must be >= 0"},
      {wtaSpec(), &ProgramSpec::readout_total_rate_hz, 1500,
       "field 'training.readout_total_rate_hz': readout_total_rate_hz * dt must be <= 1 spike "
       "per step (got 1.5)"},
      {lifSpec(), &ProgramSpec::readout_total_rate_hz, 100,
       "field 'training.readout_total_rate_hz': sets the output rate of a Bayesian WTA layer"},
  };
  for (Case c : cases) {
    c.spec.*c.field = c.value;
    std::string what = "accepted";
    try {
      Program::fromBytes(testkit::buildProgram(c.spec), "bad.snnp");
    } catch (const Error &e) {
      what = e.what();
    }
    EXPECT_NE(what.find(c.message), std::string::npos) << what;
  }
}
