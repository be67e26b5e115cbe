// Checkpoint state, component by component. A run resumed from checkpoints
// (twice) equals the uninterrupted run in every component's saved state, the
// rebuilt caches, cycles, energy by component, weights and accuracy. A
// crafted checkpoint whose CRC is valid but one value is not is refused with
// an error naming the field, and a refused component keeps its state; random
// corruption never crashes the simulator.
#include "TestUtil.h"
#include "snnrt/Checkpoint.h"
#include "snnrt/Error.h"
#include "snnrt/Report.h"
#include "snnrt/Trainer.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <functional>
#include <cstring>
#include <limits>
#include <memory>
#include <regex>
#include <stdexcept>

using namespace snnrt;
using testkit::ProgramSpec;

namespace {

// Soft pruning, wear leveling, adaptive-bias homeostasis, input windows and
// potentials kept across images, annealing; weights spread over 4 small tiles.
ProgramSpec wtaSpec() {
  ProgramSpec s;
  s.neurons = 20;
  s.crop_pixels = 200;
  s.presentation_ms = 50;
  s.chip.tile_rows = 128;
  s.chip.tile_cols = 64;
  s.prune_mode = fb::PruneMode::Soft;
  s.prune_start = 40;
  s.prune_ramp = 40;
  s.prune_interval = 20;
  s.prune_target = 0.5f;
  s.order = fb::WriteOrder::WearLeveling;
  s.rotation_period = 7;
  s.homeostasis = fb::Homeostasis::AdaptiveBias;
  s.homeostasis_rate = 0.05f;
  s.reset_between_images = false;
  s.anneal_to = 0.3f;
  return s;
}

// LIF neurons (membranes, thresholds, refractory ends) with conventional
// pruning on the adaptive trigger.
ProgramSpec lifSpec() {
  ProgramSpec s = wtaSpec();
  s.model = fb::NeuronModel::LIFAdaptive;
  s.has_bias = false;
  s.init_low = 0;
  s.input_gain_mv = 2;
  s.tau_membrane_ms = 20;
  s.theta_plus_mv = 0.5f;
  s.tau_theta_ms = 1e5f;
  s.inhibition_mv = 20;
  s.homeostasis = fb::Homeostasis::None;
  s.homeostasis_rate = 0;
  s.prune_mode = fb::PruneMode::Conventional;
  s.prune_trigger = fb::PruneTrigger::Adaptive;
  s.prune_target = 0.2f;
  s.order = fb::WriteOrder::RowOrder;
  s.rotation_period = 0;
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

std::unique_ptr<Program> load(const ProgramSpec &s) {
  return std::make_unique<Program>(Program::fromBytes(testkit::buildProgram(s), "t.snnp"));
}

std::vector<uint8_t> saved(const Simulator &sim) {
  CheckpointWriter w;
  sim.save(w);
  return w.bytes();
}

// Everything a run produces.
struct Result {
  RunResult res;
  std::vector<uint8_t> state; // the final state of every component
  std::vector<float> weights; // rebuilt caches
  std::vector<uint16_t> levels;
  std::array<EnergyBreakdown, kNumPhases> energy;
  std::array<uint64_t, kNumPhases> cycles;
  std::string report; // without wall times and the resumed flag
};

Result run(const Program &p, RunConfig cfg) {
  cfg.dataDir = synthDir();
  cfg.quiet = true;
  Trainer t(p, cfg);
  Result o;
  o.res = t.run();
  const Simulator &s = t.simulator();
  o.state = saved(s);
  const size_t n = size_t(s.device().rows()) * s.device().cols();
  o.weights.assign(s.device().weights(), s.device().weights() + n);
  o.levels = s.device().levelMatrix();
  for (int ph = 0; ph < kNumPhases; ++ph) {
    o.energy[size_t(ph)] = s.ledger().energy(Phase(ph));
    o.cycles[size_t(ph)] = s.ledger().at(Phase(ph)).cycles;
  }
  o.report = std::regex_replace(reportJson(p, s, o.res, "data"),
                                std::regex("\"performance\": \\{[^}]*\\}"), "");
  o.report = std::regex_replace(o.report, std::regex("\"resumed\": true"), "\"resumed\": false");
  return o;
}

std::string firstDifference(const std::vector<uint8_t> &a, const std::vector<uint8_t> &b) {
  if (a.size() != b.size()) return "sizes " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return "first difference at byte " + std::to_string(i);
  return "identical";
}

void expectSameResult(const Result &a, const Result &b) {
  EXPECT_TRUE(a.state == b.state) << firstDifference(a.state, b.state);
  EXPECT_EQ(0, std::memcmp(a.weights.data(), b.weights.data(), a.weights.size() * sizeof(float)));
  EXPECT_EQ(a.levels, b.levels);
  EXPECT_EQ(a.cycles, b.cycles);
  for (int ph = 0; ph < kNumPhases; ++ph) {
    const EnergyBreakdown &x = a.energy[size_t(ph)], &y = b.energy[size_t(ph)];
    SCOPED_TRACE(phaseName(Phase(ph)));
    EXPECT_EQ(x.parts(), y.parts());
    EXPECT_EQ(x.set, y.set);
    EXPECT_EQ(x.reset, y.reset);
    EXPECT_EQ(x.verify, y.verify);
    EXPECT_EQ(x.neuron, y.neuron);
    EXPECT_EQ(x.routing, y.routing);
    EXPECT_EQ(x.control, y.control);
    EXPECT_EQ(x.rng, y.rng);
    EXPECT_EQ(x.leakage, y.leakage);
  }
  EXPECT_EQ(a.res.testCorrect, b.res.testCorrect);
  EXPECT_EQ(a.res.trainCorrect, b.res.trainCorrect);
  EXPECT_EQ(a.res.confusion, b.res.confusion);
  EXPECT_EQ(a.res.assignment, b.res.assignment);
  EXPECT_EQ(a.report, b.report);
}

// The payload in the order Simulator::save writes it: a pod of `bytes`, or a
// vector of `bytes`-sized entries (after its 8-byte entry count).
struct Field {
  std::string name;
  size_t bytes;
  bool vec;
};

std::vector<Field> simulatorLayout(size_t tiles) {
  std::vector<Field> l = {
      {"simulator.train_images_seen", 8, false}, {"simulator.step", 8, false},
      {"simulator.fresh", 1, false},             {"simulator.potentials", 4, true},
      {"simulator.window_open", 1, true},        {"simulator.last_spike", 8, true},
      {"simulator.closing", 4, true},            {"simulator.closing_count", 4, true},
      {"rng.run", 32, false},                    {"rng.counterfactual", 32, false}};
  for (size_t t = 0; t < tiles; ++t) {
    const std::string tile = "device.tile[" + std::to_string(t) + "]";
    l.push_back({tile + ".state", 2, true});
    l.push_back({tile + ".writes", 4, true});
    l.push_back({tile + ".flags", 1, true});
  }
  for (const char *f : {"device.pruned", "device.conventional", "device.rotation"})
    l.push_back({f, 1, true});
  l.push_back({"homeostasis.beta", 4, true});
  l.push_back({"homeostasis.spikes", 8, true});
  l.push_back({"homeostasis.total_spikes", 8, false});
  l.push_back({"lif.v", 4, true});
  l.push_back({"lif.theta", 4, true});
  l.push_back({"lif.refractory_until", 8, true});
  l.push_back({"pruning.eligible_since", 8, true});
  l.push_back({"pruning.last_totals", 8, true});
  l.push_back({"pruning.previous_counts", 8, true});
  l.push_back({"pruning.history", sizeof(PruneSample), true});
  for (const char *f : {"ledger.train", "ledger.assign", "ledger.test"})
    l.push_back({f, sizeof(EventCounts), false});
  return l;
}

template <class T> T peek(const std::vector<uint8_t> &b, size_t at) {
  T v;
  std::memcpy(&v, b.data() + at, sizeof v);
  return v;
}
template <class T> void poke(std::vector<uint8_t> &b, size_t at, T v) {
  std::memcpy(b.data() + at, &v, sizeof v);
}

// Walks the layout: the offset of entry `i` of vector `name`, or of byte `i`
// of pod `name`; `count` receives the vector's entry count (and allows an
// empty vector, i = 0: the offset its entries would start at).
size_t offsetOf(const std::vector<uint8_t> &b, const std::vector<Field> &layout,
                const std::string &name, size_t i = 0, uint64_t *count = nullptr) {
  size_t at = 0;
  for (const Field &f : layout) {
    uint64_t n = 1;
    size_t data = at;
    if (f.vec) {
      n = peek<uint64_t>(b, at);
      data = at + 8;
    }
    if (f.name == name) {
      if (count) *count = n;
      if (!count && ((f.vec && i >= n) || (!f.vec && i >= f.bytes))) throw std::out_of_range(name);
      return data + (f.vec ? i * f.bytes : i);
    }
    at = data + n * f.bytes;
  }
  throw std::out_of_range(name);
}

size_t layoutEnd(const std::vector<uint8_t> &b, const std::vector<Field> &layout) {
  size_t at = 0;
  for (const Field &f : layout) at = f.vec ? at + 8 + peek<uint64_t>(b, at) * f.bytes : at + f.bytes;
  return at;
}

// A simulator after `images` training images of the synthetic set.
struct Trained {
  std::unique_ptr<Program> prog;
  std::unique_ptr<Trainer> trainer;
  explicit Trained(const ProgramSpec &s, uint64_t images = 75) : prog(load(s)) {
    RunConfig c;
    c.dataDir = synthDir();
    c.quiet = true;
    c.stopAfter = images;
    trainer = std::make_unique<Trainer>(*prog, c);
    trainer->run();
  }
  Simulator &sim() { return trainer->simulator(); }
  std::vector<Field> layout() { return simulatorLayout(sim().device().numTiles()); }
  // What a resumed run builds before loading.
  std::unique_ptr<Simulator> fresh() {
    return std::make_unique<Simulator>(*prog, sim().encoder().mask(), 1);
  }
  size_t at(const std::vector<uint8_t> &b, const std::string &field, size_t i = 0) {
    return offsetOf(b, layout(), field, i);
  }
};

template <class Load>
void expectRefused(Load load, const std::vector<uint8_t> &b, const std::string &msg) {
  SCOPED_TRACE(msg);
  CheckpointReader r(b.data(), b.size(), "x.ckpt");
  try {
    load(r);
    ADD_FAILURE() << "loaded; expected refusal: " << msg;
  } catch (const Error &e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadCheckpoint);
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("x.ckpt: field '", 0), 0u) << what;
    EXPECT_NE(what.find(msg), std::string::npos) << what;
  }
}

