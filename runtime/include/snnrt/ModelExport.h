// What tools built without C++ exceptions (the MLIR compiler: snn-translate
// --export-nir) need from a saved model, behind a no-throw call. Only plain
// types here, so that the header compiles with -fno-exceptions.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace snnrt {

struct ModelWeights {
  std::string specName, specDigest; // the program's provenance
  uint32_t inputs = 0, neurons = 0, rows = 0; // rows = inputs (+ bias row)
  bool hasBias = false;
  std::vector<float> weights;    // rows x neurons, row-major, as the chip reads them
  std::vector<uint8_t> pruned;   // rows x neurons
  std::vector<int8_t> assignment; // class per neuron, -1 = never fired
  std::vector<uint32_t> mask;    // input -> pixel
  std::vector<float> theta;      // LIF adaptive thresholds (empty for WTA)
};

// Reads a model file and checks all of it (as snn-run --model does); on
// failure returns false with the message in `error`.
bool readModelWeights(const std::string &path, ModelWeights &out, std::string &error) noexcept;

} // namespace snnrt
