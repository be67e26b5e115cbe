// The chip simulator: presents one image for `steps` time steps (training's,
// or the readout's for assignment and test), event-driven.
// Nothing ticks per clock cycle: each step the encoder draws input spikes, the
// input windows open/close (with accumulation Rewindow each transition = one
// row read that adds/subtracts row i to every neuron's potential u in
// parallel; with Recompute the rows are read only when the layer fires), the
// neuron units sample, and a post spike triggers the STDP engine's column
// operation. Both schemes compute the same u (the simulator keeps it the
// same way under both), so they differ only in the events charged. The cycles of
// a step are max(dt, array work + neuron work + STDP work + control), array
// work being the busiest tile's; the ledger counts every event.
#pragma once
#include "snnrt/Checkpoint.h"
#include "snnrt/Device.h"
#include "snnrt/DrawTape.h"
#include "snnrt/EnergyLedger.h"
#include "snnrt/NeuronUnit.h"
#include "snnrt/Program.h"
#include "snnrt/PruningController.h"
#include "snnrt/Rng.h"
#include "snnrt/SpikeEncoder.h"
#include "snnrt/StdpEngine.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace snnrt {

class Simulator {
public:
  // `mask`: input -> pixel. `seed` seeds every RNG stream.
  Simulator(const Program &p, std::vector<uint32_t> mask, uint64_t seed);

  // What a simulator of p allocates, by part: the sum of every component's
  // estimate (each next to the code that allocates) plus the program bytes.
  // The Trainer refuses a program whose estimate exceeds the memory budget
  // before allocating anything.
  static MemoryEstimate estimateMemory(const Program &p);
  // The size of a checkpoint payload of p (save()): what writing one holds
  // next to the simulator. Excludes the pruning history (grows with the run).
  static uint64_t estimateCheckpoint(const Program &p);

  // Presents one image; learns (STDP, homeostasis) in Phase::Train. Adds the
  // image's output spikes per neuron to spikeCounts (may be null) and returns
  // how many there were.
  uint32_t present(const uint8_t *image, Phase phase, uint32_t *spikeCounts);
  // End of a training image: runs the pruning controller when due.
  void afterTrainImage();
  // Learning-rate annealing: STDP steps of the next training image are scaled
  // by 1 - (1 - anneal_to) * done / total (derived from the position, so a
  // resumed run needs no extra state).
  void setTrainingProgress(uint64_t done, uint64_t total);

  uint64_t trainImagesSeen() const { return S_.trainSeen; }
  uint32_t neurons() const { return n_; }
  uint32_t inputs() const { return pre_; }
  Device &device() { return *dev_; }
  const Device &device() const { return *dev_; }
  EnergyLedger &ledger() { return ledger_; }
  const EnergyLedger &ledger() const { return ledger_; }
  const PruningController &pruning() const { return prune_; }
  const Homeostasis &homeostasis() const { return homeo_; }
  const LifNeurons &lif() const { return lif_; }
  const SpikeEncoder &encoder() const { return enc_; }
  const Program &program() const { return *prog_; }
  // WTA potentials u (bias + active input rows), for inspection and tests.
  const float *potentials() const { return S_.u.data(); }

  // Checkpoint: each component saves and restores its own state, in this
  // fixed order: simulator state, run and counterfactual random streams,
  // device, homeostasis, LIF neurons, pruning controller, ledger. load()
  // refuses (Error BadCheckpoint naming the field) any value the program
  // could not have produced; after a refused load the simulator is to be
  // discarded (components loaded before the bad one keep their new state).
  void save(CheckpointWriter &w) const;
  void load(CheckpointReader &r);