void expectSimulatorRefuses(Trained &t, const std::vector<uint8_t> &b, const std::string &msg) {
  auto sim = t.fresh();
  expectRefused([&](CheckpointReader &r) { sim->load(r); }, b, msg);
}

} // namespace

// The WTA spec with deferred accumulation: potentials carried across images
// with changes pending between firings (flushed at every image's end).
ProgramSpec deferredSpec() {
  ProgramSpec s = wtaSpec();
  s.accumulation = fb::Accumulation::Deferred;
  return s;
}

TEST(Checkpoint, ResumedTwiceEqualsUninterruptedInEveryComponent) {
  for (const ProgramSpec &spec : {wtaSpec(), lifSpec(), deferredSpec()}) {
    SCOPED_TRACE(fb::EnumNameNeuronModel(spec.model));
    auto p = load(spec);
    Result full = run(*p, {});
    std::string dir = testutil::freshDir("resume");
    RunConfig a; // checkpoints at 30 and 60, stops at 75
    a.checkpointPath = dir + "/a.ckpt";
    a.checkpointEvery = 30;
    a.stopAfter = 75;
    EXPECT_TRUE(run(*p, a).res.stopped);
    RunConfig b; // resumes at 60, checkpoints at 90 and 120, stops at 135
    b.resumePath = a.checkpointPath;
    b.checkpointPath = dir + "/b.ckpt";
    b.checkpointEvery = 30;
    b.stopAfter = 75; // images of this run (snn-run --stop-after)
    Result mid = run(*p, b);
    EXPECT_TRUE(mid.res.resumed);
    EXPECT_EQ(mid.res.train.images, 75u);
    RunConfig c; // resumes at 120
    c.resumePath = b.checkpointPath;
    Result resumed = run(*p, c);
    EXPECT_EQ(resumed.res.train.images, 80u);
    expectSameResult(full, resumed);
    // The run learned, wrote and pruned.
    EXPECT_GT(full.energy[0].set, 0);
    EXPECT_GT(full.res.testCorrect, 30u);
    EXPECT_EQ(full.report.find("\"final_fraction\": 0,"), std::string::npos);
  }
}

