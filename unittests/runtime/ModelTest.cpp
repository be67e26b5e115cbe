// Saved models: snn-run --save-model, then --model with --phase repeats the
// inference phases of the training run exactly; the loader refuses corrupt,
// mismatched or out-of-range files naming the field.
#include "TestUtil.h"
#include "snnrt/Error.h"
#include "snnrt/Model.h"
#include "snnrt/Program.h"
#include "snnrt/Simulator.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace snnrt;
using testutil::runSnnRun;

namespace {

std::string synth() {
  static std::string d = [] {
    std::string dir = testutil::freshDir("model_data");
    testutil::writeSyntheticSet(dir, 40, 20, false);
    return dir;
  }();
  return d;
}

// `readoutMs`: the readout presentation (0 = as in training).
std::string program(const std::string &dir, bool lif, float readoutMs = 0) {
  testkit::ProgramSpec s;
  s.neurons = 10;
  s.crop_pixels = 100;
  s.presentation_ms = 20;
  s.readout_presentation_ms = readoutMs;
  if (lif) {
    s.model = fb::NeuronModel::LIFAdaptive;
    s.has_bias = false;
    s.init_low = 0;
    s.init_high = 1;
    s.input_gain_mv = 4;
  } else {
    s.homeostasis = fb::Homeostasis::AdaptiveBias;
    s.homeostasis_rate = 0.01f;
    s.prune_mode = fb::PruneMode::Soft;
    s.prune_start = 10;
    s.prune_interval = 10;
    s.prune_target = 0.5f;
  }
  std::string path = dir + (lif ? "/lif.snnp" : "/wta.snnp");
  testkit::writeProgramFile(s, path);
  return path;
}

// The JSON object or value following "key" after position `from` (the
// report is pretty-printed by the runtime's writer: `"key": value`).
std::string value(const std::string &js, const std::string &key, size_t from = 0) {
  size_t k = js.find("\"" + key + "\":", from);
  if (k == std::string::npos) return "<missing " + key + ">";
  size_t b = js.find_first_not_of(" \n", k + key.size() + 3);
  if (js[b] == '{' || js[b] == '[') {
    int depth = 0;
    for (size_t i = b; i < js.size(); ++i) {
      if (js[i] == '{' || js[i] == '[') ++depth;
      if (js[i] == '}' || js[i] == ']') --depth;
      if (depth == 0) return js.substr(b, i - b + 1);
    }
  }
  return js.substr(b, js.find_first_of(",}\n", b) - b);
}
// energy_pj.test, cycles.test, ... : `phase` inside the object `outer`.
std::string phaseOf(const std::string &js, const std::string &outer, const std::string &phase) {
  return value(value(js, outer), phase);
}

void expectSamePhase(const std::string &a, const std::string &b, const std::string &phase) {
  for (const char *outer : {"energy_pj", "cycles", "events", "simulated_time_s"})
    EXPECT_EQ(phaseOf(a, outer, phase), phaseOf(b, outer, phase)) << outer << "." << phase;
  EXPECT_EQ(value(value(a, "spikes_per_image"), phase), value(value(b, "spikes_per_image"), phase));
}

void trainAndCompare(bool lif, float readoutMs = 0, const std::string &extra = "") {
  std::string dir = testutil::freshDir(std::string(lif ? "model_lif" : "model_wta") +
                                       (readoutMs ? "_readout" : ""));
  std::string prog = program(dir, lif, readoutMs);
  auto train = runSnnRun(prog + " --data " + synth() + " --epochs 2 --seed 7 --quiet --report " +
                         dir + "/train.json --save-model " + dir + "/m.snnm" + extra);
  ASSERT_EQ(train.exitCode, 0) << train.output;
  const std::string full = testutil::readText(dir + "/train.json");

  // Test only, from the model alone (no PROGRAM): the model's assignment.
  auto test = runSnnRun("--model " + dir + "/m.snnm --data " + synth() +
                        " --phase test --quiet --report " + dir + "/test.json");
  ASSERT_EQ(test.exitCode, 0) << test.output;
  const std::string t = testutil::readText(dir + "/test.json");
  EXPECT_EQ(value(value(t, "accuracy"), "test"), value(value(full, "accuracy"), "test"));
  EXPECT_EQ(value(value(t, "accuracy"), "confusion"), value(value(full, "accuracy"), "confusion"));
  EXPECT_EQ(value(t, "assignment"), value(full, "assignment"));
  expectSamePhase(full, t, "test");
  // No training and no assignment were run.
  EXPECT_EQ(phaseOf(t, "cycles", "train"), "0");
  EXPECT_EQ(phaseOf(t, "cycles", "assign"), "0");
  EXPECT_NE(value(value(t, "settings"), "model").find("m.snnm"), std::string::npos);

  // Assign and test, with the PROGRAM given: both phases as in training.
  auto both = runSnnRun(prog + " --model " + dir + "/m.snnm --data " + synth() +
                        " --phase assign,test --quiet --report " + dir + "/both.json");
  ASSERT_EQ(both.exitCode, 0) << both.output;
  const std::string b = testutil::readText(dir + "/both.json");
  EXPECT_EQ(value(b, "accuracy"), value(full, "accuracy"));
  EXPECT_EQ(value(b, "assignment"), value(full, "assignment"));
  expectSamePhase(full, b, "assign");
  expectSamePhase(full, b, "test");
  // Wear and pruning are the model's: what training left in the array.
  EXPECT_EQ(value(b, "writes"), value(full, "writes"));
  EXPECT_EQ(value(b, "array_state"), value(full, "array_state"));
}

std::vector<uint8_t> readBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
void writeBytes(const std::string &path, const std::vector<uint8_t> &b) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(b.data()), b.size());
}