  // Saved models (Model.h): the state that presenting images with frozen
  // weights changes (simulator state, run and counterfactual streams, LIF
  // neurons), so that a model can restart the test phase exactly where the
  // training run started it. Loaded on top of a full load(); checked the same.
  void saveInference(CheckpointWriter &w) const;
  void loadInference(CheckpointReader &r);
  // Zeroes the ledger: an inference run from a model charges only its own
  // phases.
  void resetLedger() { ledger_ = EnergyLedger(*prog_); }

private:
  void resetImageState();
  template <bool kWta> uint32_t run(Phase phase, uint32_t *spikeCounts);
  // A window's row into u (sign +1 opening, -1 closing). u is read only
  // when a neuron fires, so rows queue until then (or the queue fills, or
  // the image ends) and applyRows() adds them all in one pass over u. The
  // count of queued rows is a local of the step loop (a member would be a
  // store and a reload per event).
  // Queues `row` with `sign` if `take` (0 or 1): written either way and
  // kept by advancing the count, without a branch on `take` (whether a spike
  // opens a window, or a window closes, is a coin flip to the predictor).
  void queueRow(uint32_t &queued, uint32_t row, float sign, uint32_t take) {
    pendingRow_[queued] = row;
    pendingSign_[queued] = sign;
    queued += take;
    if (queued == kPendingRows) {
      applyRows(queued);
      queued = 0;
    }
  }
  // Adds the first m queued rows into u.
  void applyRows(uint32_t m);
  void recomputeU(uint32_t k);
  // Deferred accumulation: marks input i's window change; reads every
  // marked input whose window state differs from what u holds.
  void markChanged(uint32_t i) {
    if (!dirty_[i]) { dirty_[i] = 1; dirtyList_.push_back(i); }
  }
  // What row events add to the ledger, summed over an image in locals (the
  // ledger's fields are memory that the step loop's byte stores could alias)
  // and added to it once; `busy` holds this step's row cycles while every
  // row is in one group (the common case: then no group lookup per event).
  struct RowTally {
    uint64_t routes = 0, reads = 0, cells = 0, conductanceNs = 0, closeReads = 0, closeCells = 0,
             closeConductanceNs = 0, busy = 0;
    // A read's cells are whole weights, one add each: the adds are the
    // summed cells / cellsPerWeight.
    void addTo(EventCounts &ev, uint64_t readCycles, uint32_t cellsPerWeight) const;
    RowTally &operator+=(const RowTally &o) {
      routes += o.routes, reads += o.reads, cells += o.cells, conductanceNs += o.conductanceNs;
      closeReads += o.closeReads, closeCells += o.closeCells;
      closeConductanceNs += o.closeConductanceNs, busy += o.busy;
      return *this;
    }
  };
  // What a row event reads, as raw pointers held in the step loop's locals
  // (members would be reloaded after every byte store of the loop).
  struct RowPort {
    const uint32_t *tileBegin, *group; // Device::rowTileCount(), rowGroup()
    const Device::RowRead *rowRead;
    uint64_t *busyGroup;
    uint64_t routeCycles, readCycles;
    bool oneGroup;
    // Charges a spike delivery (route) and/or a row read of `row` on every
    // tile holding that row, and adds its cycles to the step's busy time of
    // the row's group (each of its tiles takes them). A read drives one word
    // line per tile and senses its cells (their summed conductance sets the
    // cell energy); `close` marks the re-read at a window close. route,
    // read, close: 0 or 1 (a close is a read), multipliers rather than
    // branches (see queueRow).
    void charge(uint32_t row, uint32_t route, uint32_t read, uint32_t close, RowTally &t) const {
      const uint64_t cycles = route * routeCycles + read * readCycles;
      if (oneGroup) t.busy += cycles; // fixed per program: predicted
      else busyGroup[group[row]] += cycles;
      const uint64_t ns = tileBegin[row + 1] - tileBegin[row];
      const Device::RowRead &rr = rowRead[row];
      t.routes += route * ns;
      t.reads += read * ns;
      t.cells += read * rr.cells;
      t.conductanceNs += read * rr.conductanceNs;
      t.closeReads += close * ns;
      t.closeCells += close * rr.cells;
      t.closeConductanceNs += close * rr.conductanceNs;
    }
  };
  RowPort rowPort();
  // Deferred: reads the inputs whose window changed since u was last
  // brought up to date; returns their charges (by value: the step loop's
  // tally stays in registers).
  RowTally readChangedRows(const RowPort &port);
  void syncDeferred();

