// The synaptic memory of the chip: the tiles used by the placement, the cells
// of every weight, the quantizer, and a float cache of the dequantized weights
// kept in sync with the cells. The cells are the truth (what a checkpoint
// stores); the cache exists only so that a row read is a vector add.
//
// Layout, for the hot loops (docs/runtime.md#memory-layout): a weight (row r =
// input or bias, column k = neuron) has a slot j = k * rows + r, so that each
// neuron's column, which STDP walks, is contiguous. Per slot: its cells as one
// word (bit b = cell b of a digital word; the state of a multi-level cell),
// the decoded level, pruning marks, the wear-leveling rotation, and the
// write count of each cell, bit-sliced: plane p holds bit p of the counts of
// the word's cells as one mask, so a write adds its pulse mask with a ripple
// of AND and XOR over the planes (a carry goes past plane p with probability
// about 2^-p), and planes are added only as counts grow; fault masks
// (stuck, worn) and device-to-device offsets only when the card has them.
// The weight cache is row-major (row reads). Tile cells that hold no weight never change: only
// the stuck ones among them are kept (a short list), for checkpoints.
//
// Saved state: every tile (cell states, write counts, fault flags, as rows x
// cols arrays), then per weight (row-major) the pruned and conventional flags
// and the wear-leveling rotation. Rebuilt on load, never saved: levels,
// weight cache, row reads and the pruned count (from the cells and
// flags); the target rotation (set at the start of every training image).
#pragma once
#include "snnrt/Checkpoint.h"
#include "snnrt/Memory.h"
#include "snnrt/Program.h"
#include "snnrt/Rng.h"
#include "snnrt/Tile.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
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
  // round() in two parts: the level a position rounds to before any coin
  // flip (nearest: the rounded level; stochastic: the level below) and the
  // chance a coin moves it up one (stochastic: the fraction above that
  // level; a coin is drawn only when it is not 0).
  struct Split { uint32_t level; double frac; bool draws; };
  Split split(double pos) const {
    if (!stochastic_) return {uint32_t(pos + 0.5), 0.0, false};
    const uint32_t l = uint32_t(pos);
    const double frac = pos - double(l);
    return {l, frac, frac > 0};
  }
  // Rounds a level-unit position: nearest, or stochastic (P(up) = fraction),
  // which draws one number from `rng` unless pos is already a level;
  // `draws` counts those draws (random numbers the hardware must generate).
  uint32_t round(double pos, Rng &rng, uint64_t &draws) const {
    const Split s = split(pos);
    if (!s.draws) return s.level;
    ++draws;
    return s.level + uint32_t(rng.uniform() < s.frac);
  }
  // round() without a branch on the coin flips (the same levels and draws).
  uint32_t roundBranchless(double pos, Rng &rng, uint64_t &draws) const {
    const Split s = split(pos);
    if (!stochastic_) return s.level; // a constant branch: no coin
    draws += s.draws;
    return s.level + uint32_t(s.draws & (rng.uniformIf(s.draws) < s.frac));
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
  // What the constructor allocates for p: "tiles" (the tile table, the
  // placement blocks, stuck cells outside the weights) and "weights"
  // (per-weight and per-cell arrays, row reads and tiles, column runs).
  static void estimateMemory(const Program &p, MemoryEstimate &m);
  // The bytes of the tiles' cell arrays in a checkpoint of p (every cell of
  // every tile the placement uses).
  static uint64_t checkpointTileBytes(const Program &p);

  uint32_t rows() const { return rows_; }  // inputs + bias
  uint32_t cols() const { return cols_; }  // neurons
  uint32_t cellsPerWeight() const { return cellsPerWeight_; }
  bool multiLevel() const { return multiLevel_; }
  const Quantizer &quantizer() const { return q_; }

  // The slot of weight (r, k), and of row-major index idx = r * cols + k.
  size_t slot(uint32_t r, uint32_t k) const { return size_t(k) * rows_ + r; }
  size_t slotOf(size_t idx) const { return slot(uint32_t(idx / cols_), uint32_t(idx % cols_)); }

  // Weights as the chip reads them (row-major, rows x cols).
  const float *weights() const { return cache_.data(); }
  float weight(uint32_t r, uint32_t k) const { return cache_[size_t(r) * cols_ + k]; }
  // Column k's levels and pruning marks, rows entries each (slot order).
  const uint16_t *columnLevels(uint32_t k) const { return lvl_.data() + slot(0, k); }
  const uint8_t *columnMarks(uint32_t k) const { return mark_.data() + slot(0, k); }
  enum Mark : uint8_t { kPruned = 1, kConventional = 2 };
  // By row-major index (tests, exports).
  uint16_t level(size_t idx) const { return lvl_[slotOf(idx)]; }
  bool isPruned(size_t idx) const { return mark_[slotOf(idx)] & kPruned; }
  bool isConventional(size_t idx) const { return mark_[slotOf(idx)] & kConventional; }
  uint8_t rotation(size_t idx) const { return rot_[slotOf(idx)]; }
  // Row-major copies (rows x cols) for exports.
  std::vector<uint16_t> levelMatrix() const;
  std::vector<uint8_t> prunedMatrix() const;

  // Conductance of a cell state in nS (quantization.conductance_us to the
  // nearest nS), and the summed conductance of the cells of the weight in
  // slot j.
  uint64_t stateConductanceNs(uint16_t state) const { return gNs_[state]; }
  uint64_t slotConductanceNs(size_t j) const { return wordConductanceNs(word_[j]); }
  uint64_t weightConductanceNs(size_t idx) const { return slotConductanceNs(slotOf(idx)); }

  size_t numTiles() const { return tiles_.size(); }
  const Tile &tile(size_t i) const { return tiles_[i]; }
  const std::vector<Tile> &tiles() const { return tiles_; }
  // Index (into tiles()) of the tile holding weight idx (row-major).
  uint16_t tileOf(size_t idx) const;

  // What a read of row r senses, on all its tiles together: the cells
  // (conventionally pruned cells are excluded from reads) and their summed
  // conductance in nS (kept exact on every state change: a row read's cell
  // energy is V_read^2 * t_read * conductanceNs).
  struct RowRead { uint64_t cells = 0, conductanceNs = 0; };
  const RowRead &rowRead(uint32_t r) const { return rowRead_[r]; }
  // Tiles holding row r (each drives a word line on a read of it).
  uint32_t rowTileCount(uint32_t r) const { return rowTileBegin_[r + 1] - rowTileBegin_[r]; }
  const uint16_t *rowTiles(uint32_t r, uint32_t &n) const {
    n = rowTileCount(r);
    return rowTiles_.data() + rowTileBegin_[r];
  }
  // Consecutive rows on the same tiles form a group (blockwise placement: a
  // band of tile rows), so that a row event's cycles can be kept per group
  // and summed per tile once per step.
  uint32_t rowGroup(uint32_t r) const { return rowGroup_[r]; }
  // The same per row as arrays, for loops over row events: rowTileBegins()[r]
  // is the first of row r's tiles (rows + 1 entries), rowGroups()[r] its
  // group; rowReads()[r] is rowRead(r).
  const uint32_t *rowTileBegins() const { return rowTileBegin_.data(); }
  const uint32_t *rowGroups() const { return rowGroup_.data(); }
  const RowRead *rowReads() const { return rowRead_.data(); }
  uint32_t numRowGroups() const { return uint32_t(groupRow_.size()); }
  const uint16_t *groupTiles(uint32_t g, uint32_t &n) const { return rowTiles(groupRow_[g], n); }
  // Every tile is in at most one group and every group has a tile: a
  // step's busiest tile is then its busiest group.
  bool groupsPartitionTiles() const { return groupsPartitionTiles_; }
  // Tiles holding column k (for routing a post spike and column reads).
  const uint16_t *columnTiles(uint32_t k, uint32_t &n) const {
    n = colTileBegin_[k + 1] - colTileBegin_[k];
    return colTiles_.data() + colTileBegin_[k];
  }
  // Column k as runs of rows on one tile (placement is blockwise), in row order.
  struct Run { uint32_t rowBegin, rowEnd; uint16_t tile; };
  const Run *columnRuns(uint32_t k, uint32_t &n) const {
    n = colRunBegin_[k + 1] - colRunBegin_[k];
    return colRuns_.data() + colRunBegin_[k];
  }

  // Writes `level` into weight (r, k). With skipUnchanged only differing
  // cells are pulsed; otherwise the whole word is rewritten. Updates cache,
  // level and the row read's conductance.
  WriteOutcome write(uint32_t r, uint32_t k, uint32_t level, bool skipUnchanged, Rng &rng) {
    return multiLevel_ ? writeMultiLevel(r, k, level, skipUnchanged, rng)
                       : writeDigital(r, k, level, skipUnchanged, false);
  }
  // An STDP update: a write, except that with skipUnchanged a weight already
  // at `level` is left alone (no pulse, no rotation) and its whole rewrite
  // counts as avoided (naiveSet/naiveReset of the level, set = reset = 0).
  // Digital words take no branch on it (it is a coin flip under stochastic
  // rounding).
  // update() of digital words for rows [begin, end) of column k, row i to
  // level target[i] unless target[i] is kNoWrite; adds the outcomes up.
  // readNs: the summed conductance of the words before they were written
  // (a write reads its word first).
  static constexpr uint32_t kNoWrite = ~0u;
  struct UpdateTotals {
    uint64_t set = 0, reset = 0, avoidedSet = 0, avoidedReset = 0, rotations = 0, readNs = 0;
  };
  void updateDigitalRows(uint32_t k, uint32_t begin, uint32_t end, const uint32_t *target,
                         bool skipUnchanged, UpdateTotals &sum);
  // wouldWrite() of digital words for rows [begin, end) of column k, row i
  // to level target[i] unless target[i] is kNoWrite; adds up the pulses.
  void wouldWriteDigitalRows(uint32_t k, uint32_t begin, uint32_t end, const uint32_t *target,
                             bool skipUnchanged, uint64_t &set, uint64_t &reset) const;
  WriteOutcome update(uint32_t r, uint32_t k, uint32_t level, bool skipUnchanged, Rng &rng) {
    if (!multiLevel_) return writeDigital(r, k, level, skipUnchanged, true);
    if (!skipUnchanged || level != lvl_[slot(r, k)]) return writeMultiLevel(r, k, level, skipUnchanged, rng);
    WriteOutcome o;
    naiveRewrite(level, o.naiveSet, o.naiveReset);
    return o;
  }
  WriteOutcome write(size_t idx, uint32_t level, bool skipUnchanged, Rng &rng) {
    return write(uint32_t(idx / cols_), uint32_t(idx % cols_), level, skipUnchanged, rng);
  }

  // Pulses of a full rewrite of a word holding `level` (what a scheduler
  // without skip_unchanged would issue for an unchanged weight).
  void naiveRewrite(uint32_t level, uint32_t &set, uint32_t &reset) const {
    if (multiLevel_) { set = 1; reset = 0; return; }
    set = uint32_t(__builtin_popcount(level));
    reset = cellsPerWeight_ - set;
  }

  // Pulses a write of `level` into slot j would need (the naive full-word
  // write too), without applying it: the counterfactual for "writes avoided
  // by pruning".
  WriteOutcome wouldWrite(size_t j, uint32_t level, bool skipUnchanged) const;

  // Pruning: soft keeps the cell (caller stores the pruned level via write);
  // conventional removes it from reads (cache 0). idx is row-major.
  void markPruned(size_t idx, bool conventional);
  uint64_t prunedCount() const { return prunedCount_; }

  // Wear leveling of digital words: bit b of word idx lives in cell
  // (b + rotation) % cellsPerWeight. Words adopt the target rotation when
  // they are next written, so a rotation costs only the extra pulses of
  // re-patterning a word that is being written anyway.
  void setTargetRotation(uint64_t rotation) { targetRot_ = uint8_t(rotation % cellsPerWeight_); }

  // The cells of every weight, as a tile stores them: cells() counts them,
  // writes(j * cellsPerWeight + b) is cell b of slot j's pulse count.
  size_t cells() const { return word_.size() * cellsPerWeight_; }
  uint32_t writes(size_t c) const { return count(c / cellsPerWeight_, uint32_t(c % cellsPerWeight_)); }
  // Planes of write counts in use (the bit width of the highest count),
  // and the bytes a plane takes per weight: a mask of the word's cells.
  size_t countPlanes() const { return planes_.size(); }
  static uint32_t countPlaneBytes(uint32_t cellsPerWeight) { return cellsPerWeight <= 8 ? 1 : 2; }
  // A cell as a checkpoint stores it.
  struct Cell { uint16_t state; uint32_t writes; uint8_t flags; };
  // Visits tile t's cells in row-major order, in pieces of consecutive cells:
  // f(first cell, count, slot of the first weight or kNoSlot, matrix row).
  // The weights of a piece are consecutive columns (slots rows apart).
  static constexpr size_t kNoSlot = ~size_t(0);
  void forEachPiece(size_t t, const std::function<void(size_t, uint32_t, size_t, uint32_t)> &f) const;
  // Cell b of the weight in slot j, and cell c of tile t (row-major; tests),
  // as a checkpoint stores them.
  Cell slotCell(size_t j, uint32_t b) const {
    Cell c;
    c.state = multiLevel_ ? word_[j] : uint16_t(word_[j] >> b & 1);
    c.writes = count(j, b);
    c.flags = stuck_.empty() ? 0
                             : uint8_t((stuck_[j] >> b & 1 ? Tile::kStuck : 0) |
                                       (worn_[j] >> b & 1 ? Tile::kWorn : 0));
    return c;
  }
  Cell cell(size_t t, size_t c) const;
  // Tile t's write count per cell, rows x cols row-major.
  std::vector<uint32_t> tileWrites(size_t t) const;

  // Checkpoint. load() changes nothing unless the whole device state is
  // valid, then rebuilds the derived data from it.
  void save(CheckpointWriter &w) const;
  void load(CheckpointReader &r);

private:
  // keepSame: leave a weight already at `level` alone (update()).
  WriteOutcome writeDigital(uint32_t r, uint32_t k, uint32_t level, bool skipUnchanged, bool keepSame);
  WriteOutcome writeMultiLevel(uint32_t r, uint32_t k, uint32_t level, bool skipUnchanged, Rng &rng);
  // One pulse of cell b of slot j towards state s: counted always; stuck and
  // worn-out cells keep their state; a cell wears out when its pulse count
  // reaches the endurance (0 = unlimited) and is stuck from then on.
  void pulse(size_t j, uint32_t b, uint16_t s);
  uint64_t wordConductanceNs(uint32_t word) const {
    return multiLevel_ ? gNs_[word] : gOnes_[__builtin_popcount(word)];
  }
  // Write counts, bit-sliced (see the top): plane p of slot j, as a mask of
  // its cells. Planes are bytes when a word has at most 8 cells.
  uint32_t plane(size_t p, size_t j) const {
    return narrowPlanes_ ? planes_[p][j] : reinterpret_cast<const uint16_t *>(planes_[p].data())[j];
  }
  void setPlane(size_t p, size_t j, uint32_t bits) {
    if (narrowPlanes_) planes_[p][j] = uint8_t(bits);
    else reinterpret_cast<uint16_t *>(planes_[p].data())[j] = uint16_t(bits);
  }
  // Counts are 32-bit, as a checkpoint stores them, and saturate: a carry
  // out of the top plane comes from cells that were at 2^32 - 1 and that the
  // ripple left at 0; they are set back to all ones.
  static constexpr size_t kCountBits = 32;
  void addPlane() { planes_.emplace_back(word_.size() * countPlaneBytes(cellsPerWeight_), planes_.size()); }
  uint32_t count(size_t j, uint32_t b) const {
    uint32_t n = 0;
    for (size_t p = 0; p < planes_.size(); ++p) n |= (plane(p, j) >> b & 1) << p;
    return n;
  }
  // Adds one pulse to each cell of slot j in mask `pulsed`; returns the
  // cells of the mask whose count is now wearCount_ (none if it is 0).
  uint32_t countPulses(size_t j, uint32_t pulsed) {
    uint32_t carry = pulsed;
    for (size_t p = 0; carry; ++p) {
      if (p == planes_.size()) {
        if (p == kCountBits) {
          for (size_t q = 0; q < kCountBits; ++q) setPlane(q, j, plane(q, j) | carry);
          break;
        }
        addPlane();
      }
      const uint32_t bits = plane(p, j);
      setPlane(p, j, bits ^ carry);
      carry &= bits;
    }
    return wearCount_ ? countIs(j, pulsed, wearCount_) : 0;
  }
  // The cells of `mask` in slot j whose count is n.
  uint32_t countIs(size_t j, uint32_t mask, uint32_t n) const {
    const size_t planes = planes_.size();
    if (planes < kCountBits && (uint64_t(n) >> planes) != 0) return 0;
    for (size_t p = 0; p < planes; ++p) mask &= (n >> p & 1) ? plane(p, j) : ~plane(p, j);
    return mask;
  }
  // Rebuilds levels, cache, row read sizes and pruned count from the cells.
  void rebuildFromCells();
  uint32_t decode(size_t j) const {
    return multiLevel_ ? std::min<uint32_t>(word_[j], q_.levels() - 1) : decodeWord(word_[j], rot_[j]);
  }
  // The level a digital word of cells holds under `rotation` (rotated
  // back); a stuck bit can encode a word above the top level: it reads as
  // the top.
  uint32_t decodeWord(uint32_t cells, uint32_t rotation) const {
    const uint32_t level = rotation ? pattern(cells, cellsPerWeight_ - rotation) : cells;
    return level < q_.levels() - 1 ? level : q_.levels() - 1;
  }
  // The cell pattern of `level` under `rotation` (bit b -> cell (b+rot) % cells per weight).
  uint32_t pattern(uint32_t level, uint32_t rotation) const {
    if (rotation == 0) return level;
    return ((level << rotation) | (level >> (cellsPerWeight_ - rotation))) & fullMask_;
  }
  float analogValue(size_t j, uint32_t level) const {
    if (mark_[j] & kConventional) return 0.f;
    if (d2d_.empty()) return valueF_[level];
    return float(q_.value(level) + d2d_[j] * q_.step());
  }
  // Keeps row r's read conductance in step with slot j's cells.
  void conductanceChanged(uint32_t r, size_t j, uint64_t before) {
    if (mark_[j] & kConventional) return;
    RowRead &row = rowRead_[r];
    row.conductanceNs = row.conductanceNs - before + slotConductanceNs(j);
  }
  // The tile cell sequence: placement blocks per tile, and stuck cells that
  // hold no weight.
  struct Block { uint32_t tileRow, tileCol, rowBegin, rowCount, postBegin, postCount; };
  struct StrayCell { uint16_t tile; uint64_t cell; uint16_t state; };

  uint32_t rows_ = 0, cols_ = 0, cellsPerWeight_ = 1, fullMask_ = 1;
  bool multiLevel_ = false;
  Quantizer q_;
  double endurance_ = 0, nonlinearity_ = 0, c2c_ = 0;
  uint32_t wearCount_ = 0; // the first pulse count >= endurance_ (0: unreachable)
  uint16_t cellMax_ = 1;
  std::vector<Tile> tiles_;
  std::vector<std::vector<Block>> blocks_; // per tile, by (tile row, tile column)
  std::vector<StrayCell> stray_;           // by (tile, cell)
  // Per slot.
  std::vector<uint16_t> word_, lvl_;
  std::vector<uint8_t> mark_, rot_;
  std::vector<uint16_t> stuck_, worn_; // fault masks (cards with faults or finite endurance)
  std::vector<float> d2d_;          // offset in level units (multi-level)
  // A write's 16 words touch the same slots of every plane. Planes of equal
  // size would start at the same offset within a 4 KiB page, so those slots
  // would all fall into one L1 set (more planes than the cache has ways) and
  // every load would look 4 KiB-aliased to the stores before it. So plane p
  // starts at its own cache line of the page, (5p + 3) mod 64 (5 is odd:
  // 64 planes would get 64 lines; kCountBits take 32).
  struct CountPlane {
    static constexpr size_t kPage = 4096;
    std::vector<uint8_t> bytes;
    size_t skew = 0;
    CountPlane(size_t n, size_t p) : bytes(n + kPage, 0) {
      const size_t want = 64 * ((5 * p + 3) % 64);
      skew = (want - (reinterpret_cast<uintptr_t>(bytes.data()) & (kPage - 1))) & (kPage - 1);
    }
    uint8_t *data() { return bytes.data() + skew; }
    const uint8_t *data() const { return bytes.data() + skew; }
    uint8_t &operator[](size_t j) { return data()[j]; }
    uint8_t operator[](size_t j) const { return data()[j]; }
  };
  std::vector<CountPlane> planes_; // write counts, bit-sliced, per slot
  bool narrowPlanes_ = true;                  // planes of bytes (<= 8 cells per weight)
  uint8_t targetRot_ = 0;
  std::vector<float> cache_;        // row-major
  std::vector<float> valueF_;       // float(q.value(level)) per level
  std::vector<uint64_t> gNs_;       // conductance per cell state, nS
  std::vector<uint64_t> gOnes_;     // of a digital word, by its number of set cells
  std::vector<RowRead> rowRead_;
  std::vector<uint32_t> rowTileBegin_;
  std::vector<uint16_t> rowTiles_;
  std::vector<uint32_t> rowGroup_, groupRow_; // per row its group; per group its first row
  bool groupsPartitionTiles_ = true;
  std::vector<uint32_t> colTileBegin_;
  std::vector<uint16_t> colTiles_;
  std::vector<uint32_t> colRunBegin_;
  std::vector<Run> colRuns_;
  uint64_t prunedCount_ = 0;
};

