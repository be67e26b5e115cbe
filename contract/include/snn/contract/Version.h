// The program format version written by the compiler and read by the
// runtime (Program.format_version). Bump it whenever a field of
// schema/program.fbs changes meaning. 3: device read energy is V^2 G t for
// cards with conductances (read_energy_pj only for cards without); chip
// periphery fields (adc_bits, sensing, line and write drivers, adders);
// Encoding.accumulation. 4: Pruning.maturity; Training.readout_* (new
// fields change the experiment, so a runtime that would ignore them must
// refuse the program).
#pragma once
#include <cstdint>

namespace snn_contract {
constexpr uint32_t kFormatVersion = 4;
} // namespace snn_contract
