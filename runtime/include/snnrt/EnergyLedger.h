// Counts hardware events and turns them into energy and cycles. Energies are
// never accumulated as floats during simulation: the ledger keeps integer event
// counts (including the summed conductance of every sensed cell, in
// nanosiemens) and multiplies by the cards' per-event energies when asked, so
// totals are exact and independent of event order. The counts are the
// ledger's whole saved state (energies are recomputed from them). The rules
// are in docs/hardware-model.md ("Energy").
#pragma once
#include "snnrt/Checkpoint.h"
#include "snnrt/Clock.h"
#include "snnrt/Program.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace snnrt {

enum class Phase : int { Train = 0, Assign = 1, Test = 2 };
constexpr int kNumPhases = 3;
const char *phaseName(Phase p);

struct EventCounts {
  uint64_t cellsRead = 0;     // array cells sensed (row reads + column reads)
  uint64_t rowReads = 0;      // row-read operations (per tile)
  uint64_t columnReads = 0;   // column-read operations (per tile)
  uint64_t setPulses = 0;
  uint64_t resetPulses = 0;
  uint64_t verifyReads = 0;   // one per pulse when the card verifies
  uint64_t neuronUpdates = 0;
  uint64_t spikeRoutes = 0;   // spike deliveries to a tile or to the neuron array
  uint64_t controlSteps = 0;
  uint64_t rngDraws = 0;
  uint64_t steps = 0;         // simulated time steps
  uint64_t overrunSteps = 0;  // steps whose work exceeded dt
  uint64_t controllerCycles = 0; // pruning-controller work between images
  uint64_t cycles = 0;        // total cycles of this phase
  uint64_t inputSpikes = 0;
  uint64_t outputSpikes = 0;
  // Pulses that were not issued, by reason (for the savings report).
  uint64_t avoidedSchedSet = 0, avoidedSchedReset = 0;
  uint64_t avoidedPruneSet = 0, avoidedPruneReset = 0;
  uint64_t stdpUpdates = 0;   // weight updates computed by the STDP engine
  uint64_t pruneWrites = 0;   // pulses issued to store the soft-pruned value
  uint64_t wordRotations = 0; // words re-patterned by wear leveling
  // Physical read model (format 3).
  uint64_t readConductanceNs = 0; // sum of the conductance of every sensed cell, nS
  uint64_t lineActivations = 0;   // array lines driven by reads (a row read: 1;
                                  // a column read: one per bit column)
  uint64_t accumulateAdds = 0;    // weights added into neuron potentials (row reads)
  // The row reads at input-window closes (a subset of the reads above).
  uint64_t closeReads = 0, closeCells = 0, closeConductanceNs = 0;
  uint64_t closeBusyCycles = 0;   // tile-busy cycles of those reads
};

// Energy by component, pJ. Names (for reports) in the same order as parts().
struct EnergyBreakdown {
  double arrayRead = 0, sensing = 0, rowDrive = 0, shiftAdd = 0, accumulate = 0,
         stdpUpdate = 0, set = 0, reset = 0, verify = 0, writeDrive = 0, neuron = 0,
         routing = 0, control = 0, rng = 0, leakage = 0;
  static constexpr size_t kParts = 15;
  static const std::array<const char *, kParts> &names();
  std::array<double, kParts> parts() const {
    return {arrayRead, sensing, rowDrive, shiftAdd, accumulate, stdpUpdate, set, reset,
            verify, writeDrive, neuron, routing, control, rng, leakage};
  }
  double total() const {
    double t = 0;
    for (double v : parts()) t += v;
    return t;
  }
  // Reads (cells, sensing, lines, digital adds) and writes (pulses, verify, drivers).
  double reads() const { return arrayRead + sensing + rowDrive + shiftAdd + accumulate; }
  double writes() const { return set + reset + verify + writeDrive; }
  EnergyBreakdown &operator+=(const EnergyBreakdown &o);
};

class EnergyLedger {
public:
  EnergyLedger() = default;
  explicit EnergyLedger(const Program &p);

  EventCounts &at(Phase p) { return counts_[int(p)]; }
  const EventCounts &at(Phase p) const { return counts_[int(p)]; }
  EventCounts total() const;

  EnergyBreakdown energy(Phase p) const { return energyOf(at(p)); }
  EnergyBreakdown energyTotal() const { return energyOf(total()); }
  EnergyBreakdown energyOf(const EventCounts &c) const;
  // The read components of the window-close row reads alone.
  EnergyBreakdown closeReadEnergy(const EventCounts &c) const;
  // Shift-adds merging the bit columns of digital words: cells_per_weight - 1
  // per weight read when the columns deliver multi-bit ADC codes.
  uint64_t shiftAdds(uint64_t cellsRead) const;
  // Energy of pulses avoided (set, reset, their verifies and write drivers), pJ.
  double savedBySchedulingPj(const EventCounts &c) const;
  double savedByPruningPj(const EventCounts &c) const;

  // Components whose energy rests on at least one assumed card value
  // (`assumed_fields` of the device or chip card), and that energy.
  const std::array<bool, EnergyBreakdown::kParts> &assumed() const { return assumed_; }
  double assumedPj(const EnergyBreakdown &e) const;
  // For each component, the card fields its energy is computed from
  // ("device.read_voltage_v", ...).
  const std::array<std::vector<std::string>, EnergyBreakdown::kParts> &inputs() const {
    return inputs_;
  }

  const CycleCosts &costs() const { return costs_; }
  const Clock &clock() const { return clock_; }
  double seconds(const EventCounts &c) const { return clock_.secondsForCycles(c.cycles); }
  bool resistive() const { return resistive_; }
  // Energy of one column conversion (sense amplifier or ADC), pJ.
  double conversionPj() const { return sensePj_; }

  // Checkpoint: the counts of every phase. load() checks that they could
  // have been counted (no more overrun steps than steps, no fewer cycles than
  // steps of dt, ...) and changes nothing otherwise.
  void save(CheckpointWriter &w) const;
  void load(CheckpointReader &r);

private:
  std::array<EventCounts, kNumPhases> counts_{};
  CycleCosts costs_;
  Clock clock_;
  bool resistive_ = false; // the card has conductances (g_max_us > 0)
  double readPjPerNs_ = 0; // resistive: V_read^2 * t_read, pJ per nS sensed
  double readPj_ = 0;      // otherwise: per cell sensed
  double sensePj_ = 0, linePj_ = 0, addPj_ = 0, writeDrivePj_ = 0;
  double setPj_ = 0, resetPj_ = 0, verifyPj_ = 0, neuronPj_ = 0, routePj_ = 0,
         controlPj_ = 0, rngPj_ = 0, leakPwPerCell_ = 0;
  double chipCells_ = 0;
  uint32_t cellsPerWeight_ = 1;
  bool shiftAdd_ = false;
  bool verify_ = false;
  std::array<bool, EnergyBreakdown::kParts> assumed_{};
  std::array<std::vector<std::string>, EnergyBreakdown::kParts> inputs_;
};

} // namespace snnrt