TEST(Checkpoint, SaveLoadSaveIsTheIdentity) {
  for (const ProgramSpec &spec : {wtaSpec(), lifSpec()}) {
    Trained t(spec);
    const std::vector<uint8_t> b = saved(t.sim());
    auto sim = t.fresh();
    CheckpointReader r(b.data(), b.size(), "x.ckpt");
    sim->load(r);
    EXPECT_TRUE(r.atEnd());
    EXPECT_TRUE(saved(*sim) == b);
    const size_t n = size_t(sim->device().rows()) * sim->device().cols();
    EXPECT_EQ(0, std::memcmp(sim->device().weights(), t.sim().device().weights(), n * sizeof(float)));
    EXPECT_EQ(sim->pruning().fraction(), t.sim().pruning().fraction());
  }
}

TEST(Checkpoint, PayloadIsInComponentOrder) {
  // Changing this layout changes the file format: bump kCheckpointVersion.
  EXPECT_EQ(kCheckpointVersion, 4u);
  Trained t(wtaSpec());
  const std::vector<uint8_t> b = saved(t.sim());
  EXPECT_EQ(layoutEnd(b, t.layout()), b.size());
  EXPECT_EQ(peek<int64_t>(b, t.at(b, "simulator.step")), 75 * 50);
  EXPECT_EQ(peek<uint64_t>(b, t.at(b, "homeostasis.total_spikes")),
            t.sim().homeostasis().totalSpikes());
  EXPECT_EQ(t.sim().device().numTiles(), 4u);
  EXPECT_GT(t.sim().pruning().fraction(), 0.0);
  EXPECT_GT(t.sim().ledger().at(Phase::Train).wordRotations, 0u);
}

namespace {
// The device saves each tile as rows x cols arrays (state, writes, flags).
const std::vector<Field> kTileArrays = {{"state", 2, true}, {"writes", 4, true}, {"flags", 1, true}};

// Inputs + bias x 2 neurons of 2-bit words, each weight at cells (r, 2k..2k+1)
// of a tile 8 cells wide; the other cells hold no weight.
ProgramSpec twoBitWords(uint32_t inputs, uint32_t tileRows, float init) {
  ProgramSpec s;
  s.init = fb::InitKind::Constant;
  s.init_low = init;
  s.bias_init_low = init;
  for (uint32_t i = 0; i < inputs; ++i) s.crop_mask.push_back(10 + i);
  s.neurons = 2;
  s.cells_per_weight = 2;
  s.levels = 4;
  s.chip.tile_rows = tileRows;
  s.chip.tile_cols = 8;
  return s;
}
} // namespace

