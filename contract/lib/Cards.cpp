#include "snn/contract/Cards.h"

#include <cctype>
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
// A function, not an expression in the macro: a field whose lower bound is
// 0 would make `card.name < 0u` a comparison GCC warns is always false.
bool outsideRange(uint64_t v, uint64_t lo, uint64_t hi) { return v < lo || v > hi; }

// Range checks driven by the table: STR and BOOL have none.
#define SNN_CHECK_STR(name, lo, hi)
#define SNN_CHECK_BOOL(name, lo, hi)
#define SNN_CHECK_UINT(name, lo, hi)                                           \
  if (outsideRange(card.name, uint32_t(lo), uint32_t(hi)))                     \
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

std::vector<std::string> splitFieldList(const std::string &list) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= list.size()) {
    size_t comma = list.find(',', at);
    if (comma == std::string::npos) comma = list.size();
    size_t b = at, e = comma;
    while (b < e && std::isspace((unsigned char)list[b])) ++b;
    while (e > b && std::isspace((unsigned char)list[e - 1])) --e;
    if (e > b) out.push_back(list.substr(b, e - b));
    at = comma + 1;
  }
  return out;
}

namespace {
// Every name of an `assumed_fields` list is a field of the card, named once.
std::optional<Violation> checkAssumedFields(const std::string &list,
                                            const std::vector<FieldInfo> &fields) {
  std::vector<std::string> seen;
  for (const std::string &name : splitFieldList(list)) {
    bool known = false;
    for (const FieldInfo &f : fields)
      known |= name == f.name;
    if (!known || name == "assumed_fields" || name == "name" || name == "source")
      return Violation{"assumed_fields", "'" + name + "' is not a value field of the card"};
    for (const std::string &s : seen)
      if (s == name)
        return Violation{"assumed_fields", "'" + name + "' is listed twice"};
    seen.push_back(name);
  }
  return std::nullopt;
}
} // namespace

bool isAssumed(const std::string &list, const std::string &field) {
  for (const std::string &name : splitFieldList(list))
    if (name == field) return true;
  return false;
}

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
  // Read energy: V^2 G t for a card with conductances, a flat per-cell
  // value for one without (SRAM); never both, so no value is silently unused.
  if (card.g_max_us > 0 && card.read_energy_pj > 0)
    return Violation{"read_energy_pj",
                     "applies only to cards without conductances (g_max_us = 0); "
                     "this card reads with read_voltage_v (energy V^2 G t_read)"};
  if (card.g_max_us == 0 && card.read_voltage_v > 0)
    return Violation{"read_voltage_v",
                     "applies only to cards with conductances (g_max_us > 0); "
                     "this card reads with read_energy_pj"};
  if (auto v = checkAssumedFields(card.assumed_fields, deviceFields()))
    return v;
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
  if (auto v = checkAssumedFields(card.assumed_fields, chipFields()))
    return v;
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// The shipped cards
//===----------------------------------------------------------------------===//

