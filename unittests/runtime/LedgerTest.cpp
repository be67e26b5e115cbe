// Exact cycle and energy counts on hand-computed programs. The derivations
// are in the comments; docs/hardware-model.md states the rules.
#include "snnrt/EnergyLedger.h"
#include "snnrt/Simulator.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

using namespace snnrt;
using testkit::ProgramSpec;

namespace {

// A 2-pixel image, 1 WTA neuron, 1 tile of 4 x 8 cells, 2-bit weights.
// Clock 1 MHz (1 cycle = 1 us); dt = 0.01 ms = 10 cycles; 3 steps per image;
// input window and STDP window 2 steps. Pixel 0 = 255 fires every step
// (100 kHz x 10 us = 1); the layer fires every step (R*dt = 1). Weights and
// bias start at level 2 (1/3); LTP/LTD move exactly one level; nearest rounding.
ProgramSpec handSpec() {
  ProgramSpec s;
  s.image_width = 2;
  s.image_height = 1;
  s.crop_mask = {0, 1};
  s.neurons = 1;
  s.cells_per_weight = 2;
  s.levels = 4;
  s.rounding = fb::Rounding::Nearest;
  s.init = fb::InitKind::Constant;
  s.init_low = 1.0f / 3;
  s.bias_init_low = 1.0f / 3;
  s.ltp = fb::LtpForm::Constant;
  s.ltd = fb::LtdForm::Constant;
  s.eta_ltp = s.eta_ltd = 2.0f / 3;
  s.max_rate_hz = 100000;
  s.total_rate_hz = 100000;
  s.dt_ms = 0.01f;
  s.presentation_ms = 0.03f;
  s.input_window_ms = 0.02f;
  s.window_ms = 0.02f;
  auto &d = s.device;
  d.read_latency_ns = 2000; d.set_pulse_ns = 3000; d.reset_pulse_ns = 4000; d.verify = true;
  d.read_energy_pj = 0.5f; d.set_energy_pj = 2; d.reset_energy_pj = 3; d.verify_energy_pj = 0.25f;
  d.leakage_pw_per_cell = 1000; d.endurance_cycles = 0; d.stuck_at_set_rate = d.stuck_at_reset_rate = 0;
  auto &c = s.chip;
  c.clock_mhz = 1; c.num_tiles = 1; c.tile_rows = 4; c.tile_cols = 8;
  c.write_drivers_per_tile = 1; c.neuron_units = 1; c.neuron_update_cycles = 1;
  c.spike_route_cycles = 1; c.control_cycles = 1;
  c.neuron_update_energy_pj = 7; c.spike_route_energy_pj = 11; c.control_energy_pj = 13; c.rng_energy_pj = 0.125f;
  return s;
}

} // namespace

TEST(Ledger, CycleCostsFromCardAndClock) {
  Program p = Program::fromBytes(testkit::buildProgram(handSpec()), "t");
  EnergyLedger l(p);
  EXPECT_EQ(l.costs().read, 2u);
  EXPECT_EQ(l.costs().set, 3u);
  EXPECT_EQ(l.costs().reset, 4u);
  EXPECT_EQ(l.costs().verify, 2u);
  EXPECT_EQ(l.costs().step, 10u);
  Clock c(100);
  EXPECT_EQ(c.cyclesForNs(10), 1u);   // exactly one cycle, no float round-up
  EXPECT_EQ(c.cyclesForNs(10.5), 2u); // partial cycles count whole
  EXPECT_EQ(c.cyclesForMs(1), 100000u);
}

TEST(Ledger, EnergyIsCountsTimesCardValues) {
  Program p = Program::fromBytes(testkit::buildProgram(handSpec()), "t");
  EnergyLedger l(p);
  EventCounts &e = l.at(Phase::Test);
  e.cellsRead = 10; e.setPulses = 2; e.resetPulses = 1; e.verifyReads = 3;
  e.neuronUpdates = 4; e.spikeRoutes = 5; e.controlSteps = 6; e.rngDraws = 8;
  e.cycles = 1000000; // 1 s at 1 MHz
  EnergyBreakdown b = l.energy(Phase::Test);
  EXPECT_DOUBLE_EQ(b.arrayRead, 5);
  EXPECT_DOUBLE_EQ(b.set, 4);
  EXPECT_DOUBLE_EQ(b.reset, 3);
  EXPECT_DOUBLE_EQ(b.verify, 0.75);
  EXPECT_DOUBLE_EQ(b.neuron, 28);
  EXPECT_DOUBLE_EQ(b.routing, 55);
  EXPECT_DOUBLE_EQ(b.control, 78);
  EXPECT_DOUBLE_EQ(b.rng, 1);
  EXPECT_DOUBLE_EQ(b.leakage, 32 * 1000.0); // 32 cells x 1000 pW x 1 s
  EXPECT_EQ(l.energy(Phase::Train).total(), 0);
  EXPECT_DOUBLE_EQ(l.energyTotal().total(), b.total());
}