TEST(CheckpointTile, RefusesStatesFlagsAndSizesItCannotHold) {
  // A 4 x 8 tile: 2 inputs + bias.
  ProgramSpec s = twoBitWords(2, 4, -1);
  s.device.endurance_cycles = 1000;
  Program p = Program::fromBytes(testkit::buildProgram(s), "t");
  Rng init(1, 1), rng(1, 2);
  Device d(p, init);
  d.write(0, 3, true, rng);
  CheckpointWriter w;
  d.save(w);
  const std::vector<uint8_t> good = w.bytes();
  Rng init2(1, 1);
  Device u(p, init2);
  const uint16_t before = u.level(0);
  auto loadU = [&](CheckpointReader &r) { u.load(r); };
  std::vector<uint8_t> b = good;
  poke<uint16_t>(b, offsetOf(b, kTileArrays, "state", 2), 2);
  expectRefused(loadU, b, "field 'device.tile[0].state[2]': 2 >= states per cell 2");
  EXPECT_EQ(u.level(0), before); // not loaded
  b = good;
  poke<uint8_t>(b, offsetOf(b, kTileArrays, "flags", 1), 4);
  expectRefused(loadU, b, "field 'device.tile[0].flags[1]': 4 has bits other than stuck (1) and worn (2)");
  b = good;
  poke<uint8_t>(b, offsetOf(b, kTileArrays, "flags", 5), Tile::kWorn);
  expectRefused(loadU, b, "field 'device.tile[0].flags[5]': worn out without a single write");
  b = good;
  poke<uint32_t>(b, offsetOf(b, kTileArrays, "writes", 1), 1000);
  expectRefused(loadU, b, "field 'device.tile[0].writes[1]': 1000 pulses but the cell is not worn out");
  b = good;
  poke<uint32_t>(b, offsetOf(b, kTileArrays, "writes", 6), 1); // column 6 holds no weight
  expectRefused(loadU, b, "field 'device.tile[0].state[6]': a cell that holds no weight was written");
  b = good;
  poke<uint64_t>(b, offsetOf(b, kTileArrays, "state") - 8, 5);
  expectRefused(loadU, b, "field 'device.tile[0].state': has 5 entries where the program needs 32");
  b = good;
  b.resize(offsetOf(b, kTileArrays, "flags", 31));
  expectRefused(loadU, b, "field 'device.tile[0].flags': checkpoint payload is truncated");
  // A device of another spec: its saved bytes, poked, are refused.
  auto refusedFor = [&](const ProgramSpec &spec, const std::function<void(std::vector<uint8_t> &)> &edit,
                        const std::string &msg) {
    Program other = Program::fromBytes(testkit::buildProgram(spec), "o");
    Rng i1(1, 1), i2(1, 1);
    Device saved(other, i1), loaded(other, i2);
    CheckpointWriter wo;
    saved.save(wo);
    std::vector<uint8_t> bytes = wo.bytes();
    edit(bytes);
    expectRefused([&](CheckpointReader &r) { loaded.load(r); }, bytes, msg);
  };
  // Multi-level cells hold levels 0..15.
  ProgramSpec m = s;
  m.encoding = fb::CellEncoding::MultiLevel;
  m.cells_per_weight = 1;
  m.levels = 16;
  m.device.levels = 16;
  m.chip.adc_bits = 4;
  refusedFor(m, [&](std::vector<uint8_t> &x) { poke<uint16_t>(x, offsetOf(x, kTileArrays, "state", 1), 16); },
             "field 'device.tile[0].state[1]': 16 >= states per cell 16");
  // Without faults on the card, no flag can be set.
  ProgramSpec h = s;
  h.device.endurance_cycles = 0;
  refusedFor(h, [&](std::vector<uint8_t> &x) { poke<uint8_t>(x, offsetOf(x, kTileArrays, "flags", 0), Tile::kStuck); },
             "field 'device.tile[0].flags[0]': a fault flag but the card has no stuck cells");
  // The good bytes load.
  CheckpointReader r(good.data(), good.size(), "x.ckpt");
  u.load(r);
  EXPECT_EQ(u.level(0), 3u);
  EXPECT_EQ(u.cell(0, 0).state, 1);
  EXPECT_EQ(u.cell(0, 0).writes, 1u);
}

