#include "snnrt/EnergyLedger.h"

namespace snnrt {

const char *phaseName(Phase p) {
  switch (p) {
  case Phase::Train: return "train";
  case Phase::Assign: return "assign";
  case Phase::Test: return "test";
  }
  return "?";
}

EnergyBreakdown &EnergyBreakdown::operator+=(const EnergyBreakdown &o) {
  arrayRead += o.arrayRead; set += o.set; reset += o.reset; verify += o.verify;
  neuron += o.neuron; routing += o.routing; control += o.control; rng += o.rng;
  leakage += o.leakage;
  return *this;
}

EnergyLedger::EnergyLedger(const Program &p) : clock_(p.root().chip()->clock_mhz()) {
  auto d = p.root().device();
  auto ch = p.root().chip();
  readPj_ = d->read_energy_pj();
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
  }
  return t;
}

EnergyBreakdown EnergyLedger::energyOf(const EventCounts &c) const {
  EnergyBreakdown e;
  e.arrayRead = double(c.cellsRead) * readPj_;
  e.set = double(c.setPulses) * setPj_;
  e.reset = double(c.resetPulses) * resetPj_;
  e.verify = double(c.verifyReads) * verifyPj_;
  e.neuron = double(c.neuronUpdates) * neuronPj_;
  e.routing = double(c.spikeRoutes) * routePj_;
  e.control = double(c.controlSteps) * controlPj_;
  e.rng = double(c.rngDraws) * rngPj_;
  // pW x s = pJ: every cell of the chip leaks for the whole simulated time.
  e.leakage = chipCells_ * leakPwPerCell_ * clock_.secondsForCycles(c.cycles);
  return e;
}

double EnergyLedger::savedBySchedulingPj(const EventCounts &c) const {
  double v = verify_ ? verifyPj_ : 0;
  return double(c.avoidedSchedSet) * (setPj_ + v) + double(c.avoidedSchedReset) * (resetPj_ + v);
}
double EnergyLedger::savedByPruningPj(const EventCounts &c) const {
  double v = verify_ ? verifyPj_ : 0;
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
