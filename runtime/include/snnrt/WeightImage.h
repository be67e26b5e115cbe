// PNG of the learned weights: one 28x28 (image-sized) tile per neuron in a
// near-square grid, like Diehl & Cook's figure. Each kept pixel shows its
// input weight from w_min (black) to w_max (white); cropped-away pixels are
// drawn in a dark blue so the mask is visible.
#pragma once
#include "snnrt/Simulator.h"

#include <string>

namespace snnrt {

void writeWeightPng(const Simulator &sim, const std::string &path);

} // namespace snnrt
