// Counts hardware events and turns them into energy and cycles. Energies are
// never accumulated as floats during simulation: the ledger keeps integer event
// counts and multiplies by the card's per-event energies when asked, so totals
// are exact and independent of event order. The counts are the ledger's whole
// saved state (energies are recomputed from them).
#pragma once
#include "snnrt/Checkpoint.h"
#include "snnrt/Clock.h"
#include "snnrt/Program.h"

#include <array>
#include <cstdint>

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
};

struct EnergyBreakdown {
  double arrayRead = 0, set = 0, reset = 0, verify = 0, neuron = 0, routing = 0,
         control = 0, rng = 0, leakage = 0;
  double total() const {
    return arrayRead + set + reset + verify + neuron + routing + control + rng + leakage;
  }
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
  // Energy of pulses avoided (set, reset and their verifies), in pJ.
  double savedBySchedulingPj(const EventCounts &c) const;
  double savedByPruningPj(const EventCounts &c) const;

  const CycleCosts &costs() const { return costs_; }
  const Clock &clock() const { return clock_; }
  double seconds(const EventCounts &c) const { return clock_.secondsForCycles(c.cycles); }

  // Checkpoint: the counts of every phase. load() checks that they could
  // have been counted (no more overrun steps than steps, no fewer cycles than
  // steps of dt, ...) and changes nothing otherwise.
  void save(CheckpointWriter &w) const;
  void load(CheckpointReader &r);

private:
  std::array<EventCounts, kNumPhases> counts_{};
  CycleCosts costs_;
  Clock clock_;
  double readPj_ = 0, setPj_ = 0, resetPj_ = 0, verifyPj_ = 0, neuronPj_ = 0,
         routePj_ = 0, controlPj_ = 0, rngPj_ = 0, leakPwPerCell_ = 0;
  double chipCells_ = 0;
  bool verify_ = false;
};

} // namespace snnrt
