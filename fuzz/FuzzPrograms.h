// The small programs of the fuzz targets and their seed corpus, built with
// the test ProgramBuilder (runtime/include/snnrt/testing/ProgramBuilder.h).
// Small on purpose: a run of a few images takes well under a millisecond.
#pragma once
#include "snnrt/Trainer.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <vector>

namespace snnfuzz {

// fuzz-checkpoint's run (and its seeds'): training, assignment and test
// images of the synthetic set (FuzzUtil.h writeSyntheticSet).
constexpr uint32_t kCheckpointTrain = 8, kCheckpointAssign = 4, kCheckpointTest = 2;
inline snnrt::RunConfig checkpointRunConfig(const std::string &dataDir) {
  snnrt::RunConfig c;
  c.dataDir = dataDir;
  c.trainLimit = kCheckpointTrain;
  c.assignLimit = kCheckpointAssign;
  c.testLimit = kCheckpointTest;
  c.epochs = 1;
  c.quiet = true;
  return c;
}

using snnrt::testkit::ProgramSpec;
namespace fb = snn::program;

// Soft pruning from the second image, wear leveling, adaptive-bias
// homeostasis, input windows and potentials kept across images, annealing;
// 31 x 6 weights on 4 tiles of 16 x 16 cells.
inline ProgramSpec tinyWta() {
  ProgramSpec s;
  s.name = "fuzz-wta";
  s.neurons = 6;
  s.crop_pixels = 30;
  s.presentation_ms = 10;
  s.input_window_ms = 3;
  s.window_ms = 3;
  s.max_rate_hz = 200;
  s.chip.tile_rows = 16;
  s.chip.tile_cols = 16;
  s.prune_mode = fb::PruneMode::Soft;
  s.prune_start = 2;
  s.prune_ramp = 2;
  s.prune_interval = 1;
  s.prune_target = 0.5f;
  s.order = fb::WriteOrder::WearLeveling;
  s.rotation_period = 3;
  s.homeostasis = fb::Homeostasis::AdaptiveBias;
  s.homeostasis_rate = 0.05f;
  s.reset_between_images = false;
  s.anneal_to = 0.3f;
  return s;
}

// LIF neurons (membranes, thresholds, refractory ends) with conventional
// pruning on the adaptive trigger.
inline ProgramSpec tinyLif() {
  ProgramSpec s = tinyWta();
  s.name = "fuzz-lif";
  s.model = fb::NeuronModel::LIFAdaptive;
  s.has_bias = false;
  s.init_low = 0;
  s.input_gain_mv = 4;
  s.tau_membrane_ms = 20;
  s.refractory_ms = 2;
  s.theta_plus_mv = 0.5f;
  s.tau_theta_ms = 1e5f;
  s.inhibition_mv = 20;
  s.homeostasis = fb::Homeostasis::None;
  s.homeostasis_rate = 0;
  s.prune_mode = fb::PruneMode::Conventional;
  s.prune_trigger = fb::PruneTrigger::Adaptive;
  s.prune_target = 0.2f;
  s.order = fb::WriteOrder::RowOrder;
  s.rotation_period = 0;
  return s;
}

// Further variants for the program and simulate corpora: multi-level cells,
// an explicit crop mask, no bias, other enums.
inline std::vector<ProgramSpec> seedPrograms() {
  std::vector<ProgramSpec> v = {tinyWta(), tinyLif()};
  {
    ProgramSpec s = tinyWta();
    s.name = "fuzz-multilevel"; // PCM card, 8 levels: nonlinearity, variation, stuck cells
    s.device = snnrt::testkit::deviceCard("pcm");
    s.encoding = fb::CellEncoding::MultiLevel;
    s.cells_per_weight = 1;
    s.levels = 8;
    s.chip.adc_bits = 3; // a column ADC resolving the 8 states
    s.rounding = fb::Rounding::Nearest;
    s.order = fb::WriteOrder::RowOrder;
    s.rotation_period = 0;
    s.prune_criterion = fb::PruneCriterion::LowestMagnitude;
    s.prune_trigger = fb::PruneTrigger::NeuronSpikes;
    s.homeostasis = fb::Homeostasis::RateScaledUpdates;
    v.push_back(s);
  }
  {
    ProgramSpec s = tinyWta();
    s.name = "fuzz-mask";
    s.crop_mask.clear();
    for (uint32_t i = 0; i < 24; ++i) s.crop_mask.push_back(300 + 13 * i);
    s.has_bias = false;
    s.reset_between_images = true;
    s.prune_mode = fb::PruneMode::None;
    s.order = fb::WriteOrder::RowOrder;
    s.rotation_period = 0;
    s.ltp = fb::LtpForm::Constant;
    s.ltd = fb::LtdForm::NesslerExp;
    s.assignment = fb::Assignment::MaxTotalSpikes;
    s.init = fb::InitKind::Constant;
    s.init_low = 0.1f;
    s.skip_unchanged = false;
    s.skip_pruned = false;
    v.push_back(s);
  }
  {
    ProgramSpec s = tinyLif();
    s.name = "fuzz-lif-soft";
    s.prune_mode = fb::PruneMode::Soft;
    s.prune_trigger = fb::PruneTrigger::Images;
    s.cells_per_weight = 2;
    s.levels = 4;
    s.batch_size = 1;
    v.push_back(s);
  }
  return v;
}

} // namespace snnfuzz
