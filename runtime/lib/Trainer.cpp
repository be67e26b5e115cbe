#include "snnrt/Trainer.h"
#include "snnrt/Checkpoint.h"
#include "snnrt/Error.h"
#include "snnrt/Model.h"
#include "snnrt/Progress.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>

namespace snnrt {

double peakRssMb() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_maxrss) / 1024.0; // Linux: kilobytes
}

namespace {
double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
uint32_t pick(std::optional<uint32_t> o, uint32_t programValue) {
  return o ? *o : programValue;
}
} // namespace

Trainer::Trainer(const Program &p, RunConfig cfg) : prog_(p), cfg_(std::move(cfg)) {
  if (cfg_.model) adoptModelSettings();
  auto tr = p.root().training();
  auto enc = p.root().encoding();
  uint32_t trainLimit = pick(cfg_.trainLimit, tr->train_limit());
  uint32_t testLimit = pick(cfg_.testLimit, tr->test_limit());
  uint32_t assignLimit = pick(cfg_.assignLimit, tr->assign_limit());
  epochs_ = pick(cfg_.epochs, tr->epochs());
  seed_ = cfg_.seed ? *cfg_.seed : tr->seed();
  if (epochs_ == 0) throw Error(ErrorKind::Usage, "--epochs must be >= 1");

  // Memory first: the program's declared sizes against the budget, before
  // the data are read or anything is allocated for the simulator.
  const uint64_t budget = cfg_.memoryBudget;
  const uint64_t n = p.root().population()->size();
  estimate_ = Simulator::estimateMemory(p);
  // run(): spike counts and responses per neuron, the class assignment.
  estimate_.add("neurons", n * (sizeof(uint32_t) + sizeof(std::array<uint64_t, 10>) + sizeof(int8_t)));
  // Writing a checkpoint holds its payload next to the simulator.
  if (!cfg_.checkpointPath.empty()) estimate_.add("checkpoint", Simulator::estimateCheckpoint(p));
  if (estimate_.total() > budget)
    throw Error(ErrorKind::BadProgram, p.name() + ": needs an estimated " + estimate_.describe() +
                                           " but the memory budget is " + formatBytes(budget) +
                                           " (--max-memory)");
  auto dataWhy = [&] {
    return "what the memory budget of " + formatBytes(budget) + " leaves after the program's " +
           formatBytes(estimate_.total()) + " (--max-memory)";
  };

  // The crop mask by mean intensity needs every training image; otherwise
  // read only what training and assignment use.
  bool needMask = !cfg_.model && !(enc->crop_mask() && enc->crop_mask()->size() > 0);
  uint32_t readN = (needMask || trainLimit == 0) ? 0 : std::max(trainLimit, assignLimit);
  train_ = loadSplit(cfg_.dataDir, "train", readN, budget - estimate_.total(), dataWhy());
  estimate_.add("data", train_.pixels.size() + train_.labels.size());
  test_ = loadSplit(cfg_.dataDir, "t10k", testLimit,
                    budget - std::min(budget, estimate_.total()), dataWhy());
  estimate_.add("data", test_.pixels.size() + test_.labels.size());
  if (train_.width != enc->image_width() || train_.height != enc->image_height())
    throw Error(ErrorKind::BadData,
                train_.imagesPath + ": images are " + std::to_string(train_.height) + "x" +
                    std::to_string(train_.width) + " but the program expects " +
                    std::to_string(enc->image_height()) + "x" +
                    std::to_string(enc->image_width()));
  if (test_.width != train_.width || test_.height != train_.height)
    throw Error(ErrorKind::BadData, test_.imagesPath + ": image size differs from the training set");

  std::vector<uint32_t> mask;
  if (cfg_.model) mask = cfg_.model->mask;
  else if (needMask) mask = cropByMeanIntensity(train_, enc->crop_pixels());
  else mask.assign(enc->crop_mask()->begin(), enc->crop_mask()->end());

  trainN_ = trainLimit == 0 ? train_.count : std::min(trainLimit, train_.count);
  assignN_ = assignLimit == 0 ? trainN_ : std::min(assignLimit, train_.count);
  testN_ = test_.count;

  // The cycle counters are 64-bit: the steps of the run, each at least dt
  // long, must not overflow them. Training and readout images may differ
  // in length.
  const uint64_t trainImages = uint64_t(trainN_) * epochs_,
                 readoutImages = uint64_t(assignN_) + testN_;
  const double steps = double(trainImages) * p.derived().stepsPerImage +
                       double(readoutImages) * p.derived().readoutStepsPerImage;
  if (steps * double(std::max<uint64_t>(1, p.derived().cycles.step)) > 0x1p63)
    throw Error(ErrorKind::Usage,
                p.name() + ": the run simulates " + std::to_string(trainImages) +
                    " training images of " + std::to_string(p.derived().stepsPerImage) +
                    " steps and " + std::to_string(readoutImages) + " assignment and test images of " +
                    std::to_string(p.derived().readoutStepsPerImage) + " steps, each of " +
                    std::to_string(p.derived().cycles.step) +
                    " cycles, more than 2^63 cycles: the cycle counters would overflow "
                    "(use fewer --epochs or images)");
  // The pruning history: one sample per controller step.
  const auto *pg = p.root().pruning();
  if (pg->mode() != fb::PruneMode::None)
    estimate_.add("other", uint64_t(trainN_) * epochs_ / std::max(1u, pg->interval()) *
                               sizeof(PruneSample));
  sim_ = std::make_unique<Simulator>(p, std::move(mask), seed_);
  if (cfg_.model) applyModelState();
}

