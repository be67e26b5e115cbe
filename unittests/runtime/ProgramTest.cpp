// Loader and semantic verifier: every malformed program is a BadProgram error
// that names the file and, for semantic errors, the field.
#include "TestUtil.h"
#include "snnrt/Error.h"
#include "snnrt/Program.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

#include <functional>

using namespace snnrt;
using testkit::ProgramSpec;

namespace {

// Expects loading to fail with a message containing every string in `parts`.
void expectBad(const std::vector<uint8_t> &bytes, std::vector<std::string> parts) {
  try {
    Program::fromBytes(bytes, "prog.snnp");
    FAIL() << "program was accepted";
  } catch (const Error &e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadProgram);
    std::string m = e.what();
    EXPECT_NE(m.find("prog.snnp"), std::string::npos) << m;
    for (const auto &p : parts) EXPECT_NE(m.find(p), std::string::npos) << "'" << p << "' not in: " << m;
  }
}

void expectBadSpec(std::function<void(ProgramSpec &)> edit, std::vector<std::string> parts) {
  ProgramSpec s;
  edit(s);
  expectBad(testkit::buildProgram(s), std::move(parts));
}

} // namespace

TEST(Program, DefaultSpecLoadsWithDerivedSizes) {
  ProgramSpec s;
  Program p = Program::fromBytes(testkit::buildProgram(s), "x.snnp");
  const DerivedConstants &d = p.derived();
  EXPECT_EQ(d.matrixRows, 398u);
  EXPECT_EQ(d.cellsPerWeight, 4u);
  EXPECT_EQ(d.stepsPerImage, 100u);
  EXPECT_EQ(d.inputWindowSteps, 10u);
  EXPECT_EQ(d.stdpWindowSteps, 10u);
  EXPECT_EQ(d.writeBatch, s.chip.write_drivers_per_tile); // builder default
  EXPECT_EQ(d.rotationPeriod, 0u);
  EXPECT_EQ(p.root().population()->size(), 20u);
}

TEST(Program, HashDependsOnBytes) {
  ProgramSpec a, b;
  b.seed = 2;
  EXPECT_NE(Program::fromBytes(testkit::buildProgram(a), "a").hash(),
            Program::fromBytes(testkit::buildProgram(b), "b").hash());
  EXPECT_EQ(Program::fromBytes(testkit::buildProgram(a), "a").hash(),
            Program::fromBytes(testkit::buildProgram(a), "a2").hash());
}

TEST(Program, MissingFileNamesIt) {
  try {
    Program::fromFile("/nonexistent/dir/p.snnp");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadProgram);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/p.snnp"), std::string::npos);
  }
}

TEST(Program, RejectsEmptyAndTinyFiles) {
  expectBad({}, {"too short"});
  expectBad({1, 2, 3}, {"too short"});
}

TEST(Program, RejectsWrongIdentifier) {
  auto bytes = testkit::buildProgram(ProgramSpec{});
  bytes[4] = 'X'; // the identifier sits at bytes 4..7
  expectBad(bytes, {"identifier", "SNNP"});
}

TEST(Program, RejectsTruncatedFile) {
  auto bytes = testkit::buildProgram(ProgramSpec{});
  for (size_t keep : {bytes.size() / 2, bytes.size() - 8, size_t(12)}) {
    std::vector<uint8_t> t(bytes.begin(), bytes.begin() + long(keep));
    expectBad(t, {});
  }
}

TEST(Program, RejectsCorruptedBytesWithoutCrashing) {
  auto good = testkit::buildProgram(ProgramSpec{});
  // Flip bytes all over the buffer (except the identifier): each variant must
  // be rejected cleanly or load as a valid program; never crash.
  int rejected = 0;
  for (size_t i = 0; i < good.size(); i += 3) {
    if (i >= 4 && i < 8) continue;
    auto b = good;
    b[i] ^= 0xA5;
    try {
      Program::fromBytes(b, "prog.snnp");
    } catch (const Error &e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadProgram);
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 10);
  // A root offset pointing outside the buffer is caught by the verifier.
  auto b = good;
  b[0] = 0xff; b[1] = 0xff; b[2] = 0xff; b[3] = 0x7f;
  expectBad(b, {"verification failed"});
}

TEST(Program, RejectsWrongFormatVersion) {
  expectBadSpec([](ProgramSpec &s) { s.format_version = kFormatVersion + 1; },
                {"format_version " + std::to_string(kFormatVersion + 1), "version " + std::to_string(kFormatVersion)});
  expectBadSpec([](ProgramSpec &s) { s.format_version = 0; }, {"format_version 0"});
}

