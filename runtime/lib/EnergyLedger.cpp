#include "snnrt/EnergyLedger.h"
#include "snn/contract/Cards.h"

#include <cmath>

namespace snnrt {

const char *phaseName(Phase p) {
  switch (p) {
  case Phase::Train: return "train";
  case Phase::Assign: return "assign";
  case Phase::Test: return "test";
  }
  return "?";
}

const std::array<const char *, EnergyBreakdown::kParts> &EnergyBreakdown::names() {
  static const std::array<const char *, kParts> n = {
      "array_read", "sensing", "row_drive", "shift_add", "accumulate", "stdp_update", "set",
      "reset", "verify", "write_drive", "neuron", "routing", "control", "rng", "leakage"};
  return n;
}

EnergyBreakdown &EnergyBreakdown::operator+=(const EnergyBreakdown &o) {
  arrayRead += o.arrayRead; sensing += o.sensing; rowDrive += o.rowDrive;
  shiftAdd += o.shiftAdd; accumulate += o.accumulate; stdpUpdate += o.stdpUpdate;
  set += o.set; reset += o.reset; verify += o.verify; writeDrive += o.writeDrive;
  neuron += o.neuron; routing += o.routing; control += o.control; rng += o.rng;
  leakage += o.leakage;
  return *this;
}

EnergyLedger::EnergyLedger(const Program &p) : clock_(p.root().chip()->clock_mhz()) {
  auto d = p.root().device();
  auto ch = p.root().chip();
  // A card with conductances is a resistive array read through the chip's
  // periphery; one without (SRAM) is a digital macro whose per-bit energies
  // include its own periphery.
  resistive_ = d->g_max_us() > 0;
  const double v = d->read_voltage_v();
  // V^2 [V^2] x G [nS = 1e-9 S] x t [ns = 1e-9 s] = 1e-18 J = 1e-6 pJ.
  readPjPerNs_ = resistive_ ? v * v * double(d->read_latency_ns()) * 1e-6 : 0;
  readPj_ = resistive_ ? 0 : d->read_energy_pj();
  const uint32_t bits = ch->adc_bits();
  if (resistive_)
    sensePj_ = bits == 1 ? double(ch->sense_amp_energy_pj())
                         : double(ch->adc_fom_fj()) * 1e-3 * std::ldexp(1.0, int(bits));
  linePj_ = resistive_ ? ch->row_driver_energy_pj() : 0;
  writeDrivePj_ = resistive_ ? ch->write_driver_energy_pj() : 0;
  addPj_ = ch->adder_energy_pj();
  cellsPerWeight_ = p.derived().cellsPerWeight;
  shiftAdd_ = resistive_ && bits > 1 && cellsPerWeight_ > 1;
  setPj_ = d->set_energy_pj();
  resetPj_ = d->reset_energy_pj();
  verifyPj_ = d->verify_energy_pj();
  verify_ = d->verify();
  neuronPj_ = ch->neuron_update_energy_pj();
  routePj_ = ch->spike_route_energy_pj();
  controlPj_ = ch->control_energy_pj();
  rngPj_ = ch->rng_energy_pj();
  leakPwPerCell_ = d->leakage_pw_per_cell();
  chipCells_ = double(ch->num_tiles()) * ch->tile_rows() * ch->tile_cols();
  costs_ = p.derived().cycles;

  // What each component is computed from, and whether any of it is assumed.
  using V = std::vector<std::string>;
  const V read = resistive_ ? V{"device.read_voltage_v", "device.g_min_us", "device.g_max_us",
                                "device.read_latency_ns"}
                            : V{"device.read_energy_pj"};
  const V sense = !resistive_ ? V{}
                  : bits == 1 ? V{"chip.sense_amp_energy_pj"}
                              : V{"chip.adc_fom_fj", "chip.adc_bits"};
  inputs_ = {read,
             sense,
             resistive_ ? V{"chip.row_driver_energy_pj"} : V{},
             shiftAdd_ ? V{"chip.adder_energy_pj", "chip.adc_bits"} : V{},
             V{"chip.adder_energy_pj"},
             V{"chip.adder_energy_pj"},
             V{"device.set_energy_pj"},
             V{"device.reset_energy_pj"},
             verify_ ? V{"device.verify", "device.verify_energy_pj"} : V{},
             resistive_ ? V{"chip.write_driver_energy_pj"} : V{},
             V{"chip.neuron_update_energy_pj"},
             V{"chip.spike_route_energy_pj"},
             V{"chip.control_energy_pj"},
             V{"chip.rng_energy_pj"},
             V{"device.leakage_pw_per_cell"}};
  const std::string devAssumed = d->assumed_fields() ? d->assumed_fields()->str() : "";
  const std::string chipAssumed = ch->assumed_fields() ? ch->assumed_fields()->str() : "";
  for (size_t i = 0; i < EnergyBreakdown::kParts; ++i) {
    assumed_[i] = false;
    for (const std::string &f : inputs_[i]) {
      const bool dev = f.compare(0, 7, "device.") == 0;
      const std::string name = f.substr(dev ? 7 : 5);
      assumed_[i] = assumed_[i] || snn_contract::isAssumed(dev ? devAssumed : chipAssumed, name);
    }
  }
}

EventCounts EnergyLedger::total() const {
  EventCounts t;
  for (const EventCounts &c : counts_) {
    t.cellsRead += c.cellsRead; t.rowReads += c.rowReads; t.columnReads += c.columnReads;
    t.setPulses += c.setPulses; t.resetPulses += c.resetPulses; t.verifyReads += c.verifyReads;
    t.neuronUpdates += c.neuronUpdates; t.spikeRoutes += c.spikeRoutes;
    t.controlSteps += c.controlSteps; t.rngDraws += c.rngDraws; t.steps += c.steps;
    t.overrunSteps += c.overrunSteps; t.controllerCycles += c.controllerCycles;
    t.cycles += c.cycles; t.inputSpikes += c.inputSpikes; t.outputSpikes += c.outputSpikes;
    t.avoidedSchedSet += c.avoidedSchedSet; t.avoidedSchedReset += c.avoidedSchedReset;
    t.avoidedPruneSet += c.avoidedPruneSet; t.avoidedPruneReset += c.avoidedPruneReset;
    t.stdpUpdates += c.stdpUpdates; t.pruneWrites += c.pruneWrites;
    t.wordRotations += c.wordRotations;
    t.readConductanceNs += c.readConductanceNs; t.lineActivations += c.lineActivations;
    t.accumulateAdds += c.accumulateAdds;
    t.closeReads += c.closeReads; t.closeCells += c.closeCells;
    t.closeConductanceNs += c.closeConductanceNs; t.closeBusyCycles += c.closeBusyCycles;
  }
  return t;
}

uint64_t EnergyLedger::shiftAdds(uint64_t cellsRead) const {
  return shiftAdd_ ? cellsRead / cellsPerWeight_ * (cellsPerWeight_ - 1) : 0;
}

EnergyBreakdown EnergyLedger::energyOf(const EventCounts &c) const {
  EnergyBreakdown e;
  e.arrayRead = resistive_ ? double(c.readConductanceNs) * readPjPerNs_
                           : double(c.cellsRead) * readPj_;
  e.sensing = double(c.cellsRead) * sensePj_;
  e.rowDrive = double(c.lineActivations) * linePj_;
  e.shiftAdd = double(shiftAdds(c.cellsRead)) * addPj_;
  e.accumulate = double(c.accumulateAdds) * addPj_;
  // The STDP engine's w + dw of every update it computes (dw per level from
  // a table).
  e.stdpUpdate = double(c.stdpUpdates) * addPj_;
  e.set = double(c.setPulses) * setPj_;
  e.reset = double(c.resetPulses) * resetPj_;
  e.verify = double(c.verifyReads) * verifyPj_;
  e.writeDrive = double(c.setPulses + c.resetPulses) * writeDrivePj_;
  e.neuron = double(c.neuronUpdates) * neuronPj_;
  e.routing = double(c.spikeRoutes) * routePj_;
  e.control = double(c.controlSteps) * controlPj_;
  e.rng = double(c.rngDraws) * rngPj_;
  // pW x s = pJ: every cell of the chip leaks for the whole simulated time.
  e.leakage = chipCells_ * leakPwPerCell_ * clock_.secondsForCycles(c.cycles);
  return e;
}

EnergyBreakdown EnergyLedger::closeReadEnergy(const EventCounts &c) const {
  EnergyBreakdown e;
  e.arrayRead = resistive_ ? double(c.closeConductanceNs) * readPjPerNs_
                           : double(c.closeCells) * readPj_;
  e.sensing = double(c.closeCells) * sensePj_;
  e.rowDrive = double(c.closeReads) * linePj_;
  e.shiftAdd = double(shiftAdds(c.closeCells)) * addPj_;
  e.accumulate = double(c.closeCells / cellsPerWeight_) * addPj_;
  return e;
}

double EnergyLedger::assumedPj(const EnergyBreakdown &e) const {
  double s = 0;
  auto p = e.parts();
  for (size_t i = 0; i < p.size(); ++i)
    if (assumed_[i]) s += p[i];
  return s;
}

double EnergyLedger::savedBySchedulingPj(const EventCounts &c) const {
  double v = (verify_ ? verifyPj_ : 0) + writeDrivePj_;
  return double(c.avoidedSchedSet) * (setPj_ + v) + double(c.avoidedSchedReset) * (resetPj_ + v);
}
double EnergyLedger::savedByPruningPj(const EventCounts &c) const {
  double v = (verify_ ? verifyPj_ : 0) + writeDrivePj_;
  return double(c.avoidedPruneSet) * (setPj_ + v) + double(c.avoidedPruneReset) * (resetPj_ + v);
}

void EnergyLedger::save(CheckpointWriter &w) const {
  for (const EventCounts &c : counts_) w.pod(c);
}

void EnergyLedger::load(CheckpointReader &r) {
  static_assert(sizeof(EventCounts) % sizeof(uint64_t) == 0, "EventCounts holds only uint64_t");
  std::array<EventCounts, kNumPhases> counts;
  for (int p = 0; p < kNumPhases; ++p) {
    const std::string f = std::string("ledger.") + phaseName(Phase(p));
    const EventCounts c = r.pod<EventCounts>(f);
    auto atMost = [&](uint64_t a, const char *an, uint64_t b, const char *bn) {
      if (a > b)
        r.fail(f + "." + an, std::to_string(a) + " > " + bn + " " + std::to_string(b));
    };
    atMost(c.overrunSteps, "overrun_steps", c.steps, "steps");
    atMost(c.controllerCycles, "controller_cycles", c.cycles, "cycles");
    // Window-close reads are row reads; row reads sense whole weights.
    atMost(c.closeReads, "close_reads", c.rowReads, "row_reads");
    atMost(c.closeCells, "close_cells", c.cellsRead, "cells_read");
    atMost(c.closeConductanceNs, "close_conductance_ns", c.readConductanceNs,
           "read_conductance_ns");
    atMost(c.accumulateAdds, "accumulate_adds", c.cellsRead, "cells_read");
    if (c.cellsRead % cellsPerWeight_ != 0 || c.closeCells % cellsPerWeight_ != 0)
      r.fail(f + ".cells_read", "not a whole number of " + std::to_string(cellsPerWeight_) +
                                    "-cell weights");
    // Every step lasts at least dt.
    if (costs_.step && c.steps > c.cycles / costs_.step)
      r.fail(f + ".cycles", std::to_string(c.cycles) + " < " + std::to_string(c.steps) +
                                " steps of " + std::to_string(costs_.step) + " cycles");
    // Weights are frozen outside training.
    auto none = [&](uint64_t a, const char *an) {
      if (p != int(Phase::Train) && a != 0)
        r.fail(f + "." + an, std::to_string(a) + " but weights are frozen in this phase");
    };
    none(c.setPulses, "set_pulses");
    none(c.resetPulses, "reset_pulses");
    none(c.stdpUpdates, "stdp_updates");
    counts[size_t(p)] = c;
  }
  counts_ = counts;
}

} // namespace snnrt