// Payload = run position + the settings it depends on + simulator state.
void Trainer::checkpoint(uint64_t position) {
  auto save = [&](CheckpointWriter &w) {
    w.pod(position);
    w.pod(trainN_);
    w.pod(epochs_);
    w.pod(seed_);
    sim_->save(w);
  };
  CheckpointWriter count(CheckpointWriter::kCount);
  save(count);
  CheckpointWriter w;
  w.reserve(count.size());
  save(w);
  writeCheckpointFile(cfg_.checkpointPath, prog_.hash(), w.bytes());
}

RunResult Trainer::run() {
  RunResult res;
  res.trainImages = trainN_;
  res.epochs = epochs_;
  res.assignImages = assignN_;
  res.testImages = testN_;
  res.seed = seed_;
  res.memoryEstimateMb = double(estimate_.total()) / (1024.0 * 1024.0);
  if (cfg_.model) res.modelPath = cfg_.model->path;
  const uint32_t n = sim_->neurons();
  const uint64_t totalTrain = uint64_t(trainN_) * epochs_;
  uint64_t position = 0;

  if (!cfg_.resumePath.empty()) {
    // Resuming holds the file and the state read from it next to the
    // simulator: at most half of what the budget leaves.
    const uint64_t left =
        cfg_.memoryBudget - std::min(cfg_.memoryBudget, estimate_.total());
    std::vector<uint8_t> payload = readCheckpointFile(
        cfg_.resumePath, prog_.hash(), left / 2,
        "half of what the memory budget of " + formatBytes(cfg_.memoryBudget) +
            " leaves after the run's estimated " + formatBytes(estimate_.total()) +
            " (resuming holds the file and the state read from it; --max-memory)");
    CheckpointReader r(payload.data(), payload.size(), cfg_.resumePath);
    position = r.pod<uint64_t>("run.position");
    const uint32_t tn = r.pod<uint32_t>("run.train_images");
    const uint32_t ep = r.pod<uint32_t>("run.epochs");
    const uint64_t sd = r.pod<uint64_t>("run.seed");
    if (tn != trainN_ || ep != epochs_ || sd != seed_)
      throw Error(ErrorKind::BadCheckpoint,
                  cfg_.resumePath + ": checkpoint was taken with train images " +
                      std::to_string(tn) + ", epochs " + std::to_string(ep) + ", seed " +
                      std::to_string(sd) + "; this run uses " + std::to_string(trainN_) +
                      ", " + std::to_string(epochs_) + ", " + std::to_string(seed_));
    if (position > totalTrain)
      r.fail("run.position", std::to_string(position) + " > " + std::to_string(totalTrain) +
                                 " training images of the run");
    sim_->load(r);
    // Training images are presented one per position.
    if (sim_->trainImagesSeen() != position)
      r.fail("simulator.train_images_seen", std::to_string(sim_->trainImagesSeen()) +
                                                " != run.position " + std::to_string(position));
    if (!r.atEnd()) throw Error(ErrorKind::BadCheckpoint, cfg_.resumePath + ": trailing bytes in checkpoint");
    res.resumed = true;
  }

  auto style = Progress::detect(cfg_.quiet);
  // Training (none from a model).
  if (!cfg_.model) {
    auto t0 = std::chrono::steady_clock::now();
    const uint64_t start = position;
    // --stop-after N: this run trains N images (from where it starts), unless
    // training ends first; the progress display counts to that point.
    const uint64_t end = cfg_.stopAfter && cfg_.stopAfter < totalTrain - start
                             ? start + cfg_.stopAfter
                             : totalTrain;
    Progress bar(style, "train", end, position);
    uint64_t spikes0 = sim_->ledger().at(Phase::Train).outputSpikes;
    while (position < end) {
      sim_->setTrainingProgress(position, totalTrain);
      sim_->present(train_.image(uint32_t(position % trainN_)), Phase::Train, nullptr);
      sim_->afterTrainImage();
      ++position;
      bar.update(position);
      if (!cfg_.checkpointPath.empty() && cfg_.checkpointEvery > 0 &&
          position % cfg_.checkpointEvery == 0 && position < totalTrain) {
        checkpoint(position);
        res.lastCheckpoint = position;
      }
    }
    bar.finish();
    res.stopped = position < totalTrain;
    res.trainPosition = position;
    res.trainTotal = totalTrain;
    res.train.images = uint32_t(position - start);
    res.train.wallSeconds = since(t0);
    res.train.outputSpikes = sim_->ledger().at(Phase::Train).outputSpikes - spikes0;
    if (res.stopped) {
      res.peakRssMb = peakRssMb();
      return res;
    }
  }

  // Assignment on labelled training images with frozen weights.
  if (cfg_.capture) captureModel(Phase::Assign);
  std::vector<uint32_t> counts(n, 0);
  std::vector<std::array<uint64_t, 10>> response(n);
  for (auto &r : response) r.fill(0);
  std::array<uint64_t, 10> perClass{};
  std::vector<uint32_t> imgBegin(assignN_ + 1, 0);
  std::vector<std::pair<uint32_t, uint32_t>> imgSpikes; // (neuron, count)
  {
    auto t0 = std::chrono::steady_clock::now();
    Progress bar(style, "assign", assignN_);
    for (uint32_t i = 0; i < assignN_; ++i) {
      std::fill(counts.begin(), counts.end(), 0);
      res.assign.outputSpikes += sim_->present(train_.image(i), Phase::Assign, counts.data());
      uint8_t label = train_.labels[i];
      ++perClass[label];
      for (uint32_t k = 0; k < n; ++k)
        if (counts[k]) {
          response[k][label] += counts[k];
          imgSpikes.emplace_back(k, counts[k]);
        }
      imgBegin[i + 1] = uint32_t(imgSpikes.size());
      bar.update(i + 1);
    }
    bar.finish();
    res.assign.images = assignN_;
    res.assign.wallSeconds = since(t0);
  }
  const bool average = prog_.root().training()->assignment() == fb::Assignment::MaxAverageResponse;
  res.assignment.assign(n, -1);
  for (uint32_t k = 0; k < n; ++k) {
    double best = 0;
    for (int c = 0; c < 10; ++c) {
      if (!response[k][c]) continue;
      double score = average ? double(response[k][c]) / double(perClass[c]) : double(response[k][c]);
      if (score > best) { best = score; res.assignment[k] = int8_t(c); }
    }
  }
  // A digit is the class whose assigned neurons spiked most (ties: lower class).
  auto predict = [&](auto forEachSpike) {
    std::array<uint64_t, 10> votes{};
    bool any = false;
    forEachSpike([&](uint32_t k, uint32_t c) {
      if (res.assignment[k] >= 0) { votes[size_t(res.assignment[k])] += c; any = true; }
    });
    if (!any) return -1;
    return int(std::max_element(votes.begin(), votes.end()) - votes.begin());
  };
  for (uint32_t i = 0; i < assignN_; ++i) {
    int p = predict([&](auto f) {
      for (uint32_t j = imgBegin[i]; j < imgBegin[i + 1]; ++j) f(imgSpikes[j].first, imgSpikes[j].second);
    });
    if (p == int(train_.labels[i])) ++res.trainCorrect;
  }
  res.trainAccuracy = assignN_ ? double(res.trainCorrect) / assignN_ : 0;
  if (cfg_.model && !cfg_.runAssign) res.assignment = cfg_.model->assignment;
  if (cfg_.capture) captureModel(Phase::Test);

  // Test.
  {
    auto t0 = std::chrono::steady_clock::now();
    Progress bar(style, "test", testN_);
    for (uint32_t i = 0; i < testN_; ++i) {
      std::fill(counts.begin(), counts.end(), 0);
      res.test.outputSpikes += sim_->present(test_.image(i), Phase::Test, counts.data());
      int p = predict([&](auto f) {
        for (uint32_t k = 0; k < n; ++k)
          if (counts[k]) f(k, counts[k]);
      });
      uint8_t label = test_.labels[i];
      ++res.classCount[label];
      if (p < 0) ++res.noSpike[label];
      else ++res.confusion[label][size_t(p)];
      if (p == int(label)) ++res.testCorrect;
      bar.update(i + 1);
    }
    bar.finish();
    res.test.images = testN_;
    res.test.wallSeconds = since(t0);
  }
  res.testAccuracy = testN_ ? double(res.testCorrect) / testN_ : 0;
  res.peakRssMb = peakRssMb();
  return res;
}

} // namespace snnrt