TEST(Program, SemanticErrorsNameTheField) {
  expectBadSpec([](ProgramSpec &s) { s.prune_target = 1.5f; s.prune_mode = fb::PruneMode::Soft; },
                {"pruning.target_fraction", "[0, 1]"});
  expectBadSpec([](ProgramSpec &s) { s.prune_target = -0.1f; }, {"pruning.target_fraction"});
  expectBadSpec([](ProgramSpec &s) { s.window_ms = 0; }, {"stdp.window_ms", "> 0"});
  expectBadSpec([](ProgramSpec &s) { s.dt_ms = 0; }, {"encoding.dt_ms"});
  expectBadSpec([](ProgramSpec &s) { s.dt_ms = -1; }, {"encoding.dt_ms"});
  expectBadSpec([](ProgramSpec &s) { s.w_min = 1; s.w_max = 1; s.init_low = 1; s.init_high = 1;
                                     s.bias_init_low = 1; s.bias_init_high = 1; },
                {"quantization.w_min", "< w_max"});
  expectBadSpec([](ProgramSpec &s) { s.levels = 1; }, {"quantization.levels"});
  expectBadSpec([](ProgramSpec &s) { s.levels = 32; }, {"quantization.levels", "2^cells_per_weight"});
  expectBadSpec([](ProgramSpec &s) { s.batch_size = 65; }, {"write_schedule.batch_size", "write_drivers"});
  expectBadSpec([](ProgramSpec &s) { s.pre_size = 396; }, {"projection.pre_size", "397"});
  expectBadSpec([](ProgramSpec &s) { s.crop_mask = {0, 5, 784}; }, {"encoding.crop_mask", "784"});
  expectBadSpec([](ProgramSpec &s) { s.crop_mask = {3, 3}; }, {"encoding.crop_mask", "duplicate"});
  expectBadSpec([](ProgramSpec &s) { s.device.stuck_at_set_rate = 2; }, {"device.stuck_at_set_rate"});
  expectBadSpec([](ProgramSpec &s) { s.chip.clock_mhz = 0; }, {"chip.clock_mhz"});
  expectBadSpec([](ProgramSpec &s) { s.chip.write_drivers_per_tile = 0; }, {"chip.write_drivers_per_tile"});
  expectBadSpec([](ProgramSpec &s) { s.epochs = 0; }, {"training.epochs"});
  expectBadSpec([](ProgramSpec &s) { s.total_rate_hz = 2000; }, {"population.total_rate_hz"});
  expectBadSpec([](ProgramSpec &s) { s.init_low = -2; }, {"projection.init_low", "within"});
  expectBadSpec([](ProgramSpec &s) { s.prune_mode = fb::PruneMode::Soft; s.prune_value = 0.5f; },
                {"pruning.value", "pruned_level"});
  expectBadSpec([](ProgramSpec &s) { s.pruned_level = 16; }, {"quantization.pruned_level"});
  expectBadSpec([](ProgramSpec &s) { s.prune_mode = fb::PruneMode::Soft; s.prune_maturity = 256; },
                {"pruning.maturity", "at most 255", "got 256"});
  expectBadSpec([](ProgramSpec &s) { s.model = fb::NeuronModel::LIFAdaptive; }, {"projection.has_bias"});
  // 16 weight levels do not fit a binary cell...
  expectBadSpec([](ProgramSpec &s) { s.encoding = fb::CellEncoding::MultiLevel; },
                {"quantization.levels", "device.levels"});
  // ...and the conductance list must match the states used, ascending, in range.
  expectBadSpec([](ProgramSpec &s) { s.conductance_us = {0.5f, 50.0f, 60.0f}; },
                {"quantization.conductance_us", "must list 2"});
  expectBadSpec([](ProgramSpec &s) { s.conductance_us = {50.0f, 0.5f}; },
                {"quantization.conductance_us[1]", "decrease"});
  expectBadSpec([](ProgramSpec &s) { s.conductance_us = {0.5f, 80.0f}; },
                {"quantization.conductance_us[1]", "outside"});
  expectBadSpec([](ProgramSpec &s) { s.device.nonlinearity = 1.5; },
                {"device.nonlinearity", "[0, 1]"});
  expectBadSpec([](ProgramSpec &s) { s.device.set_pulse_ns = 1e12; },
                {"device.set_pulse_ns", "[0, 1e+09]"});
  expectBadSpec([](ProgramSpec &s) { s.model = fb::NeuronModel(7); }, {"population.model", "enum"});
  expectBadSpec([](ProgramSpec &s) { s.anneal_to = 0; }, {"stdp.anneal_to", "(0, 1]"});
  expectBadSpec([](ProgramSpec &s) { s.anneal_to = 1.5f; }, {"stdp.anneal_to", "(0, 1]"});
  expectBadSpec([](ProgramSpec &s) { s.order = fb::WriteOrder::WearLeveling; },
                {"write_schedule.rotation_period", "at least one image"});
  expectBadSpec([](ProgramSpec &s) { s.order = fb::WriteOrder::WearLeveling;
                                     s.rotation_period = 5; s.cells_per_weight = 1;
                                     s.levels = 2; },
                {"write_schedule.order", "one cell per weight"});
}

