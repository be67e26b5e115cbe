// Explicit initial weights (Projection.initial_weights, init Dense): the
// device starts from them, and the contract refuses a wrong size or a value
// outside the weight range.
#include "snnrt/Error.h"
#include "snnrt/Program.h"
#include "snnrt/Simulator.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

using namespace snnrt;

namespace {
testkit::ProgramSpec denseSpec() {
  testkit::ProgramSpec s;
  s.neurons = 3;
  s.crop_mask = {0, 1};
  s.crop_pixels = 2;
  s.rounding = fb::Rounding::Nearest;
  s.init = fb::InitKind::Dense;
  // 16 levels over [-1, 1]: step 2/15. Rows: 2 inputs + bias.
  s.initial_weights = {-1.f, 1.f, 0.f, 0.2f, -0.2f, 1.f / 15, 0.5f, -0.5f, 14.f / 15};
  return s;
}
} // namespace

TEST(InitWeights, DeviceStartsFromTheExplicitValuesRounded) {
  auto s = denseSpec();
  Program p = Program::fromBytes(testkit::buildProgram(s), "dense");
  Simulator sim(p, {0, 1}, 1);
  const Device &d = sim.device();
  ASSERT_EQ(d.rows(), 3u);
  ASSERT_EQ(d.cols(), 3u);
  const Quantizer &q = d.quantizer();
  for (size_t i = 0; i < 9; ++i) {
    uint32_t want = uint32_t(q.position(s.initial_weights[i]) + 0.5);
    EXPECT_EQ(d.level(i), want) << i;
    EXPECT_FLOAT_EQ(d.weights()[i], float(q.value(want))) << i;
  }
  EXPECT_EQ(d.level(0), 0u);
  EXPECT_EQ(d.level(1), 15u);
  // The seed does not matter: nothing is drawn for the weights.
  Simulator other(p, {0, 1}, 99);
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(other.device().level(i), d.level(i));
}

TEST(InitWeights, ContractRefusesWrongSizeRangeOrKind) {
  auto expectBad = [](testkit::ProgramSpec s, const std::string &msg) {
    try {
      Program::fromBytes(testkit::buildProgram(s), "bad");
      ADD_FAILURE() << "accepted: " << msg;
    } catch (const Error &e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadProgram);
      EXPECT_NE(std::string(e.what()).find(msg), std::string::npos) << e.what();
    }
  };
  auto s = denseSpec();
  s.initial_weights.pop_back();
  expectBad(s, "projection.initial_weights': init Dense needs one value per weight (9), got 8");
  s = denseSpec();
  s.initial_weights[4] = 1.5f;
  expectBad(s, "value 4 (1.5) is not within [w_min, w_max]");
  s = denseSpec();
  s.initial_weights[2] = NAN;
  expectBad(s, "value 2");
  s = denseSpec();
  s.init = fb::InitKind::Uniform;
  expectBad(s, "given, but init is not Dense");
  s = denseSpec();
  s.initial_weights.clear();
  expectBad(s, "got 0");
}
