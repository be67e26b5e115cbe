// The semantic rules of a program: one verifier, used by the runtime's loader
// (after the FlatBuffers structural check) and by the compiler's emitter
// (before it writes a file), so the compiler never emits what the runtime
// rejects.
#pragma once
#include "snn/contract/Violation.h"
#include "snn/schema/program_generated.h"

#include <cstdint>
#include <optional>

namespace snn_contract {

/// The first broken rule of a structurally valid program, or nothing.
/// `field` is the schema path ("encoding.max_rate_hz", "placement[2].tile").
std::optional<Violation> verifyProgram(const ::snn::program::Program &program);

/// Cells one weight occupies: cells_per_weight for digital words, 1 for a
/// multi-level cell.
uint32_t cellsPerWeight(const ::snn::program::Quantization &q);

/// Steps covered by a duration; at least one.
uint32_t stepsFor(double ms, double dt_ms);

} // namespace snn_contract
