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
// bias start at level 2 (1/3: bits 10, cell 0 reset, cell 1 set); LTP/LTD
// move exactly one level; nearest rounding.
// Cells: g = 1 uS reset, 3 uS set (1000 / 3000 nS); read at 0.5 V for 2 us,
// so a sensed cell costs 0.25 V^2 x 2000 ns x 1e-6 = 5e-4 pJ per nS: 0.5 pJ
// reset, 1.5 pJ set. A weight reads 2000 nS (level 0), 4000 (levels 1, 2)
// or 6000 (level 3).
// Periphery: 0.25 pJ per sensed column (sense amplifier), 4 pJ per line,
// 0.125 pJ per add, 0.5 pJ write driver per pulse.
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
  d.g_min_us = 1; d.g_max_us = 3; d.read_voltage_v = 0.5f;
  d.set_energy_pj = 2; d.reset_energy_pj = 3; d.verify_energy_pj = 0.25f;
  d.leakage_pw_per_cell = 1000; d.endurance_cycles = 0; d.stuck_at_set_rate = d.stuck_at_reset_rate = 0;
  d.assumed_fields = "";
  s.conductance_us = {1.0f, 3.0f};
  auto &c = s.chip;
  c.clock_mhz = 1; c.num_tiles = 1; c.tile_rows = 4; c.tile_cols = 8;
  c.write_drivers_per_tile = 1; c.neuron_units = 1; c.neuron_update_cycles = 1;
  c.spike_route_cycles = 1; c.control_cycles = 1;
  c.neuron_update_energy_pj = 7; c.spike_route_energy_pj = 11; c.control_energy_pj = 13; c.rng_energy_pj = 0.125f;
  c.adc_bits = 1; c.sense_amp_energy_pj = 0.25f; c.adc_fom_fj = 31.25f;
  c.row_driver_energy_pj = 4; c.adder_energy_pj = 0.125f; c.write_driver_energy_pj = 0.5f;
  c.assumed_fields = "";
  return s;
}

} // namespace

TEST(Ledger, CycleCostsFromCardAndClock) {
  Program p = Program::fromBytes(testkit::buildProgram(handSpec()), "t");
  EnergyLedger l(p);
  EXPECT_EQ(l.costs().read, 2u);
  EXPECT_EQ(l.costs().conversion, 0u); // sense amplifiers: within the read
  EXPECT_EQ(l.costs().set, 3u);
  EXPECT_EQ(l.costs().reset, 4u);
  EXPECT_EQ(l.costs().verify, 2u);
  EXPECT_EQ(l.costs().step, 10u);
  Clock c(100);
  EXPECT_EQ(c.cyclesForNs(10), 1u);   // exactly one cycle, no float round-up
  EXPECT_EQ(c.cyclesForNs(10.5), 2u); // partial cycles count whole
  EXPECT_EQ(c.cyclesForMs(1), 100000u);
  // A 5-bit SAR ADC resolves one bit per cycle after the read: 2 + 5.
  ProgramSpec s = handSpec();
  s.chip.adc_bits = 5;
  Program q = Program::fromBytes(testkit::buildProgram(s), "t");
  EXPECT_EQ(EnergyLedger(q).costs().conversion, 5u);
  EXPECT_EQ(EnergyLedger(q).costs().read, 7u);
  EXPECT_EQ(EnergyLedger(q).costs().verify, 7u);
}

