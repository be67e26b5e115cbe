// Poisson spike encoder: each kept pixel i fires in a time step with
// probability intensity/255 * max_rate * dt (a Bernoulli process, i.e. Poisson
// in the limit), max_rate being training's or the readout's (assignment and
// test). Probabilities are precomputed as 32-bit thresholds per intensity
// and phase, so a draw is one RNG call and an integer compare. No checkpoint
// state: the mask comes from the program or the data, the active inputs are
// reloaded with every image, and the random stream belongs to the simulator.
#pragma once
#include "snnrt/Dataset.h"
#include "snnrt/Program.h"
#include "snnrt/DrawTape.h"

#include <cstdint>
#include <vector>

namespace snnrt {

// The `k` pixels with the highest mean intensity over `images` (ties: lower
// pixel index first), returned in ascending pixel order.
std::vector<uint32_t> cropByMeanIntensity(const LabelledImages &images, uint32_t k);

class SpikeEncoder {
public:
  SpikeEncoder() = default;
  // `mask` maps input i to its pixel (from the program or cropByMeanIntensity).
  SpikeEncoder(const Program &p, std::vector<uint32_t> mask);
  // What the encoder allocates for p ("inputs": the mask and active lists).
  static void estimateMemory(const Program &p, MemoryEstimate &m);

  const std::vector<uint32_t> &mask() const { return mask_; }
  uint32_t inputs() const { return uint32_t(mask_.size()); }

  // Selects the inputs of `image` with a non-zero rate at training's or the
  // readout's max_rate (no allocation).
  void load(const uint8_t *image, bool readout = false);
  // Inputs drawn this step (one draw of the stream per active input, in
  // input order), written to `out` (room for inputs() + kOutSlack entries).
  static constexpr uint32_t kOutSlack = 8;
  uint32_t step(DrawTape &stream, uint32_t *out) const;
  uint32_t activeInputs() const { return uint32_t(active_.size()); }
  uint64_t threshold(uint8_t intensity, bool readout = false) const {
    return thr_[readout][intensity];
  }

private:
  std::vector<uint32_t> mask_;
  uint64_t thr_[2][256] = {}; // [training, readout][intensity]
  std::vector<uint32_t> active_;
  std::vector<uint64_t> activeThr_;
};

} // namespace snnrt
