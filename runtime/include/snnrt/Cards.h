// The shipped device and chip cards (schema/include/snn/schema/DeviceCards.def)
// as C++ values, for tests, the benchmark generator and the docs.
#pragma once
#include <string>
#include <vector>

namespace snnrt {

struct DeviceCardValues {
  std::string name, technology;
  unsigned levels;
  float g_min_us, g_max_us, read_pj, set_pj, reset_pj, verify_pj, set_ns, reset_ns, read_ns;
  bool verify;
  float nonlinearity, c2c, d2d;
  double endurance;
  float stuck_set, stuck_reset, leakage_pw;
  std::string source;
};

struct ChipValues {
  std::string name;
  float clock_mhz;
  unsigned num_tiles, tile_rows, tile_cols, adc_bits, write_drivers, neuron_units,
      neuron_update_cycles;
  float neuron_update_pj;
  unsigned spike_route_cycles;
  float spike_route_pj;
  unsigned control_cycles;
  float control_pj, rng_pj;
  std::string source;
};

const std::vector<DeviceCardValues> &deviceCards();
const std::vector<ChipValues> &chipCards();
// Throws std::out_of_range for an unknown name.
const DeviceCardValues &deviceCard(const std::string &name);
const ChipValues &chipCard(const std::string &name);

} // namespace snnrt
