// The synaptic memory of the chip: the tiles used by the placement, the map
// from weight (matrix row r = input or bias, column k = neuron) to tile cells,
// the quantizer, and a float cache of the dequantized weights kept in sync with
// the cell states. The cell states are the truth (they are what a checkpoint
// stores); the cache exists only so that a row read is a vector add.
//
// Saved state: every tile (cell states, write counts, fault flags), then per
// weight the pruned and conventional flags and the wear-leveling rotation.
// Rebuilt on load, never saved: levels, weight cache, row read sizes and the
// pruned count (from the cells and flags); the target rotation (set at the
// start of every training image).
#pragma once
#include "snnrt/Memory.h"
#include "snnrt/Program.h"
#include "snnrt/Rng.h"
#include "snnrt/Tile.h"

#include <cstdint>
#include <vector>

namespace snnrt {

// Maps real weights to levels and back: level L <-> w_min + L * step.
class Quantizer {
public:
  Quantizer() = default;
  Quantizer(uint32_t levels, double wMin, double wMax, bool stochastic)
      : levels_(levels), wMin_(wMin), wMax_(wMax),
        step_((wMax - wMin) / double(levels - 1)), stochastic_(stochastic) {}
  uint32_t levels() const { return levels_; }
  double step() const { return step_; }
  double wMin() const { return wMin_; }
  double wMax() const { return wMax_; }
  bool stochastic() const { return stochastic_; }
  double value(uint32_t level) const { return wMin_ + step_ * level; }
  // Position in level units, clipped to [0, levels-1].
  double position(double w) const {
    double p = (w - wMin_) / step_;
    double hi = double(levels_ - 1);
    return p < 0 ? 0 : (p > hi ? hi : p);
  }
  // Rounds a level-unit position: nearest, or stochastic (P(up) = fraction),
  // which draws one number from `rng` unless pos is already a level;
  // `draws` counts those draws (random numbers the hardware must generate).
  uint32_t round(double pos, Rng &rng, uint64_t &draws) const {
    if (!stochastic_) return uint32_t(pos + 0.5);
    double f = double(uint32_t(pos));
    uint32_t l = uint32_t(f);
    if (pos - f > 0) {
      ++draws;
      if (rng.uniform() < pos - f) ++l;
    }
    return l;
  }

private:
  uint32_t levels_ = 2;
  double wMin_ = -1, wMax_ = 1, step_ = 2;
  bool stochastic_ = false;
};

struct WriteOutcome {
  uint32_t set = 0, reset = 0;           // pulses issued
  uint32_t naiveSet = 0, naiveReset = 0; // pulses of a full rewrite of the word
  bool rotated = false;                  // the word moved to a new bit-to-cell map
};

// Per-tile tallies of one column operation (an STDP update or a prune step).
struct TileTally {
  uint32_t cellsRead = 0, set = 0, reset = 0;
  uint64_t conductanceNs = 0; // summed conductance of the cells read, nS
};

class Device {
public:
  // Builds the tiles named by the placement and programs the initial weights.
  // `initRng` draws initial weights, stuck-at faults and device-to-device
  // offsets (all before training; not charged to the ledger).
  Device(const Program &p, Rng &initRng);
  // What the constructor allocates for p: "tiles" (the cell arrays of every
  // tile the placement uses) and "weights" (per-weight arrays, row and
  // column tile tables).
  static void estimateMemory(const Program &p, MemoryEstimate &m);

  uint32_t rows() const { return rows_; }  // inputs + bias
  uint32_t cols() const { return cols_; }  // neurons
  uint32_t cellsPerWeight() const { return cellsPerWeight_; }
  const Quantizer &quantizer() const { return q_; }

  // Hot-path views (row-major, rows x cols).
  const float *weights() const { return cache_.data(); }
  const uint16_t *levels() const { return levels_.data(); }
  const uint8_t *pruned() const { return pruned_.data(); }
  const uint8_t *conventional() const { return conventional_.data(); }
  const uint8_t *rotations() const { return rot_.data(); }
  float weight(uint32_t r, uint32_t k) const { return cache_[size_t(r) * cols_ + k]; }

  // Conductance of a cell state in nS (quantization.conductance_us to the
  // nearest nS), and the summed conductance of the cells of weight idx.
  uint64_t stateConductanceNs(uint16_t state) const { return gNs_[state]; }
  uint64_t weightConductanceNs(size_t idx) const {
    const Tile &t = tiles_[tileOf_[idx]];
    const size_t c0 = cellOf_[idx];
    uint64_t g = 0;
    for (uint32_t b = 0; b < cellsPerWeight_; ++b) g += gNs_[t.state(c0 + b)];
    return g;
  }

  // Index (into tiles()) of the tile holding weight (r, k).
  uint16_t tileOf(size_t idx) const { return tileOf_[idx]; }
  size_t numTiles() const { return tiles_.size(); }
  const Tile &tile(size_t i) const { return tiles_[i]; }
  const std::vector<Tile> &tiles() const { return tiles_; }