std::string trainedModel() {
  static std::string path = [] {
    std::string dir = testutil::freshDir("model_base");
    std::string prog = program(dir, false);
    auto r = runSnnRun(prog + " --data " + synth() + " --quiet --save-model " + dir + "/m.snnm");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    return dir + "/m.snnm";
  }();
  return path;
}

void expectRejected(const std::string &args, const std::string &msg) {
  auto r = runSnnRun(args);
  EXPECT_EQ(r.exitCode, 2) << args << "\n" << r.output;
  EXPECT_NE(r.output.find(msg), std::string::npos) << args << "\n" << r.output;
}

} // namespace

TEST(Model, LoadAndTestRepeatsTheTrainingRunsInferencePhasesWta) { trainAndCompare(false); }
TEST(Model, LoadAndTestRepeatsTheTrainingRunsInferencePhasesLif) { trainAndCompare(true); }
// The test starts after 80 training images of 20 steps and 13 assignment
// images of 33: not a multiple of either, yet a step the run reached.
TEST(Model, LoadAndTestRepeatsAReadoutPresentation) {
  trainAndCompare(false, 33, " --assign-limit 13");
}

TEST(Model, UsageErrors) {
  std::string m = trainedModel(), d = synth();
  expectRejected("--model " + m + " --data " + d + " --phase bogus", "--phase expects");
  expectRejected(m + " --data " + d + " --phase test", "--phase needs --model");
  expectRejected("--model " + m + " --data " + d + " --seed 99", "differs from the model's seed");
  expectRejected("--model " + m + " --data " + d + " --save-model /tmp/x.snnm", "does not train");
  expectRejected("--model " + m + " --data " + d + " --epochs 3", "--epochs does not apply");
  EXPECT_NE(runSnnRun("--help").output.find("--save-model"), std::string::npos);
}