TEST(Ledger, ExactCountsForOneTrainingImage) {
  Program p = Program::fromBytes(testkit::buildProgram(handSpec()), "t");
  Simulator sim(p, {0, 1}, 1);
  const uint8_t img[2] = {255, 0};
  uint32_t counts[1] = {0};
  EXPECT_EQ(sim.present(img, Phase::Train, counts), 3u);
  EXPECT_EQ(counts[0], 3u);
  const EventCounts &e = sim.ledger().at(Phase::Train);
  // Image start: bias row read (2 cells, 2 cycles).
  // t=0: input 0 spikes: route 1 + opens its window: row read 2 -> tile busy 3.
  //      neuron 1. STDP: column read 6 cells; writes 2->3 (1 set), input 1
  //      LTD 2->1 (1 set, 1 reset), bias 2->3 (1 set) => 3 set slots x (3+2)
  //      + 1 reset slot x (4+2) + route 1 + read 2 = 24.
  //      work = control 1 + 3 + 1 + 24 = 29 > 10 (overrun).
  // t=1: route 1 (window already open); neuron 1; STDP: input 1 1->0 (1 reset):
  //      1 + 2 + 6 = 9. work = 1 + 1 + 1 + 9 = 12 (overrun).
  // t=2: route 1; neuron 1; STDP: nothing changes: 1 + 2 = 3; work 6 -> dt 10.
  EXPECT_EQ(e.cycles, 2u + 29 + 12 + 10);
  EXPECT_EQ(e.steps, 3u);
  EXPECT_EQ(e.overrunSteps, 2u);
  EXPECT_EQ(e.rowReads, 2u);
  EXPECT_EQ(e.columnReads, 3u);
  EXPECT_EQ(e.cellsRead, 2u + 2 + 3 * 6);
  EXPECT_EQ(e.setPulses, 3u);
  EXPECT_EQ(e.resetPulses, 2u);
  EXPECT_EQ(e.verifyReads, 5u);
  EXPECT_EQ(e.neuronUpdates, 3u);
  EXPECT_EQ(e.spikeRoutes, 3u + 3); // 3 input spikes + 3 post spikes to the tile
  EXPECT_EQ(e.controlSteps, 3u);
  EXPECT_EQ(e.rngDraws, 3u + 3 + 3); // encoder + fire decision + winner
  EXPECT_EQ(e.inputSpikes, 3u);
  EXPECT_EQ(e.outputSpikes, 3u);
  EXPECT_EQ(e.stdpUpdates, 9u);
  // Avoided by scheduling (vs. full 2-bit word rewrites): t0 2 sets;
  // t1 4 sets + 1 reset; t2 4 sets + 2 resets.
  EXPECT_EQ(e.avoidedSchedSet, 10u);
  EXPECT_EQ(e.avoidedSchedReset, 3u);

  EnergyBreakdown b = sim.ledger().energy(Phase::Train);
  EXPECT_DOUBLE_EQ(b.arrayRead, 22 * 0.5);
  EXPECT_DOUBLE_EQ(b.set, 3 * 2.0);
  EXPECT_DOUBLE_EQ(b.reset, 2 * 3.0);
  EXPECT_DOUBLE_EQ(b.verify, 5 * 0.25);
  EXPECT_DOUBLE_EQ(b.neuron, 3 * 7.0);
  EXPECT_DOUBLE_EQ(b.routing, 6 * 11.0);
  EXPECT_DOUBLE_EQ(b.control, 3 * 13.0);
  EXPECT_DOUBLE_EQ(b.rng, 9 * 0.125);
  EXPECT_NEAR(b.leakage, 32 * 1000.0 * 53e-6, 1e-9); // 53 us
  EXPECT_NEAR(b.total(), 153.071, 1e-9);
  EXPECT_DOUBLE_EQ(sim.ledger().savedBySchedulingPj(e), 10 * 2.25 + 3 * 3.25);

  // Wear: input 1's bit 0 was set then reset; its bit 1 reset once.
  const Tile &t = sim.device().tile(0);
  EXPECT_EQ(t.writes(t.cellIndex(1, 0)), 2u);
  EXPECT_EQ(t.writes(t.cellIndex(1, 1)), 1u);
  EXPECT_EQ(t.writes(t.cellIndex(0, 0)), 1u);
  EXPECT_EQ(t.writes(t.cellIndex(0, 1)), 0u);
}