  // Tiles holding row r, with the number of cells a row read senses there
  // (conventionally pruned cells are excluded from reads) and their summed
  // conductance in nS (kept exact on every state change: a row read's cell
  // energy is V_read^2 * t_read * conductanceNs).
  struct Segment { uint16_t tile; uint32_t cells; uint64_t conductanceNs; };
  const Segment *rowSegments(uint32_t r, uint32_t &n) const {
    n = rowSegBegin_[r + 1] - rowSegBegin_[r];
    return rowSegs_.data() + rowSegBegin_[r];
  }
  // Tiles holding column k (for routing a post spike and column reads).
  const uint16_t *columnTiles(uint32_t k, uint32_t &n) const {
    n = colTileBegin_[k + 1] - colTileBegin_[k];
    return colTiles_.data() + colTileBegin_[k];
  }

  // Writes `level` into weight idx. With skipUnchanged only differing cells
  // are pulsed; otherwise the whole word is rewritten. Updates cache and level.
  WriteOutcome write(size_t idx, uint32_t level, bool skipUnchanged, Rng &rng);

  // Pulses of a full rewrite of a word holding `level` (what a scheduler
  // without skip_unchanged would issue for an unchanged weight).
  void naiveRewrite(uint32_t level, uint32_t &set, uint32_t &reset) const {
    if (multiLevel_) { set = 1; reset = 0; return; }
    set = uint32_t(__builtin_popcount(level));
    reset = cellsPerWeight_ - set;
  }

  // Pulses a write of `level` would need (the naive full-word write too),
  // without applying it: the counterfactual for "writes avoided by pruning".
  WriteOutcome wouldWrite(size_t idx, uint32_t level, bool skipUnchanged) const;

  // Pruning: soft keeps the cell (caller stores the pruned level via write);
  // conventional removes it from reads (cache 0).
  void markPruned(size_t idx, bool conventional);
  uint64_t prunedCount() const { return prunedCount_; }

  // Wear leveling of digital words: bit b of word idx lives in cell
  // (b + rotation) % cellsPerWeight. Words adopt the target rotation when
  // they are next written, so a rotation costs only the extra pulses of
  // re-patterning a word that is being written anyway.
  void setTargetRotation(uint64_t rotation) { targetRot_ = uint8_t(rotation % cellsPerWeight_); }

  // Checkpoint. load() changes nothing unless the whole device state is
  // valid, then rebuilds the derived data from it.
  void save(CheckpointWriter &w) const;
  void load(CheckpointReader &r);

private:
  // Rebuilds levels, cache, row read sizes and pruned count from the cells.
  void rebuildFromCells();
  uint32_t decode(size_t idx) const;
  // The cell pattern of `level` under `rotation` (bit b -> cell (b+rot) % cells per weight).
  uint32_t pattern(uint32_t level, uint32_t rotation) const {
    if (rotation == 0) return level;
    const uint32_t mask = (1u << cellsPerWeight_) - 1;
    return ((level << rotation) | (level >> (cellsPerWeight_ - rotation))) & mask;
  }
  float analogValue(size_t idx, uint32_t level) const;
  // The row segment holding weight idx.
  Segment &segmentOf(size_t idx) {
    const uint32_t r = uint32_t(idx / cols_);
    uint32_t s = rowSegBegin_[r];
    while (rowSegs_[s].tile != tileOf_[idx]) ++s;
    return rowSegs_[s];
  }
  // Keeps the row segment's conductance in step with weight idx's cells.
  void conductanceChanged(size_t idx, uint64_t before) {
    if (conventional_[idx]) return;
    Segment &seg = segmentOf(idx);
    seg.conductanceNs = seg.conductanceNs - before + weightConductanceNs(idx);
  }

  uint32_t rows_ = 0, cols_ = 0, cellsPerWeight_ = 1;
  bool multiLevel_ = false;
  Quantizer q_;
  double endurance_ = 0, nonlinearity_ = 0, c2c_ = 0;
  uint16_t cellMax_ = 1;
  std::vector<Tile> tiles_;
  std::vector<uint16_t> tileOf_;
  std::vector<uint32_t> cellOf_;   // first cell of the weight in its tile
  std::vector<float> cache_;
  std::vector<uint16_t> levels_;
  std::vector<uint8_t> pruned_, conventional_;
  std::vector<uint8_t> rot_;       // per-word rotation of the bit-to-cell map
  uint8_t targetRot_ = 0;
  std::vector<float> d2d_;         // per-weight offset in level units (multi-level)
  std::vector<uint64_t> gNs_;      // conductance per cell state, nS
  std::vector<uint32_t> rowSegBegin_;
  std::vector<Segment> rowSegs_;
  std::vector<uint32_t> colTileBegin_;
  std::vector<uint16_t> colTiles_;
  uint64_t prunedCount_ = 0;
};

} // namespace snnrt
