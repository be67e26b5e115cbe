// Neuron units: WTA firing rate and softmax winner distribution, homeostasis,
// LIF integrate/fire/inhibit/refractory/adaptive threshold; spike encoder.
#include "snnrt/NeuronUnit.h"
#include "snnrt/SpikeEncoder.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

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
  DrawTape r(Rng(3, 0));
  uint32_t out[3 + SpikeEncoder::kOutSlack];
  int c0 = 0, c1 = 0;
  const int steps = 100000;
  for (int t = 0; t < steps; ++t) {
    uint32_t n = e.step(r, out);
    for (uint32_t j = 0; j < n; ++j) (out[j] == 0 ? c0 : c1)++;
  }
  EXPECT_NEAR(double(c0) / steps, 0.06375, 0.003); // 63.75 Hz x 1 ms
  EXPECT_NEAR(double(c1) / steps, 0.06375 / 5, 0.0015);
}

// A step is one draw per active input, in input order, and the inputs
// whose draw's upper 32 bits fall below their threshold: the vector path
// (8 compares at a time) gives the same list, and the stream, drawn ahead
// or when taken, ends where one next() per input would leave it.
TEST(SpikeEncoder, StepIsOneDrawPerActiveInputInOrder) {
  ProgramSpec s;
  s.crop_mask.clear();
  for (uint32_t i = 0; i < 37; ++i) s.crop_mask.push_back(300 + i); // 4 vectors and a partial one
  Program p = load(s);
  SpikeEncoder e(p, s.crop_mask);
  uint8_t img[784] = {};
  Rng pick(11, 11);
  for (uint32_t i = 0; i < 37; ++i) img[300 + i] = i % 9 == 4 ? 0 : uint8_t(pick.next() >> 56 | 1);
  img[301] = 255;
  for (bool readout : {false, true})
  for (DrawTape::Mode mode : {DrawTape::Mode::Ahead, DrawTape::Mode::Direct}) {
    e.load(img, readout);
    ASSERT_EQ(e.activeInputs(), 33u);
    DrawTape r(Rng(5, 0), mode);
    Rng ref(5, 0);
    uint32_t out[37 + SpikeEncoder::kOutSlack];
    uint64_t fired = 0;
    for (int t = 0; t < 2000; ++t) {
      const uint32_t n = e.step(r, out);
      std::vector<uint32_t> want;
      for (uint32_t i = 0; i < 37; ++i) {
        const uint64_t thr = e.threshold(img[300 + i], readout);
        if (thr && ref.next32() < thr) want.push_back(i);
      }
      ASSERT_EQ(std::vector<uint32_t>(out, out + n), want) << "step " << t;
      fired += n;
    }
    EXPECT_EQ(r.next(), ref.next());
    EXPECT_GT(fired, 0u);
  }
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

namespace {
// The sampler's definition, written out plainly: std::exp, sums in neuron
// order, the first partial remainder below zero, the last neuron if rounding
// leaves a sliver.
uint32_t exactChoice(const std::vector<float> &u, const std::vector<float> &beta, double U) {
  double m = -1e300;
  for (size_t k = 0; k < u.size(); ++k) m = std::max(m, double(u[k]) + beta[k]);
  std::vector<double> p(u.size());
  double sum = 0;
  for (size_t k = 0; k < u.size(); ++k) sum += p[k] = std::exp(double(u[k]) + beta[k] - m);
  double r = U * sum;
  for (size_t k = 0; k < u.size(); ++k)
    if ((r -= p[k]) < 0) return uint32_t(k);
  return uint32_t(u.size() - 1);
}
} // namespace

// Whatever path the sampler takes (vector exponentials where the host has
// AVX-512), the winner is the definition's, bit for bit: on random
// potentials of every spread, with draws at random and draws placed on the
// boundaries between neurons, where only the exact path can decide.
// Potentials far from 0 (|max| >= 10^4) are beyond what the vector path's
// error bound covers: the exact path decides, with the same winners.
TEST(WtaSampler, FarPotentialsTakeTheExactPath) {
  std::mt19937_64 gen(5);
  ProgramSpec s;
  s.neurons = 100;
  Program p = load(s);
  WtaSampler w(p);
  std::vector<float> u(100), beta(100, 0.f);
  std::normal_distribution<float> d(0.f, 3.f);
  for (float &x : u) x = 2e4f + d(gen);
  for (int draw = 0; draw < 50; ++draw) {
    const double U = double(gen() >> 11) * 0x1.0p-53;
    ASSERT_EQ(w.choose(u.data(), beta.data(), U), exactChoice(u, beta, U)) << U;
  }
  const uint64_t vectorPath = w.exactSamples() > 0; // 0 without AVX-512
  EXPECT_EQ(w.exactSamples(), vectorPath * 50u);
}

TEST(WtaSampler, SameWinnerAsTheDefinition) {
  std::mt19937_64 gen(11);
  uint64_t boundaryDraws = 0;
  for (uint32_t n : {500u, 13u, 1u, 8u, 1000u}) {
    ProgramSpec s;
    s.neurons = n;
    Program p = load(s);
    WtaSampler w(p);
    std::vector<float> u(n), beta(n);
    for (int trial = 0; trial < 400; ++trial) {
      // Spreads from flat to 800 (where most exponentials underflow).
      const double spread = std::pow(10.0, std::uniform_real_distribution<>(-3, 2.9)(gen));
      std::normal_distribution<float> d(0.f, float(spread));
      for (uint32_t k = 0; k < n; ++k) {
        u[k] = d(gen);
        beta[k] = trial % 2 ? d(gen) * 0.01f : 0.f;
      }
      for (int draw = 0; draw < 50; ++draw) {
        const double U = double(gen() >> 11) * 0x1.0p-53;
        ASSERT_EQ(w.choose(u.data(), beta.data(), U), exactChoice(u, beta, U))
            << "n " << n << " spread " << spread << " U " << U;
      }
      // U on a boundary, and one unit in the last place either side.
      double m = -1e300, sum = 0, partial = 0;
      for (uint32_t k = 0; k < n; ++k) m = std::max(m, double(u[k]) + beta[k]);
      for (uint32_t k = 0; k < n; ++k) sum += std::exp(double(u[k]) + beta[k] - m);
      const uint32_t k = uint32_t(gen() % n);
      for (uint32_t j = 0; j <= k; ++j) partial += std::exp(double(u[j]) + beta[j] - m);
      const double edge = std::min(partial / sum, std::nextafter(1.0, 0.0));
      for (double U : {std::nextafter(edge, 0.0), edge, std::nextafter(edge, 1.0)}) {
        if (!(U < 1)) continue;
        ++boundaryDraws;
        ASSERT_EQ(w.choose(u.data(), beta.data(), U), exactChoice(u, beta, U))
            << "n " << n << " boundary of " << k << " U " << U;
      }
    }
    // With a vector path, the boundary draws must have gone to the exact one.
    if (n >= 8 && w.exactSamples() > 0) {
      EXPECT_GE(w.exactSamples(), 400u);
    }
  }
  EXPECT_GT(boundaryDraws, 5000u);
}
