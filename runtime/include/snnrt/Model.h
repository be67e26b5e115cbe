// Saved models (snn-run --save-model / --model): the program bytes plus the
// trained state of a finished run, so that the assignment and test phases can
// be run again without training, with the same cycles, energy and accuracy.
//
// File (little-endian): "SNNM", u32 model version, u64 payload size, payload,
// u32 CRC-32 (zlib) of everything before it. The payload uses the checkpoint
// encoding (POD fields; vectors as a u64 count then the elements), in this
// order (docs/runtime.md, "Saved models", lists the fields):
//   program      u8[]   the .snnp bytes the model was trained with
//   settings     u64 seed, u32 train_images, epochs, assign_images, test_images
//   mask         u32[]  input -> pixel (the crop actually used)
//   weights      u32 rows, u32 cols, f32[rows*cols] weights (what the chip
//                reads), u16[] levels, u8[] pruned flags; row-major, rows =
//                inputs + bias row, cols = neurons
//   assignment   i8[neurons] class per neuron, -1 = never fired
//   homeostasis  f32[] beta, u64[] training spikes per neuron
//   lif          f32[] adaptive thresholds theta (empty for WTA programs)
//   trained      u8[]   the simulator's checkpoint payload after training
//   test_start   u8[]   the simulator's inference state when the test began
// Loading checks every field (sizes against the program, ranges, finite
// numbers) and that the explicit sections agree with the trained state.
#pragma once
#include "snnrt/Program.h"
#include "snnrt/Simulator.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace snnrt {

// 1: first version.
constexpr uint32_t kModelVersion = 1;

struct RunResult;

struct TrainedModel {
  std::string path;                       // file it was read from (for messages)
  std::shared_ptr<const Program> program; // verified
  uint64_t seed = 0;
  uint32_t trainImages = 0, epochs = 0, assignImages = 0, testImages = 0;
  std::vector<uint32_t> mask;
  uint32_t rows = 0, cols = 0;
  std::vector<float> weights;
  std::vector<uint16_t> levels;
  std::vector<uint8_t> pruned;
  std::vector<int8_t> assignment;
  std::vector<float> beta;
  std::vector<uint64_t> spikes;
  std::vector<float> theta;
  std::vector<uint8_t> trained, testStart;
};

// Snapshots a Trainer takes for --save-model: the full simulator state when
// training ends and the inference state when the test phase starts.
struct ModelCapture {
  std::vector<uint8_t> trained, testStart;
};

// Builds the model of a finished run (trained state from `cap`, assignment
// and settings from `r`).
TrainedModel makeModel(const Program &p, const Simulator &sim, const RunResult &r,
                       const ModelCapture &cap);
// Writes atomically (temp file + fsync + rename). Throws Error(Io).
void writeModelFile(const std::string &path, const TrainedModel &m);
// Reads and checks a model file: magic, version, CRC, the embedded program
// (the full program verifier), every field's size and range. The simulator
// state sections are checked when applied. Throws Error(BadCheckpoint)
// "<file>: field '<name>': ...".
// Refuses a non-regular file or one larger than maxBytes before reading it.
TrainedModel readModelFile(const std::string &path, uint64_t maxBytes);
// Loads the model into a simulator built for its program, mask and seed: the
// trained state, then (testStart) the state at the start of the test phase;
// checks that the explicit sections agree with it; zeroes the ledger.
void applyModel(Simulator &sim, const TrainedModel &m, bool testStart);

} // namespace snnrt
