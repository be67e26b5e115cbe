#include "snnrt/testing/ProgramBuilder.h"

#include "snn/contract/ProgramIO.h"

#include <fstream>
#include <stdexcept>

namespace snnrt::testkit {

DeviceCard deviceCard(const std::string &name) {
  if (auto c = snn_contract::lookupDeviceCard(name)) return *c;
  throw std::out_of_range("unknown device card '" + name + "'");
}
ChipCard chipCard(const std::string &name) {
  if (auto c = snn_contract::lookupChipCard(name)) return *c;
  throw std::out_of_range("unknown chip card '" + name + "'");
}

static uint32_t cropSize(const ProgramSpec &s) {
  return s.crop_mask.empty() ? s.crop_pixels : uint32_t(s.crop_mask.size());
}

std::vector<BlockSpec> autoPlacement(const ProgramSpec &s) {
  const uint32_t pre = s.pre_size ? s.pre_size : cropSize(s);
  const uint32_t rows = pre + (s.has_bias ? 1 : 0);
  const uint32_t cellsPerWeight = s.encoding == fb::CellEncoding::DigitalBits ? s.cells_per_weight : 1;
  const uint32_t perTile = s.chip.tile_cols / cellsPerWeight;
  std::vector<BlockSpec> out;
  uint32_t tile = 0;
  if (perTile == 0) throw std::runtime_error("autoPlacement: a weight does not fit a tile row");
  for (uint32_t r0 = 0; r0 < rows; r0 += s.chip.tile_rows) {
    uint32_t rc = std::min(s.chip.tile_rows, rows - r0);
    for (uint32_t k0 = 0; k0 < s.neurons; k0 += perTile) {
      uint32_t kc = std::min(perTile, s.neurons - k0);
      out.push_back({tile++, 0, 0, r0, rc, k0, kc});
    }
  }
  return out;
}

std::vector<uint8_t> buildProgram(const ProgramSpec &s) {
  flatbuffers::FlatBufferBuilder b(1 << 16);
  auto dev = snn_contract::writeDeviceCard(b, s.device);
  auto chip = snn_contract::writeChipCard(b, s.chip);
  std::vector<float> g = s.conductance_us;
  if (g.empty()) {
    uint32_t states = s.encoding == fb::CellEncoding::DigitalBits ? 2 : s.levels;
    for (uint32_t i = 0; i < states; ++i)
      g.push_back(float(s.device.g_min_us +
                        (s.device.g_max_us - s.device.g_min_us) * i / double(states - 1)));
  }
  auto quant = fb::CreateQuantizationDirect(b, s.encoding,
                                            s.encoding == fb::CellEncoding::DigitalBits ? s.cells_per_weight : 1,
                                            s.levels,
                                            s.w_min, s.w_max, s.rounding, s.pruned_level, &g);
  auto enc = fb::CreateEncodingDirect(b, s.image_width, s.image_height, s.crop_pixels,
                                      s.crop_mask.empty() ? nullptr : &s.crop_mask,
                                      s.max_rate_hz, s.dt_ms, s.presentation_ms,
                                      s.input_window_ms, s.reset_between_images,
                                      s.accumulation);
  auto pop = fb::CreatePopulation(b, s.model, s.neurons, s.total_rate_hz, s.homeostasis,
                                  s.homeostasis_rate, s.v_rest_mv, s.v_reset_mv,
                                  s.v_thresh_mv, s.tau_membrane_ms, s.refractory_ms,
                                  s.theta_plus_mv, s.tau_theta_ms, s.inhibition_mv,
                                  s.input_gain_mv);
  auto proj = fb::CreateProjection(b, s.pre_size ? s.pre_size : cropSize(s), s.neurons,
                                   s.has_bias, s.init, s.init_low, s.init_high,
                                   s.bias_init_low, s.bias_init_high,
                                   s.initial_weights.empty() ? 0 : b.CreateVector(s.initial_weights));
  auto stdp = fb::CreateStdp(b, s.window_ms, s.ltp, s.ltd, s.eta_ltp, s.eta_ltd, s.ltp_c,
                             s.learn_bias, s.anneal_to);
  auto prune = fb::CreatePruning(b, s.prune_mode, s.prune_trigger, s.prune_criterion,
                                 s.prune_start, s.prune_ramp, s.prune_interval, s.prune_target,
                                 s.prune_value, s.adaptive_tolerance, s.prune_maturity);
  auto ws = fb::CreateWriteSchedule(b, s.skip_unchanged, s.skip_pruned, s.order,
                                    s.batch_size ? s.batch_size : s.chip.write_drivers_per_tile,
                                    s.rotation_period);
  auto tr = fb::CreateTraining(b, s.dataset, s.epochs, s.train_limit, s.test_limit,
                               s.assign_limit, s.seed, s.assignment,
                               s.readout_presentation_ms, s.readout_max_rate_hz,
                               s.readout_total_rate_hz);
  std::vector<flatbuffers::Offset<fb::WeightBlock>> blocks;
  for (const BlockSpec &bl : s.placement.empty() ? autoPlacement(s) : s.placement)
    blocks.push_back(fb::CreateWeightBlock(b, bl.tile, bl.tile_row, bl.tile_col, bl.pre_begin,
                                           bl.pre_count, bl.post_begin, bl.post_count));
  auto prov = fb::CreateProvenanceDirect(b, s.name.c_str(), "", s.producer.c_str(), "");
  auto prog = fb::CreateProgramDirect(b, s.format_version, s.name.c_str(), s.producer.c_str(),
                                      dev, chip, quant, enc, pop, proj, stdp, prune, ws, tr,
                                      &blocks, prov);
  fb::FinishProgramBuffer(b, prog);
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

void writeProgramFile(const ProgramSpec &s, const std::string &path) {
  auto bytes = buildProgram(s);
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

} // namespace snnrt::testkit
