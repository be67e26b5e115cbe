// Limits of a program that are not card fields (those are in CardFields.def):
// the sizes and durations the verifier (Verify.cpp) bounds so that nothing
// the runtime derives from a program wraps, hangs or allocates without
// bound, and so that the compiler refuses what the runtime would.
// docs/runtime.md ("Limits") lists every limit with its reason; keep both in
// step.
#pragma once
#include <cstdint>

namespace snn_contract {

/// Steps per image, round(presentation_ms / dt_ms). Each step is simulated,
/// so this bounds the work of one image (10^6 steps of a 1000-neuron
/// network take about a minute).
constexpr uint32_t kMaxStepsPerImage = 1000000;

/// Steps of a window or period measured in time steps: the input window
/// (encoding.input_window_ms), the STDP window (stdp.window_ms) and the
/// refractory period (population.refractory_ms), each divided by dt_ms. The
/// input window sizes a ring of (window + 1) x inputs entries.
constexpr uint32_t kMaxWindowSteps = 1000000;

/// The time step, ms. Below 1 ns the step is a fraction of a cycle at any
/// clock of the card table; above 1 s one step is 10^11 cycles at the
/// fastest clock, and step arithmetic in cycles must stay far from 2^64.
constexpr double kMinDtMs = 1e-6;
constexpr double kMaxDtMs = 1000;

/// Pixels of an input image (encoding.image_width x image_height); the crop
/// mask check keeps one byte per pixel.
constexpr uint64_t kMaxImagePixels = uint64_t(1) << 20;

/// Neurons of the population (population.size): per-neuron state is tens of
/// bytes and neuron indices are 32-bit with headroom.
constexpr uint32_t kMaxNeurons = uint32_t(1) << 24;

/// Blocks of the placement: the overlap checks sort them (O(n log n) time,
/// about 200 bytes of memory per block); the runtime's FlatBuffers verifier
/// admits twice as many tables.
constexpr uint32_t kMaxPlacementBlocks = uint32_t(1) << 20;

/// Magnitude of the LIF voltages (population.v_rest_mv, v_reset_mv,
/// v_thresh_mv, theta_plus_mv, inhibition_mv, input_gain_mv), of the weight
/// range (quantization.w_min, w_max) and of population.homeostasis_rate.
/// A membrane potential then moves by at most (2^20 + 1) inputs x 10^6 mV x
/// 10^6 + 10^6 mV, about 10^18, per step, so over the at most 2^63 steps of
/// a run it stays below FLT_MAX (3.4e38): potentials, thresholds and biases
/// never overflow to infinity (a finite 3e38 mV gain did, in one step).
constexpr double kMaxMagnitude = 1e6;

/// Controller steps a weight must stay unchanged before pruning may choose
/// it (pruning.maturity): the runtime counts them in one byte per weight.
constexpr uint32_t kMaxMaturity = 255;

} // namespace snn_contract
