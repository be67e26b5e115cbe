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

/// How a phase presents an image: time per image, input rate of a white
/// pixel, output rate of a Bayesian WTA layer (unused for LIF).
struct Presentation {
  double presentationMs = 0, maxRateHz = 0, totalRateHz = 0;
};
/// Training's: encoding.presentation_ms, encoding.max_rate_hz,
/// population.total_rate_hz.
Presentation trainingPresentation(const ::snn::program::Program &program);
/// The readout's (assignment and test): training.readout_*, each 0 meaning
/// training's value.
Presentation readoutPresentation(const ::snn::program::Program &program);
/// Whether the program sets any training.readout_* field.
bool declaresReadout(const ::snn::program::Program &program);

/// One STDP update of a weight at level `level`, in level units (the
/// learning rule of docs/learning-model.md, divided by the level step): the
/// runtime's per-level table, and the verifier's check that every entry is
/// a finite float (the homeostatic and annealing scales are in [0, 1], so a
/// finite step keeps every new position finite).
float stdpLevelStep(const ::snn::program::Program &program, uint32_t level, bool ltp);

} // namespace snn_contract
