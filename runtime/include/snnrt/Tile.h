// One memory array of the chip: its shape and the flags a cell can carry.
// Row reads sense all columns in parallel; writes go through a limited number
// of write drivers (the cost of both is charged by the Device/ledger).
//
// A tile keeps no cell arrays: the Device stores the cells of each weight
// next to each other (Device.h), and only cells that hold a weight change.
// A checkpoint still stores every tile as three arrays of rows x cols cells
// in row-major order (state, write count, flags); bytesFor() is their size.
#pragma once
#include <cstdint>
#include <cstddef>

namespace snnrt {

class Tile {
public:
  enum Flag : uint8_t { kStuck = 1, kWorn = 2 };

  Tile() = default;
  // `maxState`: the highest state a cell holds (1 for binary cells).
  Tile(uint32_t id, uint32_t rows, uint32_t cols, uint16_t maxState = 1)
      : id_(id), rows_(rows), cols_(cols), maxState_(maxState) {}

  // Bytes of a checkpoint's cell arrays of a rows x cols tile (state, write
  // count, flags).
  static uint64_t bytesFor(uint32_t rows, uint32_t cols) {
    return uint64_t(rows) * cols * (sizeof(uint16_t) + sizeof(uint32_t) + sizeof(uint8_t));
  }

  uint32_t id() const { return id_; }
  uint32_t rows() const { return rows_; }
  uint32_t cols() const { return cols_; }
  uint16_t maxState() const { return maxState_; }
  size_t cells() const { return size_t(rows_) * cols_; }
  size_t cellIndex(uint32_t row, uint32_t col) const { return size_t(row) * cols_ + col; }

private:
  uint32_t id_ = 0, rows_ = 0, cols_ = 0;
  uint16_t maxState_ = 1;
};

} // namespace snnrt