TEST(CheckpointTile, WriteCountsLoadToThirtyTwoBitsAndSaturate) {
  // Write counts are bit-sliced planes added as counts grow (Device.h): a
  // checkpoint's 32-bit counts load into 32 planes, and a count at 2^32 - 1
  // stays there when pulsed again instead of wrapping to 0.
  // 17 rows (one vector and a tail); level 3: both cells of weight 0 set.
  ProgramSpec s = twoBitWords(16, 32, 1);
  s.rounding = fb::Rounding::Nearest;
  s.device.endurance_cycles = 0;
  Program p = Program::fromBytes(testkit::buildProgram(s), "t");
  Rng init(1, 1), rng(1, 2);
  Device d(p, init);
  CheckpointWriter w;
  d.save(w);
  std::vector<uint8_t> b = w.bytes();
  poke<uint32_t>(b, offsetOf(b, kTileArrays, "writes", 0), 0xffffffffu);
  poke<uint32_t>(b, offsetOf(b, kTileArrays, "writes", 1), 0x80000000u);
  Rng init2(1, 1);
  Device u(p, init2);
  CheckpointReader r(b.data(), b.size(), "x.ckpt");
  u.load(r);
  EXPECT_EQ(u.countPlanes(), 32u);
  EXPECT_EQ(u.cell(0, 0).writes, 0xffffffffu);
  EXPECT_EQ(u.cell(0, 1).writes, 0x80000000u);
  EXPECT_EQ(u.cell(0, 2).writes, 0u); // weight 1
  u.write(0, 0, true, rng);           // level 3 -> 0: both cells pulsed
  EXPECT_EQ(u.level(0), 0u);
  EXPECT_EQ(u.cell(0, 0).writes, 0xffffffffu);
  EXPECT_EQ(u.cell(0, 1).writes, 0x80000001u);
  // Through the 16-word path too (with AVX-512): rows [0, 17) of column 0,
  // only weight 0 written.
  std::vector<uint32_t> target(17, Device::kNoWrite);
  target[0] = 3;
  Device::UpdateTotals sum;
  u.updateDigitalRows(0, 0, 17, target.data(), true, sum);
  EXPECT_EQ(sum.set, 2u);
  EXPECT_EQ(u.cell(0, 0).writes, 0xffffffffu);
  EXPECT_EQ(u.cell(0, 1).writes, 0x80000002u);
}

TEST(CheckpointDevice, RefusesRotationsFlagsAndCellStatesOutOfRange) {
  Trained t(wtaSpec());
  const Device &trained = t.sim().device();
  CheckpointWriter w;
  trained.save(w);
  const std::vector<uint8_t> good = w.bytes();
  std::vector<Field> layout = simulatorLayout(trained.numTiles());
  layout.erase(layout.begin(), layout.begin() + 10); // the device's part
  layout.resize(trained.numTiles() * 3 + 3);
  Rng init(1, 1);
  Device d(*t.prog, init);
  const size_t n = size_t(d.rows()) * d.cols();
  const std::vector<float> before(d.weights(), d.weights() + n);
  auto loadD = [&](CheckpointReader &r) { d.load(r); };

  std::vector<uint8_t> b = good;
  poke<uint8_t>(b, offsetOf(b, layout, "device.rotation", 12), 9);
  expectRefused(loadD, b, "field 'device.rotation[12]': 9 >= cells per weight 4");
  EXPECT_EQ(0, std::memcmp(d.weights(), before.data(), n * sizeof(float))); // not loaded
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(d.rotation(i), 0);
  b = good;
  poke<uint8_t>(b, offsetOf(b, layout, "device.pruned", 3), 2);
  expectRefused(loadD, b, "field 'device.pruned[3]': 2 is not a flag (0 or 1)");
  size_t kept = 0;
  while (trained.isPruned(kept)) ++kept;
  b = good;
  poke<uint8_t>(b, offsetOf(b, layout, "device.conventional", kept), 1);
  expectRefused(loadD, b, "field 'device.conventional[" + std::to_string(kept) +
                              "]': set for a weight that is not pruned");
  b = good;
  poke<uint16_t>(b, offsetOf(b, layout, "device.tile[2].state", 100), 2);
  expectRefused(loadD, b, "field 'device.tile[2].state[100]': 2 >= states per cell 2");
  EXPECT_EQ(d.prunedCount(), 0u);

  CheckpointReader r(good.data(), good.size(), "x.ckpt");
  d.load(r);
  EXPECT_TRUE(r.atEnd());
  EXPECT_EQ(0, std::memcmp(d.weights(), trained.weights(), n * sizeof(float)));
  EXPECT_EQ(d.prunedCount(), trained.prunedCount());
}

TEST(CheckpointHomeostasis, RefusesNonFiniteBiasAndInconsistentSpikeTotals) {
  Trained t(wtaSpec());
  CheckpointWriter w;
  t.sim().homeostasis().save(w);
  const std::vector<uint8_t> good = w.bytes();
  const std::vector<Field> layout = {
      {"beta", 4, true}, {"spikes", 8, true}, {"total", 8, false}};
  Homeostasis h(*t.prog);
  auto loadH = [&](CheckpointReader &r) { h.load(r); };
  std::vector<uint8_t> b = good;
  poke(b, offsetOf(b, layout, "beta", 3), std::numeric_limits<float>::quiet_NaN());
  expectRefused(loadH, b, "field 'homeostasis.beta[3]': nan is not a finite number");
  EXPECT_EQ(h.beta()[3], 0.f); // not loaded
  EXPECT_EQ(h.totalSpikes(), 0u);
  b = good;
  const uint64_t total = peek<uint64_t>(b, offsetOf(b, layout, "total"));
  poke<uint64_t>(b, offsetOf(b, layout, "total"), total + 1);
  expectRefused(loadH, b, "field 'homeostasis.total_spikes': " + std::to_string(total + 1) +
                              " != " + std::to_string(total) + ", the sum of homeostasis.spikes");
  // Without AdaptiveBias nothing moves beta.
  Trained lif(lifSpec());
  CheckpointWriter wl;
  lif.sim().homeostasis().save(wl);
  b = wl.bytes();
  poke(b, offsetOf(b, layout, "beta", 0), 0.5f);
  Homeostasis hl(*lif.prog);
  expectRefused([&](CheckpointReader &r) { hl.load(r); }, b,
                "field 'homeostasis.beta[0]': 0.5 but only AdaptiveBias homeostasis moves beta from 0");

  CheckpointReader r(good.data(), good.size(), "x.ckpt");
  h.load(r);
  EXPECT_EQ(h.spikes(), t.sim().homeostasis().spikes());
}