TEST(Ledger, InferenceHasNoWritesAndClosesWindows) {
  ProgramSpec s = handSpec();
  s.presentation_ms = 0.05f; // 5 steps
  Program p = Program::fromBytes(testkit::buildProgram(s), "t");
  Simulator sim(p, {0, 1}, 1);
  const uint8_t img[2] = {255, 0};
  sim.present(img, Phase::Test, nullptr);
  const EventCounts &e = sim.ledger().at(Phase::Test);
  EXPECT_EQ(e.setPulses + e.resetPulses + e.columnReads, 0u);
  EXPECT_EQ(sim.ledger().at(Phase::Train).cycles, 0u);
  // Input 0 spikes every step: its window opens once and never closes.
  EXPECT_EQ(e.rowReads, 2u); // bias + one open
  // work per step = control 1 + route 1 (+2 read at t=0) + neuron 1 <= 10.
  EXPECT_EQ(e.cycles, 2u + 5 * 10);
  EXPECT_EQ(e.overrunSteps, 0u);
}

TEST(Ledger, TilesWorkInParallelAndConflictsSerialize) {
  // Both inputs spike every step; a row read takes 9 cycles. With the two
  // input rows on different tiles the reads overlap (the busiest tile sets
  // the step's array work); on one tile they serialize.
  auto cycles = [](bool split) {
    ProgramSpec s = handSpec();
    s.total_rate_hz = 0; // no output spikes: isolate the array work
    s.device.read_latency_ns = 9000;
    s.chip.num_tiles = 2;
    if (split) s.placement = {{0, 0, 0, 0, 1, 0, 1}, {1, 0, 0, 1, 2, 0, 1}};
    Program p = Program::fromBytes(testkit::buildProgram(s), "t");
    Simulator sim(p, {0, 1}, 1);
    const uint8_t img[2] = {255, 255};
    sim.present(img, Phase::Test, nullptr);
    const EventCounts &e = sim.ledger().at(Phase::Test);
    EXPECT_EQ(e.rowReads, 3u);
    EXPECT_EQ(e.spikeRoutes, 6u);
    return e.cycles;
  };
  // bias read 9; t=0: 1 + max/sum of (1 + 9) per input; t=1,2: within dt.
  EXPECT_EQ(cycles(true), 9u + 11 + 10 + 10);
  EXPECT_EQ(cycles(false), 9u + 21 + 10 + 10);
}

TEST(Simulator, InputWindowCoversTheLastWSteps) {
  // One step per image, state kept across images, window 3 steps: an input
  // that spiked at step 0 is active at steps 0, 1, 2 and inactive from step 3.
  ProgramSpec s = handSpec();
  s.presentation_ms = 0.01f;
  s.input_window_ms = 0.03f;
  s.reset_between_images = false;
  s.total_rate_hz = 0;
  Program p = Program::fromBytes(testkit::buildProgram(s), "t");
  Simulator sim(p, {0, 1}, 1);
  const float bias = sim.device().weight(2, 0), w0 = sim.device().weight(0, 0);
  const uint8_t on[2] = {255, 0}, off[2] = {0, 0};
  sim.present(on, Phase::Test, nullptr); // t = 0: spike, window opens
  EXPECT_FLOAT_EQ(sim.potentials()[0], bias + w0);
  sim.present(off, Phase::Test, nullptr); // t = 1
  EXPECT_FLOAT_EQ(sim.potentials()[0], bias + w0);
  sim.present(off, Phase::Test, nullptr); // t = 2
  EXPECT_FLOAT_EQ(sim.potentials()[0], bias + w0);
  sim.present(off, Phase::Test, nullptr); // t = 3: closes
  EXPECT_FLOAT_EQ(sim.potentials()[0], bias);
  EXPECT_EQ(sim.ledger().at(Phase::Test).rowReads, 3u); // bias, open, close
  // A fresh spike reopens it; with reset_between_images the state is cleared.
  sim.present(on, Phase::Test, nullptr);
  EXPECT_FLOAT_EQ(sim.potentials()[0], bias + w0);
}
