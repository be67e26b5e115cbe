#include "snn/contract/Cards.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace snn_contract {

std::string formatReal(double value) {
  // The shortest %g text that reads back exactly: "10" rather than "1e+01",
  // "1e+06" rather than "1000000".
  std::string best;
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (std::isfinite(value) && std::strtod(buffer, nullptr) != value)
      continue;
    if (best.empty() || std::string(buffer).size() < best.size())
      best = buffer;
    if (!std::isfinite(value))
      break;
  }
  return best;
}

#define SNN_CARD_EQ(KIND, name, def, lo, hi, doc) &&name == o.name
bool DeviceCard::operator==(const DeviceCard &o) const {
  return true
#define SNN_DEVICE_FIELD SNN_CARD_EQ
#include "snn/contract/CardFields.def"
      ;
}
bool ChipCard::operator==(const ChipCard &o) const {
  return true
#define SNN_CHIP_FIELD SNN_CARD_EQ
#include "snn/contract/CardFields.def"
      ;
}
#undef SNN_CARD_EQ

#define SNN_KIND_STR FieldKind::Str
#define SNN_KIND_UINT FieldKind::Uint
#define SNN_KIND_REAL FieldKind::Real
#define SNN_KIND_BOOL FieldKind::Bool
#define SNN_CARD_INFO(KIND, name, def, lo, hi, doc)                            \
  {#name, SNN_KIND_##KIND, double(lo), double(hi), doc},
const std::vector<FieldInfo> &deviceFields() {
  static const std::vector<FieldInfo> fields = {
#define SNN_DEVICE_FIELD SNN_CARD_INFO
#include "snn/contract/CardFields.def"
  };
  return fields;
}
const std::vector<FieldInfo> &chipFields() {
  static const std::vector<FieldInfo> fields = {
#define SNN_CHIP_FIELD SNN_CARD_INFO
#include "snn/contract/CardFields.def"
  };
  return fields;
}
#undef SNN_CARD_INFO

namespace {
// Range checks driven by the table: STR and BOOL have none.
#define SNN_CHECK_STR(name, lo, hi)
#define SNN_CHECK_BOOL(name, lo, hi)
#define SNN_CHECK_UINT(name, lo, hi)                                           \
  if (card.name < uint32_t(lo) || card.name > uint32_t(hi))                    \
    return Violation{#name, "must be in [" + std::to_string(uint32_t(lo)) +    \
                                ", " + std::to_string(uint32_t(hi)) +          \
                                "] (got " + std::to_string(card.name) + ")"};
#define SNN_CHECK_REAL(name, lo, hi)                                           \
  if (!(card.name >= double(lo) && card.name <= double(hi)))                   \
    return Violation{#name, "must be in [" + formatReal(lo) + ", " +           \
                                formatReal(hi) + "] (got " +                   \
                                formatReal(card.name) + ")"};
#define SNN_CARD_CHECK(KIND, name, def, lo, hi, doc) SNN_CHECK_##KIND(name, lo, hi)

std::optional<Violation> checkDeviceRanges(const DeviceCard &card) {
#define SNN_DEVICE_FIELD SNN_CARD_CHECK
#include "snn/contract/CardFields.def"
  return std::nullopt;
}
std::optional<Violation> checkChipRanges(const ChipCard &card) {
#define SNN_CHIP_FIELD SNN_CARD_CHECK
#include "snn/contract/CardFields.def"
  return std::nullopt;
}
#undef SNN_CARD_CHECK
} // namespace

std::optional<Violation> checkDeviceCard(const DeviceCard &card) {
  if (card.name.empty())
    return Violation{"name", "a device card needs a name"};
  if (auto v = checkDeviceRanges(card))
    return v;
  if (card.g_min_us > card.g_max_us)
    return Violation{"g_min_us", "must be <= g_max_us (" +
                                     formatReal(card.g_max_us) + "), got " +
                                     formatReal(card.g_min_us)};
  if (card.stuck_at_set_rate + card.stuck_at_reset_rate > 1)
    return Violation{"stuck_at_set_rate",
                     "stuck-at rates sum to more than 1"};
  return std::nullopt;
}

std::optional<Violation> checkChipCard(const ChipCard &card) {
  if (card.name.empty())
    return Violation{"name", "a chip needs a name"};
  if (auto v = checkChipRanges(card))
    return v;
  // Tile indices, rows and columns are 32-bit in the runtime's cell addressing.
  if (double(card.num_tiles) * card.tile_rows * card.tile_cols > 4e9)
    return Violation{"num_tiles", "a chip larger than 4 Gcells is not supported"};
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// The shipped cards
//===----------------------------------------------------------------------===//

const std::vector<DeviceCard> &shippedDeviceCards() {
  static const std::vector<DeviceCard> cards = [] {
    std::vector<DeviceCard> list;
    {
      DeviceCard c;
      c.name = "subquantum-cbram";
      c.technology = "subquantum CBRAM (Cu/Al2O3-type, Adesto)";
      c.levels = 2;
      c.g_min_us = 0.5;
      c.g_max_us = 50.0;
      c.read_energy_pj = 0.01;
      c.set_energy_pj = 0.1;
      c.reset_energy_pj = 0.1;
      c.verify_energy_pj = 0.01;
      c.set_pulse_ns = 100.0;
      c.reset_pulse_ns = 100.0;
      c.read_latency_ns = 10.0;
      c.verify = false;
      c.endurance_cycles = 1e6;
      c.source =
          "Shi et al., Nat Commun 9:5312 (2018): subquantum CBRAM operates with "
          "conductance below the quantum conductance G0 = 77.5 uS (hence g_max < "
          "77.5 uS), shows low-energy gradual switching, and the MNIST experiment "
          "uses a 512 kbit array in a digital (binary cell) implementation, hence "
          "levels = 2; the paper reports 10-100x lower energy than comparable "
          "resistive memories. Assumptions: g_min/g_max values, read 0.01 pJ, "
          "set/reset 0.1 pJ (10-100x below the conventional card, as the paper "
          "states), verify = read, 100 ns pulses, 10 ns read, endurance 1e6, no "
          "variation, no stuck cells, no leakage (non-volatile, no standby "
          "current through unselected cells).";
      list.push_back(c);
    }
    {
      DeviceCard c;
      c.name = "cbram";
      c.technology = "conventional CBRAM / filamentary RRAM";
      c.levels = 2;
      c.g_min_us = 1.0;
      c.g_max_us = 500.0;
      c.read_energy_pj = 0.1;
      c.set_energy_pj = 5.0;
      c.reset_energy_pj = 5.0;
      c.verify_energy_pj = 0.1;
      c.set_pulse_ns = 50.0;
      c.reset_pulse_ns = 50.0;
      c.read_latency_ns = 10.0;
      c.verify = true;
      c.c2c_sigma = 0.05;
      c.d2d_sigma = 0.05;
      c.endurance_cycles = 1e6;
      c.stuck_at_set_rate = 0.0005;
      c.stuck_at_reset_rate = 0.0005;
      c.source =
          "Assumption: typical published ranges for filamentary RRAM/CBRAM "
          "(pJ-scale set/reset at tens of uA and ~1 V over 10-100 ns, kOhm-MOhm "
          "states, 1e6 endurance); program-and-verify on; 0.05 c2c/d2d "
          "variation and 0.05% stuck cells are assumptions.";
      list.push_back(c);
    }
    {
      DeviceCard c;
      c.name = "pcm";
      c.technology = "phase-change memory (GST)";
      c.levels = 16;
      c.g_min_us = 0.1;
      c.g_max_us = 25.0;
      c.read_energy_pj = 0.1;
      c.set_energy_pj = 10.0;
      c.reset_energy_pj = 20.0;
      c.verify_energy_pj = 0.1;
      c.set_pulse_ns = 150.0;
      c.reset_pulse_ns = 50.0;
      c.read_latency_ns = 20.0;
      c.verify = true;
      c.nonlinearity = 0.5;
      c.c2c_sigma = 0.1;
      c.d2d_sigma = 0.1;
      c.endurance_cycles = 1e8;
      c.stuck_at_set_rate = 0.001;
      c.stuck_at_reset_rate = 0.001;
      c.source =
          "Assumption: typical published PCM behaviour (tens of pJ per RESET "
          "melt-quench pulse of ~50 ns, slower ~150 ns SET crystallisation, "
          "gradual SET usable as multi-level cell with strong update "
          "nonlinearity, 1e8 endurance).";
      list.push_back(c);
    }
    {
      DeviceCard c;
      c.name = "sram";
      c.technology = "6T SRAM (digital baseline)";
      c.levels = 2;
      c.read_energy_pj = 0.005;
      c.set_energy_pj = 0.01;
      c.reset_energy_pj = 0.01;
      c.set_pulse_ns = 1.0;
      c.reset_pulse_ns = 1.0;
      c.read_latency_ns = 1.0;
      c.leakage_pw_per_cell = 50.0;
      c.source =
          "Assumption: order-of-magnitude figures for a scaled SRAM macro "
          "(fJ-scale bit read/write, ns access, no wear: endurance 0 = "
          "unlimited); volatile, so it leaks: 50 pW per cell standby is an "
          "assumption. Conductances do not apply (0).";
      list.push_back(c);
    }
    return list;
  }();
  return cards;
}

const std::vector<ChipCard> &shippedChipCards() {
  static const std::vector<ChipCard> cards = [] {
    std::vector<ChipCard> list;
    ChipCard c;
    c.name = "cbram-512k";
    c.clock_mhz = 100.0;
    c.num_tiles = 4;
    c.tile_rows = 512;
    c.tile_cols = 1024;
    c.write_drivers_per_tile = 64;
    c.neuron_units = 32;
    c.neuron_update_cycles = 1;
    c.neuron_update_energy_pj = 0.1;
    c.spike_route_cycles = 1;
    c.spike_route_energy_pj = 0.05;
    c.control_cycles = 1;
    c.control_energy_pj = 0.5;
    c.rng_energy_pj = 0.01;
    c.source =
        "Tile geometry from Shi et al. 2018 (512 kbit array = 512 x 1024 "
        "cells). Assumptions: 100 MHz clock, 4 tiles, 64 concurrent write "
        "drivers per tile, 32 neuron units, 0.1 pJ per neuron update, 0.05 pJ "
        "per spike delivered to a tile, 0.5 pJ per controller step, 0.01 pJ "
        "per random number, 1-cycle neuron, routing and control steps.";
    list.push_back(c);
    return list;
  }();
  return cards;
}

std::optional<DeviceCard> lookupDeviceCard(const std::string &name) {
  for (const DeviceCard &c : shippedDeviceCards())
    if (c.name == name)
      return c;
  return std::nullopt;
}
std::optional<ChipCard> lookupChipCard(const std::string &name) {
  for (const ChipCard &c : shippedChipCards())
    if (c.name == name)
      return c;
  return std::nullopt;
}
std::vector<std::string> deviceCardNames() {
  std::vector<std::string> names;
  for (const DeviceCard &c : shippedDeviceCards())
    names.push_back(c.name);
  return names;
}
std::vector<std::string> chipCardNames() {
  std::vector<std::string> names;
  for (const ChipCard &c : shippedChipCards())
    names.push_back(c.name);
  return names;
}

} // namespace snn_contract