// Every value cites its source or is listed in `assumed_fields`. The
// derivations (V*I*t per pulse, V^2*G*t per read, C*V^2 per line) and the
// full references are in docs/hardware-model.md ("Where the numbers come
// from"); the research notes behind them tag each number read, derived or
// assumed.
const std::vector<DeviceCard> &shippedDeviceCards() {
  static const std::vector<DeviceCard> cards = [] {
    std::vector<DeviceCard> list;
    {
      DeviceCard c;
      c.name = "subquantum-cbram";
      c.technology = "subquantum CBRAM (Te-based filament, Adesto)";
      c.levels = 2;
      c.g_min_us = 0.5;
      c.g_max_us = 50.0;
      c.read_voltage_v = 0.1;
      c.set_energy_pj = 0.1;
      c.reset_energy_pj = 0.1;
      c.verify_energy_pj = 0.005;
      c.set_pulse_ns = 100.0;
      c.reset_pulse_ns = 100.0;
      c.read_latency_ns = 10.0;
      c.verify = false;
      c.endurance_cycles = 1e6;
      c.source =
          "Shi et al., Nat. Commun. 9:5312 (2018), abstract: low-energy "
          "subquantum CBRAM, MNIST on a 512 kbit array in a digital "
          "implementation (binary cells: levels = 2). Jameson et al., IEEE EDL "
          "33:257 (2012): G0 = 2e^2/h = 77.5 uS; Jameson & Kamalanathan, APL "
          "108:053505 (2016): subquantum filaments conduct below G0 (g_max < "
          "77.5 uS) and cut operating currents by an order of magnitude; Cu-Te "
          "cells program with < 5 uA (APL abstract). Derived: set/reset = V*I*t "
          "= 1 V x 1 uA x 100 ns = 0.1 pJ (within the < 5 uA bound); verify = "
          "one cell read at g_max = 0.1^2 V^2 x 50 uS x 10 ns = 0.005 pJ. The "
          "values themselves (g range, 0.1 V read, 1 V / 1 uA / 100 ns writes, "
          "10 ns read, endurance) are assumptions: no measured numbers of the "
          "paper's cells were retrievable.";
      c.assumed_fields =
          "g_min_us,g_max_us,read_voltage_v,read_latency_ns,set_energy_pj,"
          "reset_energy_pj,verify_energy_pj,set_pulse_ns,reset_pulse_ns,"
          "endurance_cycles,stuck_at_set_rate,stuck_at_reset_rate,leakage_pw_per_cell";
      list.push_back(c);
    }
    {
      DeviceCard c;
      c.name = "cbram";
      c.technology = "conventional CBRAM / filamentary RRAM (1T1R)";
      c.levels = 2;
      c.g_min_us = 1.111;
      c.g_max_us = 166.7;
      c.read_voltage_v = 0.5;
      c.set_energy_pj = 0.6;
      c.reset_energy_pj = 0.6;
      c.verify_energy_pj = 0.417;
      c.set_pulse_ns = 10.0;
      c.reset_pulse_ns = 10.0;
      c.read_latency_ns = 10.0;
      c.verify = true;
      c.c2c_sigma = 0.05;
      c.d2d_sigma = 0.05;
      c.endurance_cycles = 1e6;
      c.stuck_at_set_rate = 0.0005;
      c.stuck_at_reset_rate = 0.0005;
      c.source =
          "Read: NeuroSim (Chen, Peng, Yu, IEEE TCAD 37(12), 2018; "
          "DNN_NeuroSim_V1.3 Param.cpp) default 1T1R RRAM: R_on 6 kOhm (g_max "
          "166.7 uS), R_off 150 x R_on (g_min 1.111 uS), read 0.5 V for 10 ns. "
          "Write: NVSim (Dong et al., IEEE TCAD 2012) sample_RRAM.cell: set/reset "
          "2.0 V, 10 ns, 0.6 pJ (I = 0.6 pJ / (2 V x 10 ns) = 30 uA). Variation "
          "5%: MNSIM 2.0 default (Device_Variation = 5). Jameson et al., IEEE EDL "
          "33:257 (2012): metal-filament CBRAM ON states near multiples of G0 = "
          "77.5 uS, consistent with g_max. Derived: verify = one cell read at "
          "g_max = 0.5^2 x 166.7 uS x 10 ns = 0.417 pJ. Assumptions: verify on, "
          "endurance 1e6, 0.05% stuck cells, no cell leakage.";
      c.assumed_fields =
          "verify,verify_energy_pj,endurance_cycles,stuck_at_set_rate,"
          "stuck_at_reset_rate,leakage_pw_per_cell";
      list.push_back(c);
    }
    {
      DeviceCard c;
      c.name = "pcm";
      c.technology = "phase-change memory (GST, multi-level)";
      c.levels = 16;
      c.g_min_us = 0.1;
      c.g_max_us = 25.0;
      c.read_voltage_v = 0.2;
      c.set_energy_pj = 10.1;
      c.reset_energy_pj = 7.2;
      c.verify_energy_pj = 0.02;
      c.set_pulse_ns = 150.0;
      c.reset_pulse_ns = 40.0;
      c.read_latency_ns = 20.0;
      c.verify = true;
      c.nonlinearity = 0.5;
      c.c2c_sigma = 0.1;
      c.d2d_sigma = 0.1;
      c.endurance_cycles = 1e9;
      c.stuck_at_set_rate = 0.001;
      c.stuck_at_reset_rate = 0.001;
      c.source =
          "Writes: NVSim sample_PCRAM.cell, from Lee, Ipek, Mutlu, Burger, "
          "ISCA 2009: SET 150 uA for 150 ns, RESET 300 uA for 40 ns, R_on 1 "
          "kOhm, 0.3 V across the access device; derived V*I*t = I^2 R t + "
          "0.3 V I t: SET 3.4 + 6.75 = 10.1 pJ, RESET 3.6 + 3.6 = 7.2 pJ (one "
          "full pulse per level step). g_max 25 uS and closed-loop "
          "write-read-verify programming: IBM aihwkit PCM model (Nandakumar et "
          "al., ICECS 2019; Joshi et al., Nat. Commun. 11:2473, 2020). Endurance "
          "1e9: J. Nanomaterials 2013, art. 195325, Table 4 (secondary). "
          "Derived: verify = one cell read at g_max = 0.2^2 x 25 uS x 20 ns = "
          "0.02 pJ. Assumptions: 16 levels, g_min 0.1 uS, 0.2 V read for 20 ns "
          "(aihwkit reads for 250 ns), nonlinearity 0.5, 0.1 variation, 0.1% "
          "stuck cells, no cell leakage.";
      c.assumed_fields =
          "levels,g_min_us,read_voltage_v,read_latency_ns,verify_energy_pj,"
          "nonlinearity,c2c_sigma,d2d_sigma,stuck_at_set_rate,stuck_at_reset_rate,"
          "leakage_pw_per_cell";
      list.push_back(c);
    }
    {
      DeviceCard c;
      c.name = "sram";
      c.technology = "6T SRAM (digital baseline)";
      c.levels = 2;
      c.read_energy_pj = 0.156;
      c.set_energy_pj = 0.156;
      c.reset_energy_pj = 0.156;
      c.set_pulse_ns = 1.0;
      c.reset_pulse_ns = 1.0;
      c.read_latency_ns = 1.0;
      c.leakage_pw_per_cell = 18.0;
      c.source =
          "Horowitz, ISSCC 2014 (energy table, 45 nm, 0.9 V; as reproduced in "
          "PMC8934428 Table 3): an 8 KB SRAM 64-bit access costs 10 pJ, so "
          "0.156 pJ per bit, periphery included (so the chip's sensing, line "
          "and write drivers are not charged again). Leakage derived from the "
          "PTM 45 nm LP off-current, 100 pA/um (NeuroSim Technology.cpp), "
          "times ~0.18 um of off transistors per 6T cell at 1.0 V: 18 pW per "
          "cell. No wear (endurance 0 = unlimited), no conductances. "
          "Assumptions: write = read energy per bit, 1 ns access.";
      c.assumed_fields = "set_energy_pj,reset_energy_pj,set_pulse_ns,reset_pulse_ns,read_latency_ns";
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
    c.neuron_update_energy_pj = 1.0;
    c.spike_route_cycles = 1;
    c.spike_route_energy_pj = 1.36;
    c.control_cycles = 1;
    c.control_energy_pj = 0.25;
    c.rng_energy_pj = 0.1;
    c.adc_bits = 1;
    c.sense_amp_energy_pj = 0.01;
    c.adc_fom_fj = 4.4;
    c.row_driver_energy_pj = 0.27;
    c.adder_energy_pj = 0.03;
    c.write_driver_energy_pj = 0.018;
    c.source =
        "Shi et al. 2018: a 512 kbit array (here 512 x 1024 cells per tile) "
        "read digitally (binary cells, one sense amplifier per column: "
        "adc_bits = 1). Sense amplifier 0.01 pJ: NeuroSim "
        "MultilevelSenseAmp.cpp 45 nm LP fit, 6.3 uW x 1 ns + 0.075 V^2/R x 1 "
        "ns at R = 20 kOhm. ADC FoM 4.4 fJ/step: van Elzakker et al., ISSCC "
        "2008 (SAR), as reported by B. E. Jonsson's ADC survey (2012). Row "
        "driver 0.27 pJ = C V^2, C = 1024-cell word line at F = 45 nm "
        "(NeuroSim 1T1R cell 4F x 12F, wire 0.2 fF/um, PTM 45 nm gate 1.78 "
        "fF/um) = 275 fF, V = 1 V. Adder 0.03 pJ: Horowitz ISSCC 2014, 8-bit "
        "add at 45 nm (secondary reproduction). Write driver 0.018 pJ = "
        "C_col V^2 (NeuroSim Cell.cpp write-energy term), 512-cell bit line "
        "18.4 fF at 1 V. Routing 1.36 pJ: ISAAC (Shafiee et al., ISCA 2016, "
        "Table I, secondary transcription) on-tile bus 0.68 pJ/byte x a 2-byte "
        "spike address. Control 0.25 pJ per step: PUMA simulator (Ankit et "
        "al., ASPLOS 2019) core control unit, 0.25 mW x 1 ns. Assumptions: "
        "100 MHz clock, 4 tiles of 512 x 1024, 64 write drivers per tile, 32 "
        "neuron units, 1-cycle neuron, routing and control steps, 1 pJ per "
        "neuron update (~2-3 16-bit adds and state accesses), 0.1 pJ per "
        "random number (~one 32-bit add).";
    c.assumed_fields =
        "clock_mhz,num_tiles,tile_rows,tile_cols,write_drivers_per_tile,"
        "neuron_units,neuron_update_cycles,neuron_update_energy_pj,"
        "spike_route_cycles,control_cycles,rng_energy_pj";
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
