// Rectangles of a placement: overlap detection in O(n log n), shared by the
// compiler's placement verifiers and the program verifier (a program may
// hold hundreds of thousands of blocks).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace snn_contract {

/// A half-open rectangle [r0, r1) x [c0, c1).
struct Rect {
  int64_t r0, r1, c0, c1;
};

/// Two overlapping non-empty rectangles (indices into `rects`, the first one
/// lower), or nothing if all are disjoint. A sweep over rows keeping the
/// active column intervals ordered: a new interval can only overlap its
/// neighbours in that order.
std::optional<std::pair<size_t, size_t>> findOverlap(const std::vector<Rect> &rects);

} // namespace snn_contract
