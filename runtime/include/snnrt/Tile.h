// One memory array: rows x cols cells, each with a state (0/1 for binary
// cells, a level for multi-level cells), a write (pulse) count, and fault
// flags. Row reads sense all columns in parallel; writes go through a limited
// number of write drivers (the cost of both is charged by the Device/ledger).
#pragma once
#include "snnrt/Checkpoint.h"

#include <cstdint>
#include <vector>

namespace snnrt {

class Tile {
public:
  enum Flag : uint8_t { kStuck = 1, kWorn = 2 };

  Tile() = default;
  // `maxState`: the highest state a cell holds (1 for binary cells).
  Tile(uint32_t id, uint32_t rows, uint32_t cols, uint16_t maxState = 1)
      : id_(id), rows_(rows), cols_(cols), maxState_(maxState),
        state_(size_t(rows) * cols, 0), writes_(size_t(rows) * cols, 0),
        flags_(size_t(rows) * cols, 0) {}

  // Bytes of the cell arrays of a rows x cols tile (state, write count, flags).
  static uint64_t bytesFor(uint32_t rows, uint32_t cols) {
    return uint64_t(rows) * cols * (sizeof(uint16_t) + sizeof(uint32_t) + sizeof(uint8_t));
  }
  // A tile of the same shape without cell arrays, for load() to fill.
  Tile shapeOnly() const {
    Tile t;
    t.id_ = id_;
    t.rows_ = rows_;
    t.cols_ = cols_;
    t.maxState_ = maxState_;
    return t;
  }

  uint32_t id() const { return id_; }
  uint32_t rows() const { return rows_; }
  uint32_t cols() const { return cols_; }
  uint16_t maxState() const { return maxState_; }
  size_t cells() const { return size_t(rows_) * cols_; }
  size_t cellIndex(uint32_t row, uint32_t col) const { return size_t(row) * cols_ + col; }

  uint16_t state(size_t c) const { return state_[c]; }
  uint32_t writes(size_t c) const { return writes_[c]; }
  uint8_t flags(size_t c) const { return flags_[c]; }

  // Initial programming (not a counted write).
  void program(size_t c, uint16_t s) { if (!(flags_[c] & kStuck)) state_[c] = s; }
  void makeStuck(size_t c, uint16_t s) { state_[c] = s; flags_[c] |= kStuck; }

  // One write pulse towards state `s`. Stuck and worn-out cells take the pulse
  // (energy, count) but keep their state. A cell wears out when its pulse count
  // reaches `endurance` (0 = unlimited) and is stuck from then on.
  void pulse(size_t c, uint16_t s, double endurance) {
    uint32_t w = ++writes_[c];
    if (flags_[c]) return;
    state_[c] = s;
    if (endurance > 0 && double(w) >= endurance) flags_[c] |= kWorn;
  }

  const std::vector<uint32_t> &writeData() const { return writes_; }
  const std::vector<uint8_t> &flagData() const { return flags_; }

  // Checkpoint: states, write counts, flags. `field` names the tile in errors
  // (e.g. "device.tile[0]"); nothing changes unless all three are valid.
  void save(CheckpointWriter &w) const;
  void load(CheckpointReader &r, const std::string &field);

private:
  uint32_t id_ = 0, rows_ = 0, cols_ = 0;
  uint16_t maxState_ = 1;
  std::vector<uint16_t> state_;
  std::vector<uint32_t> writes_;
  std::vector<uint8_t> flags_;
};

} // namespace snnrt