TEST(Ledger, EnergyIsCountsTimesCardValues) {
  Program p = Program::fromBytes(testkit::buildProgram(handSpec()), "t");
  EnergyLedger l(p);
  EventCounts &e = l.at(Phase::Test);
  e.cellsRead = 10; e.readConductanceNs = 24000; e.lineActivations = 3; e.accumulateAdds = 4;
  e.setPulses = 2; e.resetPulses = 1; e.verifyReads = 3;
  e.neuronUpdates = 4; e.spikeRoutes = 5; e.controlSteps = 6; e.rngDraws = 8;
  e.cycles = 1000000; // 1 s at 1 MHz
  EnergyBreakdown b = l.energy(Phase::Test);
  EXPECT_DOUBLE_EQ(b.arrayRead, 24000 * 0.25 * 2000 * 1e-6); // V^2 t G = 12 pJ
  EXPECT_DOUBLE_EQ(b.sensing, 10 * 0.25);
  EXPECT_DOUBLE_EQ(b.rowDrive, 3 * 4.0);
  EXPECT_DOUBLE_EQ(b.shiftAdd, 0); // 1-bit sense amplifier outputs: no shift-add
  EXPECT_DOUBLE_EQ(b.accumulate, 4 * 0.125);
  EXPECT_DOUBLE_EQ(b.set, 4);
  EXPECT_DOUBLE_EQ(b.reset, 3);
  EXPECT_DOUBLE_EQ(b.verify, 0.75);
  EXPECT_DOUBLE_EQ(b.writeDrive, 3 * 0.5);
  EXPECT_DOUBLE_EQ(b.neuron, 28);
  EXPECT_DOUBLE_EQ(b.routing, 55);
  EXPECT_DOUBLE_EQ(b.control, 78);
  EXPECT_DOUBLE_EQ(b.rng, 1);
  EXPECT_DOUBLE_EQ(b.leakage, 32 * 1000.0); // 32 cells x 1000 pW x 1 s
  EXPECT_EQ(l.energy(Phase::Train).total(), 0);
  EXPECT_DOUBLE_EQ(l.energyTotal().total(), b.total());
  EXPECT_DOUBLE_EQ(l.assumedPj(b), 0); // nothing listed as assumed

  // A 2-bit ADC: FoM 31.25 fJ x 2^2 = 0.125 pJ per conversion, and the two
  // bit columns of each of the 5 weights read merge in 1 shift-add.
  ProgramSpec s = handSpec();
  s.chip.adc_bits = 2;
  Program q = Program::fromBytes(testkit::buildProgram(s), "t");
  EnergyLedger m(q);
  m.at(Phase::Test) = e;
  EnergyBreakdown a = m.energy(Phase::Test);
  EXPECT_DOUBLE_EQ(a.sensing, 10 * 0.125);
  EXPECT_DOUBLE_EQ(a.shiftAdd, 5 * 1 * 0.125);
  EXPECT_DOUBLE_EQ(a.arrayRead, b.arrayRead);
}

TEST(Ledger, SramReadsAFlatEnergyPerBitWithoutTheArrayPeriphery) {
  // A card without conductances (SRAM) is a digital macro: its per-bit
  // energies include its periphery, so sensing, line and write drivers are
  // not charged again; the neuron-side adds are.
  ProgramSpec s = handSpec();
  s.device = testkit::deviceCard("sram");
  s.device.leakage_pw_per_cell = 0;
  s.device.read_energy_pj = 0.125; // binary fractions: exact as schema floats
  s.device.set_energy_pj = 0.25;
  s.conductance_us = {0.0f, 0.0f};
  Program p = Program::fromBytes(testkit::buildProgram(s), "t");
  EnergyLedger l(p);
  EventCounts &e = l.at(Phase::Test);
  e.cellsRead = 10; e.lineActivations = 3; e.accumulateAdds = 4; e.setPulses = 2;
  EnergyBreakdown b = l.energy(Phase::Test);
  EXPECT_DOUBLE_EQ(b.arrayRead, 10 * 0.125);
  EXPECT_DOUBLE_EQ(b.sensing + b.rowDrive + b.writeDrive + b.shiftAdd, 0);
  EXPECT_DOUBLE_EQ(b.accumulate, 4 * 0.125);
  EXPECT_DOUBLE_EQ(b.set, 2 * 0.25);
}

TEST(Ledger, AssumedShareFollowsTheCardsLists) {
  ProgramSpec s = handSpec();
  s.device.assumed_fields = "read_voltage_v, endurance_cycles";
  s.chip.assumed_fields = "neuron_update_energy_pj";
  Program p = Program::fromBytes(testkit::buildProgram(s), "t");
  EnergyLedger l(p);
  EventCounts &e = l.at(Phase::Test);
  e.cellsRead = 10; e.readConductanceNs = 24000; e.neuronUpdates = 4; e.spikeRoutes = 5;
  EnergyBreakdown b = l.energy(Phase::Test);
  // array_read (12 pJ, from the read voltage) and neuron (28 pJ) rest on
  // assumptions; sensing (2.5 pJ) and routing (55 pJ) do not.
  EXPECT_DOUBLE_EQ(l.assumedPj(b), 12 + 28);
  EXPECT_DOUBLE_EQ(b.total(), 12 + 2.5 + 28 + 55);
  EXPECT_TRUE(l.assumed()[0]);
  EXPECT_FALSE(l.assumed()[1]);
}

