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

/// The first cell (row, column, in row-major order) of [0, rows) x [0, cols)
/// that none of `rects` covers, or nothing if they cover it all. The
/// rectangles must be pairwise disjoint (findOverlap) and inside the area.
/// A sweep over rows like findOverlap's: coverage only changes where a
/// rectangle begins or ends, so checking after each such row checks every
/// row. O(n log n) time and O(n) memory, whatever the area.
std::optional<std::pair<int64_t, int64_t>> findUncovered(const std::vector<Rect> &rects,
                                                         int64_t rows, int64_t cols);

} // namespace snn_contract