TEST(CheckpointLif, RefusesNonFinitePotentialsAndImpossibleRefractoryEnds) {
  Trained t(lifSpec());
  const int64_t now = 75 * 50;
  CheckpointWriter w;
  t.sim().lif().save(w);
  const std::vector<uint8_t> good = w.bytes();
  const std::vector<Field> layout = {{"v", 4, true}, {"theta", 4, true}, {"until", 8, true}};
  LifNeurons l(*t.prog);
  auto loadL = [&](CheckpointReader &r) { l.load(r, now); };
  std::vector<uint8_t> b = good;
  poke(b, offsetOf(b, layout, "v", 2), std::numeric_limits<float>::quiet_NaN());
  expectRefused(loadL, b, "field 'lif.v[2]': nan is not a finite number");
  b = good;
  poke(b, offsetOf(b, layout, "theta", 0), std::numeric_limits<float>::infinity());
  expectRefused(loadL, b, "field 'lif.theta[0]': inf is not a finite number");
  EXPECT_EQ(l.theta()[0], 0.f); // not loaded
  b = good;
  poke<int64_t>(b, offsetOf(b, layout, "until", 1), now + 1000);
  expectRefused(loadL, b, "field 'lif.refractory_until[1]': " + std::to_string(now + 1000) +
                              " is outside [6, " + std::to_string(now + 5) + "]");
  b = good;
  poke<int64_t>(b, offsetOf(b, layout, "until", 1), -7);
  expectRefused(loadL, b, "field 'lif.refractory_until[1]': -7 is outside");

  CheckpointReader r(good.data(), good.size(), "x.ckpt");
  l.load(r, now);
  EXPECT_EQ(l.theta(), t.sim().lif().theta());
}

TEST(CheckpointPruning, RefusesStateTheControllerCannotHaveReached) {
  Trained t(wtaSpec()); // 75 images seen, controller steps at 20, 40, 60
  const std::vector<uint8_t> good = saved(t.sim());
  std::vector<uint8_t> b = good;
  poke<int64_t>(b, t.at(b, "pruning.eligible_since", 0), 80);
  expectSimulatorRefuses(t, b, "field 'pruning.eligible_since[0]': 80 is neither -1 nor a controller step");
  b = good;
  poke<int64_t>(b, t.at(b, "pruning.eligible_since", 0), 30);
  expectSimulatorRefuses(t, b, "field 'pruning.eligible_since[0]': 30 is neither");
  b = good;
  poke<uint64_t>(b, t.at(b, "pruning.history", 1) + offsetof(PruneSample, images), 41);
  expectSimulatorRefuses(t, b, "field 'pruning.history[1].images': 41 != 40");
  b = good;
  poke(b, t.at(b, "pruning.history", 2) + offsetof(PruneSample, fraction),
       std::numeric_limits<double>::quiet_NaN());
  expectSimulatorRefuses(t, b, "field 'pruning.history[2].fraction': nan is outside");
  b = good;
  poke<uint64_t>(b, t.at(b, "pruning.last_totals", 0), uint64_t(1) << 40);
  expectSimulatorRefuses(t, b, "field 'pruning.last_totals[0]': 1099511627776 but the neuron has");
  b = good;
  poke<int64_t>(b, t.at(b, "pruning.previous_counts", 0), -2);
  expectSimulatorRefuses(t, b, "field 'pruning.previous_counts[0]': -2 is neither -1");
  // The device's flags must be ones the controller set.
  const size_t bias = 200 * 20 + 3;
  b = good;
  poke<uint8_t>(b, t.at(b, "device.pruned", bias), 1);
  expectSimulatorRefuses(t, b, "field 'device.pruned[" + std::to_string(bias) +
                                   "]': the bias row is never pruned");
  size_t kept = 0;
  while (t.sim().device().isPruned(kept)) ++kept;
  b = good;
  poke<uint8_t>(b, t.at(b, "device.pruned", kept), 1);
  expectSimulatorRefuses(t, b, "but the last controller step recorded 0.25");
  b = good;
  size_t pr = 0;
  while (!t.sim().device().isPruned(pr)) ++pr;
  poke<uint8_t>(b, t.at(b, "device.conventional", pr), 1);
  expectSimulatorRefuses(t, b, "field 'device.conventional[" + std::to_string(pr) +
                                   "]': set for a pruned weight but the pruning mode is Soft");
}