namespace {
// The scenario of ExactCountsForOneTrainingImage (derivation there), with
// the chip's column sensing at `adcBits`.
EnergyLedger oneTrainingImage(uint32_t adcBits) {
  ProgramSpec s = handSpec();
  s.chip.adc_bits = adcBits;
  Program p = Program::fromBytes(testkit::buildProgram(s), "t");
  Simulator sim(p, {0, 1}, 1);
  const uint8_t img[2] = {255, 0};
  sim.present(img, Phase::Train, nullptr);
  return sim.ledger();
}
} // namespace

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
  // Conductance sensed, each read before that step's writes:
  //   bias row (level 2) 4000 + row 0 (level 2) 4000;
  //   t0 column: inputs 0, 1 and bias at level 2: 3 x 4000 = 12000;
  //   t1 column: input 0 at 3 (6000), input 1 at 1 (4000), bias at 3 (6000);
  //   t2 column: 6000 + input 1 at 0 (2000) + 6000.
  EXPECT_EQ(e.readConductanceNs, 4000u + 4000 + 12000 + 16000 + 14000);
  EXPECT_EQ(e.lineActivations, 2u + 3 * 2); // a word line per row read, 2 bit columns per column read
  EXPECT_EQ(e.accumulateAdds, 2u);          // one weight per row read into u
  EXPECT_EQ(e.closeReads, 0u);              // input 0's window never closes

  EnergyBreakdown b = sim.ledger().energy(Phase::Train);
  EXPECT_DOUBLE_EQ(b.arrayRead, 50000 * 5e-4);
  EXPECT_DOUBLE_EQ(b.sensing, 22 * 0.25);
  EXPECT_DOUBLE_EQ(b.rowDrive, 8 * 4.0);
  EXPECT_DOUBLE_EQ(b.shiftAdd, 0);
  EXPECT_DOUBLE_EQ(b.accumulate, 2 * 0.125);
  EXPECT_DOUBLE_EQ(b.set, 3 * 2.0);
  EXPECT_DOUBLE_EQ(b.reset, 2 * 3.0);
  EXPECT_DOUBLE_EQ(b.verify, 5 * 0.25);
  EXPECT_DOUBLE_EQ(b.writeDrive, 5 * 0.5);
  EXPECT_DOUBLE_EQ(b.neuron, 3 * 7.0);
  EXPECT_DOUBLE_EQ(b.routing, 6 * 11.0);
  EXPECT_DOUBLE_EQ(b.control, 3 * 13.0);
  EXPECT_DOUBLE_EQ(b.rng, 9 * 0.125);
  EXPECT_DOUBLE_EQ(b.stdpUpdate, 9 * 0.125); // one add (w + dw) per update
  EXPECT_NEAR(b.leakage, 32 * 1000.0 * 53e-6, 1e-9); // 53 us
  // 25 + 5.5 + 32 + 0.25 + 1.125 + 6 + 6 + 1.25 + 2.5 + 21 + 66 + 39 + 1.125 + 1.696
  EXPECT_NEAR(b.total(), 208.446, 1e-9);
  // Avoided pulses: the set or reset, its verify and its write driver.
  EXPECT_DOUBLE_EQ(sim.ledger().savedBySchedulingPj(e), 10 * 2.75 + 3 * 3.75);

  // Wear: input 1's bit 0 was set then reset; its bit 1 reset once.
  const Tile &t = sim.device().tile(0);
  EXPECT_EQ(sim.device().cell(0, t.cellIndex(1, 0)).writes, 2u);
  EXPECT_EQ(sim.device().cell(0, t.cellIndex(1, 1)).writes, 1u);
  EXPECT_EQ(sim.device().cell(0, t.cellIndex(0, 0)).writes, 1u);
  EXPECT_EQ(sim.device().cell(0, t.cellIndex(0, 1)).writes, 0u);
}