// The digital write is the inner loop of STDP: one word, XOR and popcount.
// Every load comes before the first store: a byte store could alias any
// member, which the compiler would then reload.
__attribute__((always_inline)) inline WriteOutcome
Device::writeDigital(uint32_t r, uint32_t k, uint32_t level, bool skipUnchanged, bool keepSame) {
  WriteOutcome o;
  const size_t j = slot(r, k);
  const uint32_t cpw = cellsPerWeight_, oldRot = rot_[j], cur = word_[j];
  const bool faults = !stuck_.empty();
  const uint32_t stuck = faults ? stuck_[j] : 0, wornBefore = faults ? worn_[j] : 0;
  const bool keep = keepSame && skipUnchanged && level == lvl_[j];
  const uint32_t ones = uint32_t(__builtin_popcount(level));
  o.naiveSet = ones;
  o.naiveReset = cpw - ones;
  const uint32_t rot = keep ? oldRot : targetRot_;
  o.rotated = oldRot != rot;
  const uint32_t cells = pattern(level, rot);
  const uint64_t before = wordConductanceNs(cur);
  const uint32_t pulsed = keep ? 0 : skipUnchanged ? (cur ^ cells) : fullMask_;
  o.set = uint32_t(__builtin_popcount(pulsed & cells));
  o.reset = uint32_t(__builtin_popcount(pulsed & ~cells));
  // Faulty cells take the pulse (counted) but keep their state; a healthy
  // cell that reaches the endurance takes it and then wears out.
  const uint32_t moves = pulsed & ~(stuck | wornBefore);
  const uint32_t word = (cur & ~moves) | (cells & moves);
  const uint32_t reached = countPulses(j, pulsed);
  const uint32_t worn = wornBefore | (reached & moves);
  // Healthy cells hold exactly the target; only faults need a read-back.
  const uint32_t now = (stuck | worn) ? decodeWord(word, rot) : level;
  const bool conventional = mark_[j] & kConventional;
  const float value = conventional ? 0.f : d2d_.empty() ? valueF_[now] : analogValue(j, now);
  RowRead &row = rowRead_[r];
  const uint64_t g = row.conductanceNs - before + wordConductanceNs(word);
  rot_[j] = uint8_t(rot);
  word_[j] = uint16_t(word);
  if (faults) worn_[j] = uint16_t(worn);
  lvl_[j] = uint16_t(now);
  cache_[size_t(r) * cols_ + k] = value;
  // Conventionally pruned cells are not read: not in the row's sum.
  if (!conventional) row.conductanceNs = g;
  return o;
}

} // namespace snnrt