TEST(CheckpointLedger, RefusesCountsThatCannotHaveBeenCounted) {
  Trained t(wtaSpec());
  CheckpointWriter w;
  t.sim().ledger().save(w);
  const std::vector<uint8_t> good = w.bytes();
  const size_t train = 0, test = 2 * sizeof(EventCounts);
  EnergyLedger l(*t.prog);
  auto loadL = [&](CheckpointReader &r) { l.load(r); };
  const uint64_t steps = t.sim().ledger().at(Phase::Train).steps;
  std::vector<uint8_t> b = good;
  poke<uint64_t>(b, train + offsetof(EventCounts, overrunSteps), steps + 1);
  expectRefused(loadL, b, "field 'ledger.train.overrun_steps': " + std::to_string(steps + 1) +
                              " > steps " + std::to_string(steps));
  EXPECT_EQ(l.at(Phase::Train).steps, 0u); // not loaded
  b = good;
  poke<uint64_t>(b, test + offsetof(EventCounts, setPulses), 1);
  expectRefused(loadL, b, "field 'ledger.test.set_pulses': 1 but weights are frozen in this phase");
  b = good;
  poke<uint64_t>(b, train + offsetof(EventCounts, cycles), 1000); // > controller cycles
  expectRefused(loadL, b, "field 'ledger.train.cycles': 1000 < 3750 steps of 100000 cycles");
  // Against the simulator: every step and every training spike was counted.
  const std::vector<uint8_t> all = saved(t.sim());
  b = all;
  const size_t tr = t.at(b, "ledger.train");
  poke<uint64_t>(b, tr + offsetof(EventCounts, steps), steps + 50);
  poke<uint64_t>(b, tr + offsetof(EventCounts, cycles), uint64_t(1) << 50);
  expectSimulatorRefuses(t, b, "field 'ledger.steps': 3800 steps in all phases but simulator.step is 3750");
  b = all;
  const uint64_t spikes = t.sim().ledger().at(Phase::Train).outputSpikes;
  poke<uint64_t>(b, tr + offsetof(EventCounts, outputSpikes), spikes + 1);
  expectSimulatorRefuses(t, b, "field 'ledger.train.output_spikes': " + std::to_string(spikes + 1) +
                                   " != homeostasis.total_spikes " + std::to_string(spikes));
}

TEST(CheckpointRng, RefusesTheAllZeroState) {
  Rng g(5, 2);
  const Rng copy = g;
  CheckpointWriter w;
  for (int i = 0; i < 4; ++i) w.pod(uint64_t(0));
  expectRefused([&](CheckpointReader &r) { g.load(r, "rng.run"); }, w.bytes(),
                "field 'rng.run': all-zero generator state");
  Rng c = copy;
  EXPECT_EQ(g.next(), c.next()); // not loaded
  Trained t(wtaSpec());
  std::vector<uint8_t> b = saved(t.sim());
  std::memset(b.data() + t.at(b, "rng.counterfactual"), 0, 32);
  expectSimulatorRefuses(t, b, "field 'rng.counterfactual': all-zero generator state");
}

TEST(CheckpointSimulator, RefusesAStepBetweenReadoutImages) {
  ProgramSpec s = wtaSpec();
  s.readout_presentation_ms = 30; // training 50 steps per image
  Trained t(s);                   // 75 training images: step 3750
  std::vector<uint8_t> b = saved(t.sim());
  // 50 steps after training: a whole training image, not whole readout ones.
  poke<int64_t>(b, t.at(b, "simulator.step"), 3800);
  expectSimulatorRefuses(t, b, "field 'simulator.step': 3800 is not 75 training images of 50 steps "
                               "and whole readout images of 30 steps");
}

TEST(CheckpointSimulator, RefusesStepCountersAndInputWindowsItCannotHaveRun) {
  Trained t(wtaSpec()); // 75 images of 50 steps, window 10 steps
  const std::vector<uint8_t> good = saved(t.sim());
  std::vector<uint8_t> b = good;
  poke<int64_t>(b, t.at(b, "simulator.step"), -50);
  expectSimulatorRefuses(t, b, "field 'simulator.step': -50 is not a multiple of 50 steps per image");
  b = good;
  poke<int64_t>(b, t.at(b, "simulator.step"), int64_t(1) << 62);
  expectSimulatorRefuses(t, b, "field 'simulator.step': 4611686018427387904 is not");
  b = good;
  poke<int64_t>(b, t.at(b, "simulator.step"), 3751);
  expectSimulatorRefuses(t, b, "field 'simulator.step': 3751 is not");
  b = good;
  poke<uint64_t>(b, t.at(b, "simulator.train_images_seen"), 76);
  expectSimulatorRefuses(t, b, "field 'simulator.train_images_seen': 76 > 75 images presented");
  b = good;
  poke<uint8_t>(b, t.at(b, "simulator.fresh"), 1);
  expectSimulatorRefuses(t, b, "field 'simulator.fresh': 1 but 3750 steps have run");
  b = good;
  poke(b, t.at(b, "simulator.potentials", 3), std::numeric_limits<float>::quiet_NaN());
  expectSimulatorRefuses(t, b, "field 'simulator.potentials[3]': nan is not a finite number");
  b = good;
  poke<int64_t>(b, t.at(b, "simulator.last_spike", 7), 3750);
  expectSimulatorRefuses(t, b, "field 'simulator.last_spike[7]': 3750 is not a step before 3750");
  // An input whose window is closed cannot be open.
  size_t closed = 0;
  while (peek<uint8_t>(good, t.at(good, "simulator.window_open", closed))) ++closed;
  b = good;
  poke<uint8_t>(b, t.at(b, "simulator.window_open", closed), 1);
  expectSimulatorRefuses(t, b, "field 'simulator.window_open[" + std::to_string(closed) +
                                   "]': 1 but the last spike was at");
  b = good;
  poke<uint32_t>(b, t.at(b, "simulator.closing", 5), 200);
  expectSimulatorRefuses(t, b, "field 'simulator.closing[5]': 200 >= inputs 200");
  b = good;
  poke<uint32_t>(b, t.at(b, "simulator.closing_count", 1), 201);
  expectSimulatorRefuses(t, b, "field 'simulator.closing_count[1]': 201 > inputs 200");
  const size_t next = (3750 + 10) % 11; // the ring step 3750 appends to
  b = good;
  poke<uint32_t>(b, t.at(b, "simulator.closing_count", next), 1);
  expectSimulatorRefuses(t, b, "field 'simulator.closing_count[" + std::to_string(next) +
                                   "]': 1 but step 3750 appends to this ring");
  b = good;
  poke<uint64_t>(b, t.at(b, "simulator.potentials") - 8, 19);
  expectSimulatorRefuses(t, b, "field 'simulator.potentials': has 19 entries where the program needs 20");
}

