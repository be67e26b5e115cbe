// The program format version written by the compiler and read by the
// runtime (Program.format_version). Bump it whenever a field of
// schema/program.fbs changes meaning.
#pragma once
#include <cstdint>

namespace snn_contract {
constexpr uint32_t kFormatVersion = 2;
} // namespace snn_contract