TEST(Program, PlacementMustCoverEveryWeightOnceAndFit) {
  auto base = [](ProgramSpec &s) {
    s.crop_mask = {1, 2, 3};
    s.neurons = 4;
    s.cells_per_weight = 2;
    s.levels = 4;
    s.chip.tile_rows = 8;
    s.chip.tile_cols = 16;
  };
  { // valid: two blocks on two tiles
    ProgramSpec s;
    base(s);
    s.placement = {{0, 0, 0, 0, 4, 0, 2}, {1, 0, 0, 0, 4, 2, 2}};
    EXPECT_NO_THROW(Program::fromBytes(testkit::buildProgram(s), "p"));
  }
  expectBadSpec([&](ProgramSpec &s) { base(s); s.placement = {{0, 0, 0, 0, 4, 0, 3}}; },
                {"placement", "not placed"});
  expectBadSpec([&](ProgramSpec &s) { base(s); s.placement = {{0, 0, 0, 0, 4, 0, 4}, {1, 0, 0, 0, 1, 0, 1}}; },
                {"placement[1]", "twice"});
  expectBadSpec([&](ProgramSpec &s) { base(s); s.placement = {{9, 0, 0, 0, 4, 0, 4}}; },
                {"placement[0].tile", "num_tiles"});
  expectBadSpec([&](ProgramSpec &s) { base(s); s.placement = {{0, 6, 0, 0, 4, 0, 4}}; },
                {"placement[0].tile_row"});
  expectBadSpec([&](ProgramSpec &s) { base(s); s.placement = {{0, 0, 12, 0, 4, 0, 4}}; },
                {"placement[0].tile_col"});
  expectBadSpec([&](ProgramSpec &s) { base(s); s.placement = {{0, 0, 0, 0, 5, 0, 4}}; },
                {"placement[0].pre_begin", "rows"});
  expectBadSpec([&](ProgramSpec &s) { base(s);
                  s.placement = {{0, 0, 0, 0, 4, 0, 2}, {0, 2, 2, 0, 4, 2, 2}}; },
                {"overlaps placement[0]"});
}

TEST(Program, FileRoundTrip) {
  std::string dir = testutil::freshDir("program_file");
  ProgramSpec s;
  s.name = "roundtrip";
  testkit::writeProgramFile(s, dir + "/p.snnp");
  Program p = Program::fromFile(dir + "/p.snnp");
  EXPECT_EQ(p.root().name()->str(), "roundtrip");
}

TEST(Program, MultiLevelMayUseFewerLevelsThanTheDeviceHasStates) {
  // A 16-state PCM cell used with 4 weight levels (the compiler picks 4 of
  // its states); more levels than states is an error.
  ProgramSpec s;
  s.device = testkit::deviceCard("pcm");
  s.encoding = fb::CellEncoding::MultiLevel;
  s.levels = 4;
  s.conductance_us = {0.1f, 8.4f, 16.7f, 25.0f};
  // Reading 4 states takes a 2-bit column ADC; a sense amplifier reads 2.
  s.chip.adc_bits = 1;
  expectBad(testkit::buildProgram(s), {"chip.adc_bits", "4 states", "at least 2 bits"});
  s.chip.adc_bits = 2;
  EXPECT_NO_THROW(Program::fromBytes(testkit::buildProgram(s), "pcm4.snnp"));
  s.levels = 17;
  s.conductance_us.clear();
  expectBad(testkit::buildProgram(s), {"quantization.levels", "16 states"});
}