TEST(CheckpointFile, CraftedFileWithValidCrcIsRefusedNamingTheField) {
  auto p = load(wtaSpec());
  std::string dir = testutil::freshDir("crafted");
  RunConfig c;
  c.dataDir = synthDir();
  c.quiet = true;
  c.checkpointPath = dir + "/run.ckpt";
  c.checkpointEvery = 30;
  c.stopAfter = 75;
  Trainer(*p, c).run();
  const std::vector<uint8_t> payload = readCheckpointFile(c.checkpointPath, p->hash(), defaultMemoryBudget(), "the budget");
  const size_t run = 8 + 4 + 4 + 8; // position, train images, epochs, seed
  const std::vector<uint8_t> simulator(payload.begin() + run, payload.end());
  const std::vector<Field> layout = simulatorLayout(4);
  auto resume = [&](const std::vector<uint8_t> &bytes, const std::string &msg) {
    SCOPED_TRACE(msg);
    const std::string path = dir + "/crafted.ckpt";
    writeCheckpointFile(path, p->hash(), bytes);
    RunConfig r;
    r.dataDir = synthDir();
    r.quiet = true;
    r.resumePath = path;
    try {
      Trainer(*p, r).run();
      ADD_FAILURE() << "resumed";
    } catch (const Error &e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadCheckpoint);
      EXPECT_NE(std::string(e.what()).find(path + ": field '" + msg), std::string::npos) << e.what();
    }
  };
  std::vector<uint8_t> b = payload;
  poke<uint8_t>(b, run + offsetOf(simulator, layout, "device.rotation", 12), 9);
  resume(b, "device.rotation[12]': 9 >= cells per weight 4");
  b = payload;
  poke<uint64_t>(b, 0, 30);
  resume(b, "simulator.train_images_seen': 60 != run.position 30");
  b = payload;
  poke<uint64_t>(b, 0, 1000);
  resume(b, "run.position': 1000 > 200 training images of the run");
}

TEST(CheckpointFile, RandomCorruptionWithValidCrcNeverCrashes) {
  // Whatever a load accepts, the simulator must be able to run on.
  for (const ProgramSpec &spec : {wtaSpec(), lifSpec()}) {
    SCOPED_TRACE(fb::EnumNameNeuronModel(spec.model));
    Trained t(spec);
    const std::vector<uint8_t> good = saved(t.sim());
    const std::vector<Field> layout = t.layout();
    const uint8_t *image = t.trainer->trainSet().image(0);
    Rng g(7, 0);
    uint32_t refused = 0, accepted = 0;
    for (int it = 0; it < 300; ++it) {
      std::vector<uint8_t> b = good;
      const Field &f = layout[g.next() % layout.size()];
      uint64_t n = 1;
      size_t at = offsetOf(b, layout, f.name, 0, &n);
      if (f.vec && (n == 0 || g.next() % 8 == 0)) {
        at -= 8; // the entry count
        b[at + g.next() % 8] ^= uint8_t(1 + g.next() % 255);
      } else {
        at += (f.vec ? (g.next() % n) * f.bytes : 0) + g.next() % f.bytes;
        b[at] ^= uint8_t(1 + g.next() % 255);
      }
      auto sim = t.fresh();
      CheckpointReader r(b.data(), b.size(), "x.ckpt");
      try {
        sim->load(r);
      } catch (const Error &e) {
        ASSERT_EQ(e.kind(), ErrorKind::BadCheckpoint) << e.what();
        ASSERT_NE(std::string(e.what()).find("x.ckpt: field '"), std::string::npos) << e.what();
        ++refused;
        continue;
      }
      ++accepted;
      sim->setTrainingProgress(75, 200);
      sim->present(image, Phase::Train, nullptr);
      sim->afterTrainImage();
      sim->present(image, Phase::Test, nullptr);
      saved(*sim);
    }
    EXPECT_GT(refused, 100u) << accepted;
    EXPECT_GT(accepted, 10u) << refused;
  }
}