TEST(Ledger, AdcBitsChangeEnergyAndCycles) {
  // The same image read through 2-bit SAR ADCs: every read (and verify)
  // takes 2 + 2 = 4 cycles.
  //   bias read 4; t0: 1 + 4 = 5 array, STDP 1 + 4 + 3 x (3+4) + 1 x (4+4) =
  //   34, work 1 + 5 + 1 + 34 = 41; t1: STDP 1 + 4 + 8 = 13, work 16;
  //   t2: STDP 1 + 4 = 5, work 8 -> dt 10. 4 + 41 + 16 + 10 = 71.
  const EventCounts sa = oneTrainingImage(1).at(Phase::Train);
  EnergyLedger adc = oneTrainingImage(2);
  const EventCounts &e = adc.at(Phase::Train);
  EXPECT_EQ(sa.cycles, 53u);
  EXPECT_EQ(e.cycles, 71u);
  // Same events otherwise: the sensing resolution changes no state.
  EXPECT_EQ(e.cellsRead, sa.cellsRead);
  EXPECT_EQ(e.readConductanceNs, sa.readConductanceNs);
  EXPECT_EQ(e.setPulses + e.resetPulses, sa.setPulses + sa.resetPulses);
  EnergyBreakdown b = adc.energy(Phase::Train);
  EXPECT_DOUBLE_EQ(b.sensing, 22 * 0.125);       // 31.25 fJ x 2^2 per conversion
  EXPECT_DOUBLE_EQ(b.shiftAdd, 11 * 1 * 0.125);  // 11 two-bit words, 1 shift-add each
  EXPECT_NEAR(b.leakage, 32 * 1000.0 * 71e-6, 1e-9);
  // 25 + 2.75 + 32 + 1.375 + 0.25 + 1.125 + 6 + 6 + 1.25 + 2.5 + 21 + 66 + 39 + 1.125 + 2.272
  EXPECT_NEAR(b.total(), 207.647, 1e-9);
  // 8-bit ADCs: 31.25 fJ x 256 = 8 pJ per conversion, 2 + 8 cycles per read.
  EnergyLedger adc8 = oneTrainingImage(8);
  EXPECT_DOUBLE_EQ(adc8.energy(Phase::Train).sensing, 22 * 8.0);
  EXPECT_EQ(adc8.costs().read, 10u);
  EXPECT_GT(adc8.at(Phase::Train).cycles, e.cycles);
}

TEST(Ledger, ReadEnergyGrowsWithTheStoredOnes) {
  // Every weight and the bias at level L (bits: 0 = 00, 1 = 01, 2 = 10,
  // 3 = 11); a test image reads the bias row and input 0's row once each.
  // A weight with k set cells conducts k x 3000 + (2 - k) x 1000 nS.
  std::vector<double> energy;
  const float values[4] = {-1.0f, -1.0f / 3, 1.0f / 3, 1.0f};
  const uint64_t expectNs[4] = {2 * 2000, 2 * 4000, 2 * 4000, 2 * 6000};
  for (int L = 0; L < 4; ++L) {
    ProgramSpec s = handSpec();
    s.init_low = s.bias_init_low = values[L];
    s.presentation_ms = 0.05f;
    Program p = Program::fromBytes(testkit::buildProgram(s), "t");
    Simulator sim(p, {0, 1}, 1);
    const uint8_t img[2] = {255, 0};
    sim.present(img, Phase::Test, nullptr);
    const EventCounts &e = sim.ledger().at(Phase::Test);
    EXPECT_EQ(e.readConductanceNs, expectNs[L]) << "level " << L;
    energy.push_back(sim.ledger().energy(Phase::Test).arrayRead);
    EXPECT_DOUBLE_EQ(energy.back(), double(expectNs[L]) * 5e-4);
  }
  EXPECT_LT(energy[0], energy[1]); // no 1s < one 1
  EXPECT_EQ(energy[1], energy[2]); // one 1 either way
  EXPECT_LT(energy[2], energy[3]); // < two 1s
}