  // Parameters (from the program, fixed).
  const Program *prog_;
  uint32_t pre_, n_, rows_, steps_, window_, units_;
  uint32_t readoutSteps_;       // steps per assignment and test image
  bool wta_, hasBias_, reset_;
  bool recompute_ = false;      // accumulation Recompute (WTA): reads on firing only
  bool deferred_ = false;       // accumulation Deferred (WTA): changed rows on firing
  uint64_t rotationPeriod_ = 0; // wear leveling: images per rotation (0: off)

  // The simulator's own state: the step counter, and the input windows and
  // WTA potentials (kept across images when reset_between_images is off).
  struct State {
    uint64_t trainSeen = 0; // training images presented
    int64_t step = 0;       // global step counter (next step to run)
    bool fresh = true;      // no image presented since construction
    std::vector<float> u;   // WTA potentials
    std::vector<uint8_t> on;      // input window open
    std::vector<int64_t> last;    // step of the input's latest spike, kNever
    std::vector<uint32_t> bucket; // (window+1) rings of inputs whose window may close
    std::vector<uint32_t> bucketSize;
    void save(CheckpointWriter &w) const;
    // Vectors keep the sizes the simulator allocated. `steps`, `readoutSteps`:
    // per training image and per assignment or test image.
    void load(CheckpointReader &r, uint32_t steps, uint32_t readoutSteps, uint32_t window,
              bool wta);
  } S_;

  // Components, each owning its state. The run's random stream and the
  // counterfactual one (avoided writes), read off tapes drawn ahead, or
  // drawn when taken where multi-level writes draw through an Rng.
  static DrawTape::Mode tapeMode(const Program &p);
  DrawTape rng_, cfRng_;
  std::unique_ptr<Device> dev_;
  EnergyLedger ledger_;
  SpikeEncoder enc_;
  WtaSampler sampler_;
  LifNeurons lif_;
  Homeostasis homeo_;
  StdpEngine stdp_;
  PruningController prune_;

  // Buffers: scratch of one image or step, never saved.
  float etaScale_ = 1.f;              // learning-rate annealing factor of this image
  std::vector<uint32_t> spikeBuf_;
  std::vector<uint32_t> openRows_;    // recomputeU(): the inputs with an open window, in order
  // queueRow(): rows not yet added into u, with their signs, in event order.
  static constexpr uint32_t kPendingRows = 64;
  // Potentials up to which applyRows() adds by blocks (32 KiB of u: an L1
  // data cache; measured: 500 and 6,400 neurons gain, 102,400 lose 20 %).
  static constexpr uint32_t kBlockedRowsMax = 8192;
  uint32_t pendingRow_[kPendingRows] = {};
  float pendingSign_[kPendingRows] = {};
  // Cycles of this step per row group (Device::rowGroup), and per tile
  // when groups share tiles.
  std::vector<uint64_t> busyGroup_, busy_;
  void clearBusy() { std::fill(busyGroup_.begin(), busyGroup_.end(), 0); }
  // Every row in one group (RowPort::oneGroup): row events sum their cycles
  // in RowTally::busy instead of busyGroup_.
  bool oneRowGroup() const { return busyGroup_.size() == 1; }
  // The step's array work: its busiest tile's cycles; `oneGroupBusy` is
  // RowTally::busy, the row cycles of the step while there is one group.
  uint64_t busiestTile(uint64_t oneGroupBusy);
  // Deferred accumulation: the window state u holds per input (equal to the
  // open flags at every image boundary, so never saved), and the inputs
  // whose window changed since u was last brought up to date.
  std::vector<uint8_t> held_, dirty_;
  std::vector<uint32_t> dirtyList_;
};

} // namespace snnrt
