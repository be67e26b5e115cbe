// Neuron units: WTA firing rate and softmax winner distribution, homeostasis,
// LIF integrate/fire/inhibit/refractory/adaptive threshold; spike encoder.
#include "snnrt/NeuronUnit.h"
#include "snnrt/SpikeEncoder.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace snnrt;
using testkit::ProgramSpec;

static Program load(const ProgramSpec &s) {
  return Program::fromBytes(testkit::buildProgram(s), "t");
}

TEST(WtaSampler, FiresWithProbabilityRdt) {
  ProgramSpec s;
  s.total_rate_hz = 200; // R*dt = 0.2
  Program p = load(s);
  WtaSampler w(p);
  Rng r(5, 0);
  int fired = 0;
  const int n = 50000;
  for (int i = 0; i < n; ++i) fired += w.fires(r);
  EXPECT_NEAR(double(fired) / n, 0.2, 0.01);
}

TEST(WtaSampler, WinnerFollowsSoftmax) {
  ProgramSpec s;
  s.neurons = 3;
  Program p = load(s);
  WtaSampler w(p);
  Rng r(7, 0);
  float u[3] = {0.f, 1.f, 2.f}, beta[3] = {0, 0, 0};
  int hits[3] = {0, 0, 0};
  const int n = 60000;
  for (int i = 0; i < n; ++i) ++hits[w.sample(u, beta, r)];
  double z = 1 + std::exp(1.0) + std::exp(2.0);
  EXPECT_NEAR(hits[0] / double(n), 1 / z, 0.01);
  EXPECT_NEAR(hits[1] / double(n), std::exp(1.0) / z, 0.01);
  EXPECT_NEAR(hits[2] / double(n), std::exp(2.0) / z, 0.01);
  // beta shifts the distribution: equalise u with beta.
  float b2[3] = {2.f, 1.f, 0.f};
  int h2[3] = {0, 0, 0};
  for (int i = 0; i < n; ++i) ++h2[w.sample(u, b2, r)];
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(h2[k] / double(n), 1.0 / 3, 0.01);
}

TEST(Homeostasis, AdaptiveBiasPenalisesTheWinner) {
  ProgramSpec s;
  s.neurons = 4;
  s.homeostasis = fb::Homeostasis::AdaptiveBias;
  s.homeostasis_rate = 0.4f;
  Program p = load(s);
  Homeostasis h(p);
  h.onSpike(2);
  EXPECT_FLOAT_EQ(h.beta()[0], 0.1f);
  EXPECT_FLOAT_EQ(h.beta()[2], 0.1f - 0.4f);
  EXPECT_FLOAT_EQ(h.updateScale(2), 1.f); // not the rate-scaling variant
}

TEST(Homeostasis, RateScaledUpdatesShrinkFrequentWinners) {
  ProgramSpec s;
  s.neurons = 2;
  s.homeostasis = fb::Homeostasis::RateScaledUpdates;
  s.homeostasis_rate = 1;
  Program p = load(s);
  Homeostasis h(p);
  for (int i = 0; i < 9; ++i) h.onSpike(0);
  h.onSpike(1);
  // mean 5: neuron 0 (9 spikes) scaled (5+1)/(9+1) = 0.6; neuron 1 capped at 1.
  EXPECT_FLOAT_EQ(h.updateScale(0), 0.6f);
  EXPECT_FLOAT_EQ(h.updateScale(1), 1.f);
}

TEST(LifNeurons, IntegratesFiresInhibitsAndAdapts) {
  ProgramSpec s;
  s.model = fb::NeuronModel::LIFAdaptive;
  s.has_bias = false;
  s.neurons = 3;
  s.tau_membrane_ms = 1e9f; // no leak in this test
  s.theta_plus_mv = 2;
  s.inhibition_mv = 5;
  s.refractory_ms = 2;
  Program p = load(s);
  LifNeurons l(p);
  l.v()[0] = -51; // above -52
  l.v()[1] = -50; // furthest above: the winner
  EXPECT_EQ(l.fire(0, true), 1);
  EXPECT_FLOAT_EQ(l.v()[1], -65);      // reset
  EXPECT_FLOAT_EQ(l.v()[0], -56);      // inhibited by 5
  EXPECT_FLOAT_EQ(l.theta()[1], 2); // threshold adapted
  l.v()[1] = -40;
  EXPECT_EQ(l.fire(1, true), -1); // refractory for 2 steps
  EXPECT_EQ(l.fire(2, true), -1);
  EXPECT_EQ(l.fire(3, true), 1);
  EXPECT_FLOAT_EQ(l.theta()[1], 4);
  l.v()[2] = -51.5f;
  EXPECT_EQ(l.fire(4, false), 2);
  EXPECT_FLOAT_EQ(l.theta()[2], 0); // frozen while not learning
}

TEST(LifNeurons, LeaksTowardsRest) {
  ProgramSpec s;
  s.model = fb::NeuronModel::LIFAdaptive;
  s.has_bias = false;
  s.neurons = 1;
  s.tau_membrane_ms = 10;
  Program p = load(s);
  LifNeurons l(p);
  l.v()[0] = -55;
  l.decay(true);
  EXPECT_NEAR(l.v()[0], -65 + 10 * std::exp(-0.1), 1e-4);
}

TEST(SpikeEncoder, RatesFollowIntensity) {
  ProgramSpec s;
  s.crop_mask = {0, 1, 2};
  Program p = load(s);
  SpikeEncoder e(p, {0, 1, 2});
  uint8_t img[784] = {};
  img[0] = 255;
  img[1] = 51; // 1/5 of full
  e.load(img);
  EXPECT_EQ(e.activeInputs(), 2u); // zero-intensity input never draws
  Rng r(3, 0);
  uint32_t out[3];
  int c0 = 0, c1 = 0;
  const int steps = 100000;
  for (int t = 0; t < steps; ++t) {
    uint32_t n = e.step(r, out);
    for (uint32_t j = 0; j < n; ++j) (out[j] == 0 ? c0 : c1)++;
  }
  EXPECT_NEAR(double(c0) / steps, 0.06375, 0.003); // 63.75 Hz x 1 ms
  EXPECT_NEAR(double(c1) / steps, 0.06375 / 5, 0.0015);
}

TEST(SpikeEncoder, CropKeepsBrightestPixelsInPixelOrder) {
  LabelledImages im;
  im.count = 2;
  im.width = 2;
  im.height = 2;
  im.pixels = {10, 200, 0, 50, 30, 200, 0, 60};
  auto m = cropByMeanIntensity(im, 2);
  EXPECT_EQ(m, (std::vector<uint32_t>{1, 3}));
  auto tie = cropByMeanIntensity(im, 3); // pixel 0 (mean 20) beats pixel 2 (0)
  EXPECT_EQ(tie, (std::vector<uint32_t>{0, 1, 3}));
}