TEST(Model, CorruptTruncatedOrForeignFilesAreRefused) {
  std::string dir = testutil::freshDir("model_bad"), m = trainedModel(), d = synth();
  std::vector<uint8_t> good = readBytes(m);
  auto flipped = good;
  flipped[good.size() / 2] ^= 0x40;
  writeBytes(dir + "/flip.snnm", flipped);
  expectRejected("--model " + dir + "/flip.snnm --data " + d, "checksum mismatch");
  writeBytes(dir + "/short.snnm", std::vector<uint8_t>(good.begin(), good.begin() + good.size() / 3));
  expectRejected("--model " + dir + "/short.snnm --data " + d, "truncated model file");
  auto v2 = good;
  v2[4] = 9;
  writeBytes(dir + "/v9.snnm", v2);
  expectRejected("--model " + dir + "/v9.snnm --data " + d, "unsupported model version 9");
  expectRejected("--model " + dir + "/none.snnm --data " + d, "cannot open model file");
  // Another program than the model's.
  testkit::ProgramSpec other;
  other.neurons = 11;
  other.crop_pixels = 100;
  other.presentation_ms = 20;
  testkit::writeProgramFile(other, dir + "/other.snnp");
  expectRejected(dir + "/other.snnp --model " + m + " --data " + d, "another program");
}

// A valid CRC does not make a model trustworthy: each field is checked.
TEST(Model, OutOfRangeFieldsAreRefusedNamingTheField) {
  std::string dir = testutil::freshDir("model_fields");
  const TrainedModel good = readModelFile(trainedModel(), defaultMemoryBudget());
  auto expectField = [&](const std::string &name, auto mutate, const std::string &field) {
    TrainedModel m = good;
    mutate(m);
    writeModelFile(dir + "/" + name, m);
    try {
      TrainedModel back = readModelFile(dir + "/" + name, defaultMemoryBudget());
      Simulator sim(*back.program, back.mask, back.seed);
      applyModel(sim, back, true);
      ADD_FAILURE() << name << " was accepted";
    } catch (const Error &e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadCheckpoint);
      EXPECT_NE(std::string(e.what()).find("field '" + field), std::string::npos) << e.what();
    }
  };
  expectField("assign.snnm", [](TrainedModel &m) { m.assignment[3] = 12; }, "assignment[3]");
  expectField("mask.snnm", [](TrainedModel &m) { m.mask[1] = m.mask[0]; }, "mask[1]");
  expectField("maskrange.snnm", [](TrainedModel &m) { m.mask[2] = 784; }, "mask[2]");
  expectField("level.snnm", [](TrainedModel &m) { m.levels[5] = 16; }, "weights.levels[5]");
  expectField("flag.snnm", [](TrainedModel &m) { m.pruned[0] = 2; }, "weights.pruned[0]");
  expectField("nan.snnm", [](TrainedModel &m) { m.weights[4] = NAN; }, "weights.values[4]");
  expectField("weight.snnm", [](TrainedModel &m) { m.weights[4] += 0.5f; }, "weights.values");
  expectField("beta.snnm", [](TrainedModel &m) { m.beta[0] += 1; }, "homeostasis.beta");
  expectField("neurons.snnm", [](TrainedModel &m) { m.assignment.pop_back(); }, "assignment");
  expectField("epochs.snnm", [](TrainedModel &m) { m.epochs = 0; }, "settings.epochs");
  expectField("state.snnm", [](TrainedModel &m) { m.trained.resize(m.trained.size() / 2); },
              "");
  // The saved state itself is range-checked by the simulator components.
  expectField("rng.snnm", [](TrainedModel &m) { m.testStart.resize(10); }, "simulator.");

  // Unchanged, it loads.
  writeModelFile(dir + "/same.snnm", good);
  TrainedModel back = readModelFile(dir + "/same.snnm", defaultMemoryBudget());
  Simulator sim(*back.program, back.mask, back.seed);
  EXPECT_NO_THROW(applyModel(sim, back, true));
  EXPECT_EQ(sim.ledger().total().cycles, 0u);
}
