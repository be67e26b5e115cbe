// The Trainer's side of saved models: settings and state from a model
// (--model), snapshots for --save-model. Kept apart from Trainer.cpp.
#include "snnrt/Error.h"
#include "snnrt/Model.h"
#include "snnrt/Trainer.h"

namespace snnrt {

void Trainer::adoptModelSettings() {
  const TrainedModel &m = *cfg_.model;
  if (m.program->hash() != prog_.hash())
    throw Error(ErrorKind::BadCheckpoint,
                m.path + ": the model was trained with another program (program bytes differ)");
  if (!cfg_.resumePath.empty() || !cfg_.checkpointPath.empty() || cfg_.stopAfter)
    throw Error(ErrorKind::Usage,
                "--model runs no training: --resume, --checkpoint and --stop-after do not apply");
  if (cfg_.capture) throw Error(ErrorKind::Usage, "--model runs no training: nothing to --save-model");
  if (cfg_.seed && *cfg_.seed != m.seed)
    throw Error(ErrorKind::Usage,
                "--seed " + std::to_string(*cfg_.seed) + " differs from the model's seed " +
                    std::to_string(m.seed) +
                    " (the device's faults and variation were drawn from it)");
  if (cfg_.epochs && *cfg_.epochs != m.epochs)
    throw Error(ErrorKind::Usage, "--epochs does not apply to a model (trained for " +
                                      std::to_string(m.epochs) + " epochs)");
  if (!cfg_.runAssign && !cfg_.runTest)
    throw Error(ErrorKind::Usage, "--phase selects no phase");
  cfg_.seed = m.seed;
  cfg_.epochs = m.epochs;
  // The training run's limits are the defaults, so that assign and test
  // repeat the original phases.
  if (!cfg_.trainLimit) cfg_.trainLimit = m.trainImages;
  if (!cfg_.assignLimit) cfg_.assignLimit = m.assignImages;
  if (!cfg_.testLimit) cfg_.testLimit = m.testImages;
}

void Trainer::applyModelState() {
  applyModel(*sim_, *cfg_.model, /*testStart=*/!cfg_.runAssign);
  if (!cfg_.runAssign) assignN_ = 0;
  if (!cfg_.runTest) testN_ = 0;
}

void Trainer::captureModel(Phase phase) {
  CheckpointWriter w;
  if (phase == Phase::Assign) {
    sim_->save(w);
    cfg_.capture->trained = w.bytes();
  } else {
    sim_->saveInference(w);
    cfg_.capture->testStart = w.bytes();
  }
}

} // namespace snnrt
