//===- CBRAMDialect.h - the cbram dialect, attributes, types ----*- C++ -*-===//
#ifndef SNN_DIALECT_CBRAM_CBRAMDIALECT_H
#define SNN_DIALECT_CBRAM_CBRAMDIALECT_H

#include "snn/Dialect/SNN/SNNDialect.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include <optional>
#include <string>
#include <vector>

#include "snn/Dialect/CBRAM/CBRAMDialect.h.inc"
#include "snn/Dialect/CBRAM/CBRAMEnums.h.inc"

#define GET_TYPEDEF_CLASSES
#include "snn/Dialect/CBRAM/CBRAMTypes.h.inc"

#define GET_ATTRDEF_CLASSES
#include "snn/Dialect/CBRAM/CBRAMAttrs.h.inc"

namespace mlir::cbram {

// The field lists of the two cards, in schema order. Each entry is
// KIND(snake_name, CamelName); the kinds are STR, UINT, REAL and BOOL. They
// drive the plain structs below, the attribute parsers and printers, and the
// conversions between the two, so a new schema field is one line here plus
// one parameter in CBRAMAttrs.td.
#define CBRAM_DEVICE_FIELDS(STR, UINT, REAL, BOOL)                            \
  STR(name, Name) STR(technology, Technology) UINT(levels, Levels)             \
  REAL(g_min_us, GMinUs) REAL(g_max_us, GMaxUs)                                \
  REAL(read_energy_pj, ReadEnergyPj) REAL(set_energy_pj, SetEnergyPj)          \
  REAL(reset_energy_pj, ResetEnergyPj) REAL(verify_energy_pj, VerifyEnergyPj)  \
  REAL(set_pulse_ns, SetPulseNs) REAL(reset_pulse_ns, ResetPulseNs)            \
  REAL(read_latency_ns, ReadLatencyNs) BOOL(verify, Verify)                    \
  REAL(nonlinearity, Nonlinearity) REAL(c2c_sigma, C2cSigma)                   \
  REAL(d2d_sigma, D2dSigma) REAL(endurance_cycles, EnduranceCycles)            \
  REAL(stuck_at_set_rate, StuckAtSetRate)                                      \
  REAL(stuck_at_reset_rate, StuckAtResetRate)                                  \
  REAL(leakage_pw_per_cell, LeakagePwPerCell) STR(source, Source)

#define CBRAM_CHIP_FIELDS(STR, UINT, REAL, BOOL)                              \
  STR(name, Name) REAL(clock_mhz, ClockMhz) UINT(num_tiles, NumTiles)          \
  UINT(tile_rows, TileRows) UINT(tile_cols, TileCols) UINT(adc_bits, AdcBits)  \
  UINT(write_drivers_per_tile, WriteDriversPerTile)                            \
  UINT(neuron_units, NeuronUnits) UINT(neuron_update_cycles, NeuronUpdateCycles) \
  REAL(neuron_update_energy_pj, NeuronUpdateEnergyPj)                          \
  UINT(spike_route_cycles, SpikeRouteCycles)                                   \
  REAL(spike_route_energy_pj, SpikeRouteEnergyPj)                              \
  UINT(control_cycles, ControlCycles)                                          \
  REAL(control_energy_pj, ControlEnergyPj) REAL(rng_energy_pj, RngEnergyPj)

#define CBRAM_FIELD_STR(snake, Camel) std::string snake;
#define CBRAM_FIELD_UINT(snake, Camel) uint32_t snake = 0;
#define CBRAM_FIELD_REAL(snake, Camel) double snake = 0.0;
#define CBRAM_FIELD_BOOL(snake, Camel) bool snake = false;

/// A device card as plain values (the schema's defaults when default-built).
struct DeviceCard {
  CBRAM_DEVICE_FIELDS(CBRAM_FIELD_STR, CBRAM_FIELD_UINT, CBRAM_FIELD_REAL,
                      CBRAM_FIELD_BOOL)
  DeviceCard() { levels = 2; }
};

/// A chip as plain values (the schema's defaults when default-built).
struct ChipCard {
  CBRAM_CHIP_FIELDS(CBRAM_FIELD_STR, CBRAM_FIELD_UINT, CBRAM_FIELD_REAL,
                    CBRAM_FIELD_BOOL)
  ChipCard() {
    clock_mhz = 100;
    adc_bits = 8;
    neuron_update_cycles = spike_route_cycles = control_cycles = 1;
  }
};

#undef CBRAM_FIELD_STR
#undef CBRAM_FIELD_UINT
#undef CBRAM_FIELD_REAL
#undef CBRAM_FIELD_BOOL

/// The cards of schema/include/snn/schema/DeviceCards.def.
std::optional<DeviceCard> lookupDeviceCard(llvm::StringRef name);
std::optional<ChipCard> lookupChipCard(llvm::StringRef name);
std::vector<std::string> getDeviceCardNames();
std::vector<std::string> getChipCardNames();
/// The shortest text that reads back to `value` as an MLIR float literal
/// ("0.01", "10.0", "1.0e+06").
std::string printableReal(double value);

/// "a, b, c" for diagnostics.
std::string joinNames(const std::vector<std::string> &names);

DeviceAttr getDeviceAttr(MLIRContext *context, const DeviceCard &card);
ChipAttr getChipAttr(MLIRContext *context, const ChipCard &card);
DeviceCard getDeviceCard(DeviceAttr attr);
ChipCard getChipCard(ChipAttr attr);

} // namespace mlir::cbram

#endif // SNN_DIALECT_CBRAM_CBRAMDIALECT_H
