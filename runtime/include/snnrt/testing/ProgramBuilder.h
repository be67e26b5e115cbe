// Test/bench helper: builds valid .snnp programs with the FlatBuffers builder
// API from a struct of defaults; tests override individual fields. Never
// hand-made bytes. The defaults follow the reference point for sanity in
// docs/learning-model.md (Nessler STDP eta 0.01, c = e, f_max 63.75 Hz, 1 ms
// steps, 100 ms per image, 10 ms windows, R*dt = 0.2) on a small 20-neuron
// network.
#pragma once
#include "snn/contract/Cards.h"
#include "snn/contract/Version.h"
#include "snn/schema/program_generated.h"

#include <cstdint>
#include <string>
#include <vector>

namespace snnrt::testkit {

namespace fb = snn::program;

struct BlockSpec {
  uint32_t tile, tile_row, tile_col, pre_begin, pre_count, post_begin, post_count;
};

using snn_contract::ChipCard;
using snn_contract::DeviceCard;

// A shipped card by name; throws std::out_of_range for an unknown one.
DeviceCard deviceCard(const std::string &name);
ChipCard chipCard(const std::string &name);

struct ProgramSpec {
  uint32_t format_version = snn_contract::kFormatVersion;
  std::string name = "test", producer = "ProgramBuilder";
  DeviceCard device = deviceCard("subquantum-cbram");
  ChipCard chip = chipCard("cbram-512k");
  // Quantization
  fb::CellEncoding encoding = fb::CellEncoding::DigitalBits;
  uint32_t cells_per_weight = 4, levels = 16;
  // Conductance per cell state used; empty = evenly spaced over the card's
  // [g_min, g_max] (2 states for digital words, `levels` for multi-level).
  std::vector<float> conductance_us;
  float w_min = -1, w_max = 1;
  fb::Rounding rounding = fb::Rounding::Stochastic;
  uint32_t pruned_level = 0;
  // Encoding
  uint32_t image_width = 28, image_height = 28, crop_pixels = 397;
  std::vector<uint32_t> crop_mask;
  float max_rate_hz = 63.75f, dt_ms = 1, presentation_ms = 100, input_window_ms = 10;
  bool reset_between_images = true;
  fb::Accumulation accumulation = fb::Accumulation::Rewindow;
  // Population
  fb::NeuronModel model = fb::NeuronModel::BayesianWTA;
  uint32_t neurons = 20;
  float total_rate_hz = 200;
  fb::Homeostasis homeostasis = fb::Homeostasis::None;
  float homeostasis_rate = 0;
  float v_rest_mv = -65, v_reset_mv = -65, v_thresh_mv = -52, tau_membrane_ms = 100,
        refractory_ms = 5, theta_plus_mv = 0.05f, tau_theta_ms = 1e7f, inhibition_mv = 17,
        input_gain_mv = 1;
  // Projection (pre_size = crop size unless set)
  uint32_t pre_size = 0;
  bool has_bias = true;
  fb::InitKind init = fb::InitKind::Uniform;
  float init_low = -1, init_high = 1, bias_init_low = -1, bias_init_high = 1;
  std::vector<float> initial_weights; // init Dense: rows x neurons, row-major
  // STDP
  float window_ms = 10;
  fb::LtpForm ltp = fb::LtpForm::NesslerExp;
  fb::LtdForm ltd = fb::LtdForm::Constant;
  float eta_ltp = 0.01f, eta_ltd = 0.01f, ltp_c = 2.718281828f;
  bool learn_bias = true;
  // Pruning
  fb::PruneMode prune_mode = fb::PruneMode::None;
  fb::PruneTrigger prune_trigger = fb::PruneTrigger::Images;
  fb::PruneCriterion prune_criterion = fb::PruneCriterion::LowestWeight;
  uint32_t prune_start = 0, prune_ramp = 0, prune_interval = 1000;
  float prune_target = 0, prune_value = -1, adaptive_tolerance = 0.05f;
  uint32_t prune_maturity = 0;
  // Write scheduling
  bool skip_unchanged = true, skip_pruned = true;
  fb::WriteOrder order = fb::WriteOrder::RowOrder;
  uint32_t batch_size = 0; // 0 = the chip's write_drivers_per_tile
  uint32_t rotation_period = 0;
  float anneal_to = 1;
  // Training
  fb::Dataset dataset = fb::Dataset::MNIST;
  uint32_t epochs = 1, train_limit = 0, test_limit = 0, assign_limit = 0;
  uint64_t seed = 1;
  fb::Assignment assignment = fb::Assignment::MaxAverageResponse;
  // Readout presentation of assignment and test (0 = as in training)
  float readout_presentation_ms = 0, readout_max_rate_hz = 0, readout_total_rate_hz = 0;
  // Placement; empty = automatic (column blocks filling tiles in order).
  std::vector<BlockSpec> placement;
};

// Column-block placement that fills tiles in order: each block holds all rows
// (or tile_rows of them) and as many neurons as fit the tile's columns.
std::vector<BlockSpec> autoPlacement(const ProgramSpec &s);
std::vector<uint8_t> buildProgram(const ProgramSpec &s);
void writeProgramFile(const ProgramSpec &s, const std::string &path);

} // namespace snnrt::testkit
