// The whole run: load data, train (with checkpoints), assign a class to every
// neuron on labelled training data with frozen weights, test, and collect the
// results for the report.
#pragma once
#include "snnrt/Dataset.h"
#include "snnrt/Program.h"
#include "snnrt/Simulator.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace snnrt {

struct TrainedModel;
struct ModelCapture;

// Command-line overrides of the program's Training fields (unset = program).
struct RunConfig {
  std::string dataDir;
  std::optional<uint32_t> trainLimit, testLimit, epochs, assignLimit;
  std::optional<uint64_t> seed;
  std::string checkpointPath;
  uint64_t checkpointEvery = 0;  // training images between checkpoints
  std::string resumePath;
  bool quiet = false;
  // Memory budget of the run, bytes (--max-memory): a program, data set or
  // checkpoint that needs more is refused before it is allocated.
  uint64_t memoryBudget = defaultMemoryBudget();
  // Stop after this many training images of this run, counted from where it
  // starts (the checkpoint's position with a resume), without assigning or
  // testing; tests interrupt a run with it. The last checkpoint written is
  // the one to resume from. 0 = never.
  uint64_t stopAfter = 0;
  // Inference from a saved model (--model, Model.h): no training; the
  // model's trained state, mask and seed are used, its recorded limits are
  // the defaults; runAssign/runTest pick the phases (--phase). Without
  // runAssign the model's assignment classifies the test images.
  std::shared_ptr<const TrainedModel> model;
  bool runAssign = true, runTest = true;
  // --save-model: filled with the trained and test-start snapshots.
  ModelCapture *capture = nullptr;
};

struct PhaseResult {
  uint32_t images = 0;
  double wallSeconds = 0;
  uint64_t outputSpikes = 0;
};

struct RunResult {
  // Effective settings.
  uint32_t trainImages = 0, epochs = 0, assignImages = 0, testImages = 0;
  uint64_t seed = 0;
  bool resumed = false, stopped = false;
  std::string modelPath; // inference from this model (no training)
  // Training position at the end of training (images over all epochs,
  // including those before a resume) and the full run's; equal unless
  // stopped. lastCheckpoint: position of the last checkpoint this run wrote
  // (0 = none).
  uint64_t trainPosition = 0, trainTotal = 0, lastCheckpoint = 0;
  PhaseResult train, assign, test;
  // Classification.
  std::vector<int8_t> assignment;            // neuron -> class, -1 = never fired
  std::array<std::array<uint32_t, 10>, 10> confusion{}; // [true][predicted]
  std::array<uint32_t, 10> noSpike{};        // test images of class c with no output spike
  std::array<uint32_t, 10> classCount{};
  double testAccuracy = 0, trainAccuracy = 0; // train = on the assignment images
  uint64_t trainCorrect = 0, testCorrect = 0;
  double peakRssMb = 0;
  // What the run was estimated to need (Trainer::memoryEstimate), MiB.
  double memoryEstimateMb = 0;
};

class Trainer {
public:
  Trainer(const Program &p, RunConfig cfg);
  RunResult run();
  // What the run needs: the simulator's estimate, the Trainer's own arrays
  // and the data read (once read).
  const MemoryEstimate &memoryEstimate() const { return estimate_; }
  Simulator &simulator() { return *sim_; }
  const LabelledImages &trainSet() const { return train_; }

private:
  void checkpoint(uint64_t position);
  // Model runs (TrainerModel.cpp).
  void adoptModelSettings();
  void applyModelState();
  void captureModel(Phase phase);
  const Program &prog_;
  RunConfig cfg_;
  LabelledImages train_, test_;
  std::unique_ptr<Simulator> sim_;
  uint32_t trainN_ = 0, epochs_ = 0, assignN_ = 0, testN_ = 0;
  uint64_t seed_ = 0;
  MemoryEstimate estimate_;
};

double peakRssMb();

} // namespace snnrt