TEST(Ledger, RowConductanceFollowsEveryWrite) {
  // The row sums the device keeps (and a row read charges) always equal the
  // sum over the row's cells, through writes, conventional pruning and a
  // reload from the cells.
  ProgramSpec s = handSpec();
  s.neurons = 3;
  s.init = fb::InitKind::Uniform;
  s.init_low = -1;
  s.chip.tile_cols = 8;
  Program p = Program::fromBytes(testkit::buildProgram(s), "t");
  Rng init(3, 1), rng(3, 2);
  Device dev(p, init);
  auto check = [&] {
    for (uint32_t r = 0; r < dev.rows(); ++r) {
      uint64_t want = 0;
      for (uint32_t k = 0; k < dev.cols(); ++k)
        if (!dev.isConventional(size_t(r) * dev.cols() + k))
          want += dev.weightConductanceNs(size_t(r) * dev.cols() + k);
      EXPECT_EQ(dev.rowRead(r).conductanceNs, want) << "row " << r;
    }
  };
  check();
  for (uint32_t i = 0; i < 30; ++i) {
    dev.write(i % 9, (i * 7) % 4, i % 2 == 0, rng);
    check();
  }
  dev.markPruned(4, /*conventional=*/true);
  check();
  CheckpointWriter w;
  dev.save(w);
  Device again(p, init);
  CheckpointReader r(w.bytes().data(), w.bytes().size(), "mem");
  again.load(r);
  for (uint32_t row = 0; row < dev.rows(); ++row)
    EXPECT_EQ(dev.rowRead(row).conductanceNs, again.rowRead(row).conductanceNs);
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

TEST(Ledger, ATileSharedByRowGroupsAddsTheirCycles) {
  // Row 1's two weights sit on tiles 0 and 1, row 0's on tile 0 only: rows 0
  // and 1 are different row groups sharing tile 0, so their reads at t = 0
  // serialize there (20 cycles), while tile 1 has 10.
  ProgramSpec s = handSpec();
  s.neurons = 2;
  s.total_rate_hz = 0;
  s.device.read_latency_ns = 9000;
  s.chip.num_tiles = 2;
  s.placement = {{0, 0, 0, 0, 2, 0, 1}, {0, 0, 2, 0, 1, 1, 1}, {1, 0, 0, 1, 1, 1, 1}, {1, 1, 0, 2, 1, 0, 2}};
  Program p = Program::fromBytes(testkit::buildProgram(s), "t");
  Simulator sim(p, {0, 1}, 1);
  EXPECT_EQ(sim.device().numRowGroups(), 3u);
  EXPECT_FALSE(sim.device().groupsPartitionTiles());
  const uint8_t img[2] = {255, 255};
  sim.present(img, Phase::Test, nullptr);
  const EventCounts &e = sim.ledger().at(Phase::Test);
  EXPECT_EQ(e.rowReads, 4u);     // bias on tile 1, row 0 on one tile, row 1 on two
  EXPECT_EQ(e.spikeRoutes, 9u);  // 3 row-tiles per step
  // bias read 9; t=0: 1 + tile 0's (1 + 9) + (1 + 9); t=1,2: within dt.
  EXPECT_EQ(e.cycles, 9u + 21 + 10 + 10);
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

// The row adds work on blocks of potentials in vector registers, the last
// block masked to the neurons left: with every column alike, every neuron
// takes the same float operations in the same order, so every potential
// must come out the same whatever its lane, at every neuron count.
TEST(Simulator, RowAddsTreatEveryNeuronAlike) {
  for (uint32_t n : {1u, 15u, 16u, 17u, 63u, 64u, 65u, 127u, 128u, 129u, 500u}) {
    ProgramSpec s = handSpec();
    s.image_width = 6;
    s.image_height = 5;
    s.crop_mask.resize(30);
    for (uint32_t i = 0; i < 30; ++i) s.crop_mask[i] = i;
    s.neurons = n;
    s.presentation_ms = 0.4f;  // 40 steps
    s.max_rate_hz = 30000;     // a spike every third step or so
    s.input_window_ms = 0.03f; // windows open and close within an image
    s.total_rate_hz = 20000;   // the layer fires now and then: rows are added mid-image
    s.chip.tile_rows = 32;     // every weight on one tile
    s.chip.tile_cols = 1024;
    Program p = Program::fromBytes(testkit::buildProgram(s), "t");
    Simulator sim(p, s.crop_mask, 1);
    const float bias = sim.device().weight(30, 0);
    std::vector<uint8_t> img(30);
    bool added = false;
    for (int image = 0; image < 3; ++image) {
      for (uint32_t i = 0; i < 30; ++i) img[i] = uint8_t((i * 37 + image * 101) % 256);
      sim.present(img.data(), Phase::Test, nullptr);
      const float u0 = sim.potentials()[0];
      added |= u0 != bias;
      for (uint32_t k = 1; k < n; ++k) ASSERT_EQ(sim.potentials()[k], u0) << n << " neurons, neuron " << k;
    }
    EXPECT_TRUE(added) << n; // rows were added
  }
}

namespace {
struct SchemeRun {
  uint64_t rowReads, closeReads, cycles;
  std::vector<float> u; // potentials after each image
};
SchemeRun runScheme(fb::Accumulation scheme, float totalRateHz, bool keepState,
                    const std::vector<bool> &pattern, float presentationMs) {
  ProgramSpec s = handSpec();
  s.accumulation = scheme;
  s.total_rate_hz = totalRateHz;
  s.reset_between_images = !keepState;
  s.presentation_ms = presentationMs;
  s.input_window_ms = 0.03f;
  Program p = Program::fromBytes(testkit::buildProgram(s), "t");
  Simulator sim(p, {0, 1}, 1);
  SchemeRun r{};
  for (bool on : pattern) {
    const uint8_t img[2] = {uint8_t(on ? 255 : 0), 0};
    sim.present(img, Phase::Test, nullptr);
    r.u.push_back(sim.potentials()[0]);
  }
  const EventCounts &e = sim.ledger().at(Phase::Test);
  r.rowReads = e.rowReads;
  r.closeReads = e.closeReads;
  r.cycles = e.cycles;
  return r;
}
} // namespace

TEST(Accumulation, SchemesComputeTheSameUAndChargeDifferentReads) {
  // One step per image, potentials kept, window 3 steps; input 0 spikes at
  // t = 0 and t = 4, so its window opens at 0, closes at 3, reopens at 4.
  // The layer fires every step.
  const std::vector<bool> pattern = {true, false, false, false, true};
  const SchemeRun re = runScheme(fb::Accumulation::Rewindow, 100000, true, pattern, 0.01f);
  const SchemeRun rc = runScheme(fb::Accumulation::Recompute, 100000, true, pattern, 0.01f);
  const SchemeRun df = runScheme(fb::Accumulation::Deferred, 100000, true, pattern, 0.01f);
  EXPECT_EQ(re.u, rc.u);
  EXPECT_EQ(re.u, df.u);
  // Rewindow: bias once, open at 0, close at 3 (re-read), open at 4.
  EXPECT_EQ(re.rowReads, 4u);
  EXPECT_EQ(re.closeReads, 1u);
  // Recompute: at every firing the bias and the open rows: 2, 2, 2, 1, 2.
  EXPECT_EQ(rc.rowReads, 9u);
  EXPECT_EQ(rc.closeReads, 0u);
  // Deferred: bias once; at the firings of steps 0, 3 and 4 the changed row.
  EXPECT_EQ(df.rowReads, 4u);
  EXPECT_EQ(df.closeReads, 1u);

  // A layer that never fires needs no potentials: Recompute reads nothing;
  // Deferred reads only the bias row (the image reloads u, so the pending
  // open is dropped); Rewindow reads the bias and the opening row.
  const std::vector<bool> once = {true};
  EXPECT_EQ(runScheme(fb::Accumulation::Rewindow, 0, false, once, 0.05f).rowReads, 2u);
  EXPECT_EQ(runScheme(fb::Accumulation::Recompute, 0, false, once, 0.05f).rowReads, 0u);
  EXPECT_EQ(runScheme(fb::Accumulation::Deferred, 0, false, once, 0.05f).rowReads, 1u);
  // With potentials kept across images, Deferred brings u up to date at
  // each image's end: the bias, then the open (0), close (3) and open (4).
  EXPECT_EQ(runScheme(fb::Accumulation::Deferred, 0, true, pattern, 0.01f).rowReads, 4u);
}

TEST(Accumulation, LifRefusesAnythingButRewindow) {
  ProgramSpec s = handSpec();
  s.model = fb::NeuronModel::LIFAdaptive;
  s.has_bias = false;
  s.accumulation = fb::Accumulation::Deferred;
  try {
    Program::fromBytes(testkit::buildProgram(s), "t");
    FAIL() << "accepted";
  } catch (const Error &e) {
    EXPECT_NE(std::string(e.what()).find("encoding.accumulation"), std::string::npos) << e.what();
  }
}
