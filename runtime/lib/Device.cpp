#include "snnrt/Device.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__) && \
    defined(__AVX512VPOPCNTDQ__) && defined(__AVX512DQ__)
#include <immintrin.h>
#define SNN_AVX512_WRITES 1
// GCC 12's AVX-512 headers start some conversions and gathers from an
// "undefined" register and then warn that it may be used uninitialized: a
// false positive of the headers, not of this file.
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#endif

namespace snnrt {

namespace {
bool hasFaults(const fb::DeviceCard &d) {
  return d.stuck_at_set_rate() > 0 || d.stuck_at_reset_rate() > 0 || d.endurance_cycles() > 0;
}

#if SNN_AVX512_WRITES
// Device::pattern() on 16 words: each word of `cpw` cells rotated left by
// its lane of `rot` (right by cpw - rot: pattern(word, cpw - rot)); a
// rotation by 0 shifts the other half out entirely.
inline __m512i rotateCells(__m512i word, __m512i rot, __m512i cpw, __m512i full) {
  return _mm512_and_si512(
      _mm512_or_si512(_mm512_sllv_epi32(word, rot), _mm512_srlv_epi32(word, _mm512_sub_epi32(cpw, rot))), full);
}
#endif
} // namespace

void Device::estimateMemory(const Program &p, MemoryEstimate &m) {
  const fb::Program &r = p.root();
  const uint64_t rows = p.derived().matrixRows, cols = r.projection()->post_size();
  const uint64_t cpw = p.derived().cellsPerWeight;
  const bool multiLevel = r.quantization()->encoding() == fb::CellEncoding::MultiLevel;
  auto pl = r.placement();
  std::vector<uint32_t> used;
  uint64_t blockRows = 0, blockCols = 0;
  for (uint32_t b = 0; b < pl->size(); ++b) {
    used.push_back(pl->Get(b)->tile());
    blockRows += pl->Get(b)->pre_count();
    blockCols += pl->Get(b)->post_count();
  }
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  // Stuck cells outside the weights: the expected number, with slack.
  const fb::DeviceCard &d = *r.device();
  const uint64_t tileCells = uint64_t(r.chip()->tile_rows()) * r.chip()->tile_cols();
  const uint64_t spare = used.size() * tileCells - std::min(used.size() * tileCells, rows * cols * cpw);
  const double stuckRate = d.stuck_at_set_rate() + d.stuck_at_reset_rate();
  const uint64_t stray = stuckRate > 0 ? uint64_t(double(spare) * std::min(1.0, stuckRate) * 1.25) + 64 : 0;
  m.add("tiles", used.size() * (sizeof(Tile) + sizeof(std::vector<Block>) + 64 /* tileIndex node */) +
                     pl->size() * sizeof(Block) + stray * sizeof(StrayCell) * 3 / 2);
  // Per weight: word_, lvl_, mark_, rot_, cache_ (+ fault masks,
  // d2d_), and the write counts' planes: they grow with the highest count,
  // up to kCountBits of them, each with up to a page to start at its own
  // cache line (CountPlane).
  uint64_t perWeight = 2 * sizeof(uint16_t) + 2 + sizeof(float) + kCountBits * countPlaneBytes(uint32_t(cpw));
  if (hasFaults(d)) perWeight += 2 * sizeof(uint16_t);
  if (multiLevel && d.d2d_sigma() > 0) perWeight += sizeof(float);
  // Row reads; row tiles: one per (row, tile) pair, at most one per block
  // row; column tiles and runs likewise; push_back may leave up to half
  // unused.
  const uint64_t rowTiles = std::min(blockRows, rows * used.size());
  const uint64_t colEntries = std::min(blockCols, cols * used.size());
  m.add("weights", rows * cols * perWeight + kCountBits * CountPlane::kPage + rows * sizeof(RowRead) +
                       (3 * rows + 1 + 2 * (cols + 1)) * sizeof(uint32_t) + // + row groups
                       used.size() /* grouping scratch */ +
                       (rowTiles * sizeof(uint16_t) + colEntries * (sizeof(uint16_t) + sizeof(Run))) * 3 / 2 +
                       rows * sizeof(uint16_t) /* column scratch */);
}

uint64_t Device::checkpointTileBytes(const Program &p) {
  auto pl = p.root().placement();
  std::vector<uint32_t> used;
  for (uint32_t b = 0; b < pl->size(); ++b) used.push_back(pl->Get(b)->tile());
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  return used.size() * (Tile::bytesFor(p.root().chip()->tile_rows(), p.root().chip()->tile_cols()) +
                        3 * sizeof(uint64_t));
}

Device::Device(const Program &p, Rng &initRng) {
  const fb::Program &r = p.root();
  auto q = r.quantization();
  auto d = r.device();
  auto pr = r.projection();
  rows_ = p.derived().matrixRows;
  cols_ = pr->post_size();
  cellsPerWeight_ = p.derived().cellsPerWeight;
  multiLevel_ = q->encoding() == fb::CellEncoding::MultiLevel;
  fullMask_ = multiLevel_ ? 1u : uint32_t((uint64_t(1) << cellsPerWeight_) - 1);
  q_ = Quantizer(q->levels(), q->w_min(), q->w_max(), q->rounding() == fb::Rounding::Stochastic);
  endurance_ = d->endurance_cycles();
  // Counts are 32-bit: an endurance above 2^32 - 1 is never reached.
  wearCount_ = endurance_ > 0 && endurance_ <= 4294967295.0 ? uint32_t(std::ceil(endurance_)) : 0;
  // Binary cells are fully set or reset: analog effects (nonlinearity,
  // variation) only shape multi-level cells; see docs/hardware-model.md.
  nonlinearity_ = multiLevel_ ? d->nonlinearity() : 0;
  c2c_ = multiLevel_ ? d->c2c_sigma() : 0;
  cellMax_ = multiLevel_ ? uint16_t(q->levels() - 1) : 1;
  // The verifier guarantees one conductance per cell state, within the
  // card's range (so at most 1e6 uS = 1e9 nS).
  gNs_.assign(size_t(cellMax_) + 1, 0);
  for (uint32_t st = 0; st <= cellMax_; ++st)
    gNs_[st] = uint64_t(std::llround(double(q->conductance_us()->Get(st)) * 1000.0));
  gOnes_.resize(cellsPerWeight_ + 1);
  for (uint32_t on = 0; on <= cellsPerWeight_; ++on)
    gOnes_[on] = on * gNs_[1 % gNs_.size()] + (cellsPerWeight_ - on) * gNs_[0];
  valueF_.resize(q_.levels());
  for (uint32_t L = 0; L < q_.levels(); ++L) valueF_[L] = float(q_.value(L));

  const size_t n = size_t(rows_) * cols_;
  word_.assign(n, 0);
  lvl_.assign(n, 0);
  mark_.assign(n, 0);
  rot_.assign(n, 0);
  narrowPlanes_ = countPlaneBytes(cellsPerWeight_) == 1;
  planes_.reserve(kCountBits);
  cache_.assign(n, 0.f);
  if (hasFaults(*d)) {
    stuck_.assign(n, 0);
    worn_.assign(n, 0);
  }

  // Tiles in order of first use by the placement; their blocks.
  std::map<uint32_t, uint16_t> tileIndex;
  auto pl = r.placement();
  for (uint32_t b = 0; b < pl->size(); ++b) {
    auto blk = pl->Get(b);
    auto it = tileIndex.find(blk->tile());
    if (it == tileIndex.end()) {
      it = tileIndex.emplace(blk->tile(), uint16_t(tiles_.size())).first;
      tiles_.emplace_back(blk->tile(), r.chip()->tile_rows(), r.chip()->tile_cols(), cellMax_);
      blocks_.emplace_back();
    }
    blocks_[it->second].push_back({blk->tile_row(), blk->tile_col(), blk->pre_begin(),
                                   blk->pre_count(), blk->post_begin(), blk->post_count()});
  }
  for (auto &bs : blocks_)
    std::sort(bs.begin(), bs.end(), [](const Block &a, const Block &b) {
      return a.tileRow != b.tileRow ? a.tileRow < b.tileRow : a.tileCol < b.tileCol;
    });

  // Row tiles (per row, its tiles in index order); column tiles and runs.
  // All linear in the blocks.
  std::vector<std::vector<uint16_t>> rowTiles(rows_);
  for (uint16_t t = 0; t < tiles_.size(); ++t)
    for (const Block &b : blocks_[t])
      for (uint32_t i = 0; i < b.rowCount; ++i) rowTiles[b.rowBegin + i].push_back(t);
  rowRead_.assign(rows_, RowRead{});
  rowTileBegin_.assign(rows_ + 1, 0);
  for (uint32_t rr = 0; rr < rows_; ++rr) {
    auto &ts = rowTiles[rr];
    std::sort(ts.begin(), ts.end());
    ts.erase(std::unique(ts.begin(), ts.end()), ts.end());
    rowTiles_.insert(rowTiles_.end(), ts.begin(), ts.end());
    rowTileBegin_[rr + 1] = uint32_t(rowTiles_.size());
    std::vector<uint16_t>().swap(ts);
  }
  rowGroup_.assign(rows_, 0);
  std::vector<uint8_t> tileGrouped(tiles_.size(), 0);
  for (uint32_t rr = 0; rr < rows_; ++rr) {
    uint32_t n, m;
    const uint16_t *ts = this->rowTiles(rr, n);
    const uint16_t *prev = rr ? this->rowTiles(rr - 1, m) : nullptr;
    if (!rr || n != m || !std::equal(ts, ts + n, prev)) {
      groupRow_.push_back(rr);
      groupsPartitionTiles_ = groupsPartitionTiles_ && n > 0;
      for (uint32_t s = 0; s < n; ++s) {
        groupsPartitionTiles_ = groupsPartitionTiles_ && !tileGrouped[ts[s]];
        tileGrouped[ts[s]] = 1;
      }
    }
    rowGroup_[rr] = uint32_t(groupRow_.size() - 1);
  }
  struct ColEntry { uint32_t col, rowBegin, rowEnd; uint16_t tile; };
  std::vector<ColEntry> colEntries;
  for (uint16_t t = 0; t < tiles_.size(); ++t)
    for (const Block &b : blocks_[t]) {
      for (uint32_t c = 0; c < b.postCount; ++c)
        colEntries.push_back({b.postBegin + c, b.rowBegin, b.rowBegin + b.rowCount, t});
    }
  std::sort(colEntries.begin(), colEntries.end(), [](const ColEntry &a, const ColEntry &b) {
    return a.col != b.col ? a.col < b.col : a.rowBegin < b.rowBegin;
  });
  colTileBegin_.assign(cols_ + 1, 0);
  colRunBegin_.assign(cols_ + 1, 0);
  size_t e = 0;
  for (uint32_t k = 0; k < cols_; ++k) {
    colTileBegin_[k] = uint32_t(colTiles_.size());
    colRunBegin_[k] = uint32_t(colRuns_.size());
    for (; e < colEntries.size() && colEntries[e].col == k; ++e) {
      const ColEntry &c = colEntries[e];
      // Blocks of the same tile that continue each other form one run.
      if (colRuns_.size() > colRunBegin_[k] && colRuns_.back().tile == c.tile &&
          colRuns_.back().rowEnd == c.rowBegin)
        colRuns_.back().rowEnd = c.rowEnd;
      else
        colRuns_.push_back({c.rowBegin, c.rowEnd, c.tile});
      colTiles_.push_back(c.tile);
    }
    std::sort(colTiles_.begin() + colTileBegin_[k], colTiles_.end());
    colTiles_.erase(std::unique(colTiles_.begin() + colTileBegin_[k], colTiles_.end()), colTiles_.end());
  }
  colTileBegin_[cols_] = uint32_t(colTiles_.size());
  colRunBegin_[cols_] = uint32_t(colRuns_.size());
  std::vector<ColEntry>().swap(colEntries);

  // Faults, then device-to-device offsets, then weights: a fixed draw order
  // (faults: one draw per tile cell, tiles in order, cells row-major).
  const double sSet = d->stuck_at_set_rate(), sReset = d->stuck_at_reset_rate();
  if (sSet > 0 || sReset > 0)
    for (size_t t = 0; t < tiles_.size(); ++t)
      forEachPiece(t, [&](size_t c0, uint32_t count, size_t j0, uint32_t) {
        for (uint32_t q2 = 0; q2 < count; ++q2) {
          const double u = initRng.uniform();
          if (u >= sSet + sReset) continue;
          const uint16_t s = u < sSet ? cellMax_ : 0;
          if (j0 == kNoSlot) {
            stray_.push_back({uint16_t(t), c0 + q2, s});
            continue;
          }
          const size_t j = j0 + size_t(q2 / cellsPerWeight_) * rows_;
          const uint32_t b = q2 % cellsPerWeight_;
          stuck_[j] |= uint16_t(1u << b);
          word_[j] = multiLevel_ ? s : uint16_t((word_[j] & ~(1u << b)) | (uint32_t(s) << b));
        }
      });
  if (multiLevel_ && d->d2d_sigma() > 0) {
    d2d_.assign(n, 0.f);
    // Drawn in row-major order.
    for (uint32_t rr = 0; rr < rows_; ++rr)
      for (uint32_t k = 0; k < cols_; ++k) d2d_[slot(rr, k)] = float(initRng.normal() * d->d2d_sigma());
  }
  const bool hasBias = pr->has_bias();
  for (uint32_t rr = 0; rr < rows_; ++rr) {
    bool bias = hasBias && rr == rows_ - 1;
    double lo = bias ? pr->bias_init_low() : pr->init_low();
    double hi = bias ? pr->bias_init_high() : pr->init_high();
    for (uint32_t k = 0; k < cols_; ++k) {
      double w = pr->init() == fb::InitKind::Dense
                     ? double(pr->initial_weights()->Get(uint32_t(size_t(rr) * cols_ + k)))
                 : pr->init() == fb::InitKind::Uniform ? lo + (hi - lo) * initRng.uniform()
                                                       : lo;
      uint64_t draws = 0;
      double pos = q_.position(w);
      // An explicit value on a level (e.g. trained weights imported back)
      // stays on it, whatever float rounding did to it.
      if (pr->init() == fb::InitKind::Dense && std::fabs(pos - std::nearbyint(pos)) < 1e-4)
        pos = std::nearbyint(pos);
      const uint32_t level = q_.round(pos, initRng, draws);
      // Initial programming (not a counted write) cannot change stuck cells.
      const size_t j = slot(rr, k);
      const uint32_t keep = stuck_.empty() ? 0 : stuck_[j];
      if (multiLevel_) {
        if (!keep) word_[j] = uint16_t(level);
      } else {
        word_[j] = uint16_t((word_[j] & keep) | (level & ~keep));
      }
    }
  }
  rebuildFromCells();
}

void Device::forEachPiece(size_t t, const std::function<void(size_t, uint32_t, size_t, uint32_t)> &f) const {
  const Tile &tile = tiles_[t];
  const std::vector<Block> &bs = blocks_[t];
  std::vector<const Block *> active;
  size_t next = 0; // blocks are sorted by tile row: those starting at or before row tr
  for (uint32_t tr = 0; tr < tile.rows(); ++tr) {
    for (; next < bs.size() && bs[next].tileRow <= tr; ++next) active.push_back(&bs[next]);
    active.erase(std::remove_if(active.begin(), active.end(),
                                [&](const Block *b) { return b->tileRow + b->rowCount <= tr; }),
                 active.end());
    std::sort(active.begin(), active.end(),
              [](const Block *a, const Block *b) { return a->tileCol < b->tileCol; });
    const size_t row0 = tile.cellIndex(tr, 0);
    uint32_t col = 0;
    for (const Block *b : active) {
      if (b->tileCol > col) f(row0 + col, b->tileCol - col, kNoSlot, 0);
      const uint32_t rr = b->rowBegin + (tr - b->tileRow);
      f(row0 + b->tileCol, b->postCount * cellsPerWeight_, slot(rr, b->postBegin), rr);
      col = b->tileCol + b->postCount * cellsPerWeight_;
    }
    if (col < tile.cols()) f(row0 + col, tile.cols() - col, kNoSlot, 0);
  }
}

Device::Cell Device::cell(size_t t, size_t c) const {
  Cell out{0, 0, 0};
  forEachPiece(t, [&](size_t c0, uint32_t count, size_t j0, uint32_t) {
    if (c < c0 || c >= c0 + count) return;
    if (j0 == kNoSlot) {
      for (const StrayCell &s : stray_)
        if (s.tile == t && s.cell == c) out = {s.state, 0, Tile::kStuck};
      return;
    }
    const size_t q2 = c - c0;
    out = slotCell(j0 + (q2 / cellsPerWeight_) * rows_, uint32_t(q2 % cellsPerWeight_));
  });
  return out;
}


std::vector<uint32_t> Device::tileWrites(size_t t) const {
  std::vector<uint32_t> out(tiles_[t].cells(), 0);
  forEachPiece(t, [&](size_t c0, uint32_t cells, size_t j0, uint32_t) {
    if (j0 == kNoSlot) return;
    for (uint32_t q = 0; q < cells; ++q)
      out[c0 + q] = count(j0 + size_t(q / cellsPerWeight_) * rows_, q % cellsPerWeight_);
  });
  return out;
}


void Device::rebuildFromCells() {
  // Reads must also exclude conventionally pruned cells after a reload.
  prunedCount_ = 0;
  std::fill(rowRead_.begin(), rowRead_.end(), RowRead{});
  for (uint32_t k = 0; k < cols_; ++k)
    for (uint32_t rr = 0; rr < rows_; ++rr) {
      const size_t j = slot(rr, k);
      lvl_[j] = uint16_t(decode(j));
      cache_[size_t(rr) * cols_ + k] = analogValue(j, lvl_[j]);
      prunedCount_ += mark_[j] & kPruned;
      if (mark_[j] & kConventional) continue;
      RowRead &row = rowRead_[rr];
      row.cells += cellsPerWeight_;
      row.conductanceNs += slotConductanceNs(j);
    }
}

std::vector<uint16_t> Device::levelMatrix() const {
  std::vector<uint16_t> m(lvl_.size());
  for (uint32_t rr = 0; rr < rows_; ++rr)
    for (uint32_t k = 0; k < cols_; ++k) m[size_t(rr) * cols_ + k] = lvl_[slot(rr, k)];
  return m;
}

std::vector<uint8_t> Device::prunedMatrix() const {
  std::vector<uint8_t> m(mark_.size());
  for (uint32_t rr = 0; rr < rows_; ++rr)
    for (uint32_t k = 0; k < cols_; ++k) m[size_t(rr) * cols_ + k] = mark_[slot(rr, k)] & kPruned;
  return m;
}

void Device::save(CheckpointWriter &w) const {
  // Each tile as rows x cols arrays (state, writes, flags), one array at a
  // time, built piece by piece.
  for (size_t t = 0; t < tiles_.size(); ++t) {
    const uint64_t cells = tiles_[t].cells();
    for (int part = 0; part < 3; ++part) {
      w.pod(cells);
      size_t s = std::lower_bound(stray_.begin(), stray_.end(), t,
                                  [](const StrayCell &a, size_t tt) { return a.tile < tt; }) -
                 stray_.begin();
      forEachPiece(t, [&](size_t c0, uint32_t count, size_t j0, uint32_t) {
        for (uint32_t q2 = 0; q2 < count; ++q2) {
          Cell c{0, 0, 0};
          if (j0 == kNoSlot) {
            if (s < stray_.size() && stray_[s].tile == t && stray_[s].cell == c0 + q2)
              c = {stray_[s++].state, 0, Tile::kStuck};
          } else {
            c = slotCell(j0 + size_t(q2 / cellsPerWeight_) * rows_, q2 % cellsPerWeight_);
          }
          if (part == 0) w.pod(c.state);
          else if (part == 1) w.pod(c.writes);
          else w.pod(c.flags);
        }
      });
    }
  }
  // Per weight flags, row-major.
  w.vec(prunedMatrix());
  std::vector<uint8_t> conventional(mark_.size()), rot(rot_.size());
  for (uint32_t rr = 0; rr < rows_; ++rr)
    for (uint32_t k = 0; k < cols_; ++k) {
      conventional[size_t(rr) * cols_ + k] = (mark_[slot(rr, k)] & kConventional) ? 1 : 0;
      rot[size_t(rr) * cols_ + k] = rot_[slot(rr, k)];
    }
  w.vec(conventional);
  w.vec(rot);
}

void Device::load(CheckpointReader &r) {
  // Read into new arrays, swapped in once everything is valid.
  using R = CheckpointReader;
  std::vector<uint16_t> word(word_.size(), 0), stuck(stuck_.size(), 0), worn(worn_.size(), 0);
  std::vector<uint32_t> writes(word_.size() * cellsPerWeight_, 0);
  std::vector<StrayCell> stray;
  for (size_t t = 0; t < tiles_.size(); ++t) {
    const std::string field = R::at("device.tile", t);
    auto state = r.vec<uint16_t>(tiles_[t].cells(), field + ".state");
    auto wr = r.vec<uint32_t>(tiles_[t].cells(), field + ".writes");
    auto flags = r.vec<uint8_t>(tiles_[t].cells(), field + ".flags");
    r.requireBelow(state, uint64_t(cellMax_) + 1, field + ".state", "states per cell");
    for (size_t c = 0; c < flags.size(); ++c) {
      if (flags[c] & ~(Tile::kStuck | Tile::kWorn))
        r.fail(R::at(field + ".flags", c),
               R::show(flags[c]) + " has bits other than stuck (1) and worn (2)");
      if ((flags[c] & Tile::kWorn) && wr[c] == 0)
        r.fail(R::at(field + ".flags", c), "worn out without a single write");
      if (flags[c] && stuck_.empty())
        r.fail(R::at(field + ".flags", c),
               "a fault flag but the card has no stuck cells and unlimited endurance");
    }
    forEachPiece(t, [&](size_t c0, uint32_t count, size_t j0, uint32_t) {
      for (uint32_t q2 = 0; q2 < count; ++q2) {
        const size_t c = c0 + q2;
        if (j0 == kNoSlot) {
          // A cell outside every weight is never pulsed: it can only be
          // stuck where the faults were drawn.
          if (wr[c] != 0 || (flags[c] != 0 && flags[c] != Tile::kStuck) ||
              (flags[c] == 0 && state[c] != 0))
            r.fail(R::at(field + ".state", c), "a cell that holds no weight was written");
          if (flags[c]) stray.push_back({uint16_t(t), c, state[c]});
          continue;
        }
        // A healthy cell wears out at the pulse that reaches the endurance.
        if (flags[c] == 0 && wearCount_ && wr[c] >= wearCount_)
          r.fail(R::at(field + ".writes", c), std::to_string(wr[c]) +
                                                  " pulses but the cell is not worn out (endurance " +
                                                  R::show(endurance_) + ")");
        const size_t j = j0 + size_t(q2 / cellsPerWeight_) * rows_;
        const uint32_t b = q2 % cellsPerWeight_;
        if (multiLevel_) word[j] = state[c];
        else word[j] = uint16_t(word[j] | uint32_t(state[c]) << b);
        writes[j * cellsPerWeight_ + b] = wr[c];
        if (flags[c] & Tile::kStuck) stuck[j] = uint16_t(stuck[j] | 1u << b);
        if (flags[c] & Tile::kWorn) worn[j] = uint16_t(worn[j] | 1u << b);
      }
    });
  }
  const size_t n = word_.size();
  auto pruned = r.vec<uint8_t>(n, "device.pruned");
  auto conventional = r.vec<uint8_t>(n, "device.conventional");
  auto rot = r.vec<uint8_t>(n, "device.rotation");
  r.requireFlags(pruned, "device.pruned");
  r.requireFlags(conventional, "device.conventional");
  for (size_t i = 0; i < n; ++i)
    if (conventional[i] && !pruned[i])
      r.fail(R::at("device.conventional", i), "set for a weight that is not pruned");
  // Multi-level weights use one cell: their rotation can only be 0.
  r.requireBelow(rot, cellsPerWeight_, "device.rotation", "cells per weight");
  word_ = std::move(word);
  // The counts, bit-sliced: as many planes as the highest count has bits.
  uint32_t most = 0;
  for (uint32_t w : writes) most |= w;
  planes_.clear();
  while (planes_.size() < kCountBits && (most >> planes_.size()) != 0) addPlane();
  for (size_t j = 0; j < word_.size(); ++j)
    for (size_t p = 0; p < planes_.size(); ++p) {
      uint32_t bits = 0;
      for (uint32_t b = 0; b < cellsPerWeight_; ++b) bits |= (writes[j * cellsPerWeight_ + b] >> p & 1) << b;
      setPlane(p, j, bits);
    }
  std::vector<uint32_t>().swap(writes);
  stuck_ = std::move(stuck);
  worn_ = std::move(worn);
  stray_ = std::move(stray);
  for (uint32_t rr = 0; rr < rows_; ++rr)
    for (uint32_t k = 0; k < cols_; ++k) {
      const size_t i = size_t(rr) * cols_ + k, j = slot(rr, k);
      mark_[j] = uint8_t((pruned[i] ? kPruned : 0) | (conventional[i] ? kConventional : 0));
      rot_[j] = rot[i];
    }
  rebuildFromCells();
}

void Device::pulse(size_t j, uint32_t b, uint16_t s) {
  const uint32_t reached = countPulses(j, 1u << b);
  if (!stuck_.empty()) {
    if ((stuck_[j] | worn_[j]) >> b & 1) return;
    worn_[j] = uint16_t(worn_[j] | reached);
  }
  word_[j] = multiLevel_ ? s : uint16_t((word_[j] & ~(1u << b)) | uint32_t(s) << b);
}

WriteOutcome Device::writeMultiLevel(uint32_t r, uint32_t k, uint32_t level, bool skipUnchanged,
                                     Rng &rng) {
  WriteOutcome o;
  const size_t j = slot(r, k);
  const uint64_t before = slotConductanceNs(j);
  const int cur = word_[j];
  const int delta = int(level) - cur;
  if (delta == 0) {
    // A full rewrite still spends one pulse re-programming the cell.
    ++o.naiveSet;
    if (!skipUnchanged) { ++o.set; pulse(j, 0, uint16_t(cur)); }
  } else {
    uint32_t pulses = uint32_t(std::abs(delta));
    // Saturating update: steps shrink as the cell nears the end it moves
    // towards (nonlinearity 0 = linear); c2c adds Gaussian noise in level units.
    double frac = double(cur) / double(cellMax_);
    double gain = 1.0 - nonlinearity_ * (delta > 0 ? frac : 1.0 - frac);
    double achieved = cur + delta * gain;
    if (c2c_ > 0) achieved += rng.normal() * c2c_ * std::sqrt(double(pulses));
    long a = std::lround(achieved);
    if (delta > 0 && a <= cur) a = cur + 1; // a pulse always moves the cell
    if (delta < 0 && a >= cur) a = cur - 1;
    a = std::max(0L, std::min(long(cellMax_), a));
    if (delta > 0) { o.set += pulses; o.naiveSet += pulses; }
    else { o.reset += pulses; o.naiveReset += pulses; }
    for (uint32_t i = 1; i < pulses; ++i) pulse(j, 0, uint16_t(cur));
    pulse(j, 0, uint16_t(a));
  }
  const uint32_t now = decode(j);
  lvl_[j] = uint16_t(now);
  cache_[size_t(r) * cols_ + k] = analogValue(j, now);
  conductanceChanged(r, j, before);
  return o;
}

WriteOutcome Device::wouldWrite(size_t j, uint32_t level, bool skipUnchanged) const {
  WriteOutcome o;
  if (!multiLevel_) {
    const uint32_t cells = pattern(level, targetRot_);
    const uint32_t pulsed = skipUnchanged ? (word_[j] ^ cells) : fullMask_;
    o.naiveSet = uint32_t(__builtin_popcount(cells));
    o.naiveReset = cellsPerWeight_ - o.naiveSet;
    o.set = uint32_t(__builtin_popcount(pulsed & cells));
    o.reset = uint32_t(__builtin_popcount(pulsed & ~cells));
  } else {
    int delta = int(level) - int(word_[j]);
    if (delta > 0) o.set = o.naiveSet = uint32_t(delta);
    else if (delta < 0) o.reset = o.naiveReset = uint32_t(-delta);
    else { o.naiveSet = 1; if (!skipUnchanged) o.set = 1; }
  }
  return o;
}

void Device::updateDigitalRows(uint32_t k, uint32_t begin, uint32_t end, const uint32_t *target,
                               bool skipUnchanged, UpdateTotals &sum) {
  uint32_t i = begin;
#if SNN_AVX512_WRITES
  // 16 words at a time: writeDigital's logic on vectors for the contiguous
  // per-slot arrays and the write counts; the weight cache (a strided
  // store) and the row reads' conductance lane by lane. The same integers as
  // the scalar path, so the same results. The last rows of the range are a
  // partial chunk: every load and store is masked to its lanes (`in`).
  const size_t j0 = slot(0, k);
  const bool faults = !stuck_.empty();
  const __m512i cpw = _mm512_set1_epi32(int(cellsPerWeight_)), full = _mm512_set1_epi32(int(fullMask_));
  const __m512i top = _mm512_set1_epi32(int(q_.levels() - 1)), zero = _mm512_setzero_si512();
  const __m512i targetRot = _mm512_set1_epi32(targetRot_);
  const __m512i lane16 = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  // A scatter's indices are signed 32-bit element offsets.
  const bool scatterCache = uint64_t(rows_) * cols_ <= uint64_t(INT32_MAX);
  alignas(64) float valueL[16];
  // The arrays in locals: the loop's byte and word stores could alias any
  // member, which the compiler would then reload for every chunk.
  uint16_t *lvlP = lvl_.data(), *wordP = word_.data(), *wornP = worn_.data();
  const uint16_t *stuckP = stuck_.data();
  uint8_t *rotP = rot_.data();
  const uint8_t *markP = mark_.data();
  float *cacheP = cache_.data();
  RowRead *rowReadP = rowRead_.data();
  const bool narrow = narrowPlanes_;
  const uint32_t wear = wearCount_;
  uint8_t *plane[kCountBits];
  size_t planes = 0;
  for (auto &pl : planes_) plane[planes++] = pl.data();
  uint64_t rotations = 0;
  // Plane p of 16 consecutive slots from j, one lane each (lanes in `in`).
  auto loadPlane = [&](size_t p, size_t j, __mmask16 in) {
    return narrow ? _mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(in, plane[p] + j))
                  : _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(in, plane[p] + 2 * j));
  };
  auto storePlane = [&](size_t p, size_t j, __mmask16 in, __m512i bits) {
    if (narrow) _mm_mask_storeu_epi8(plane[p] + j, in, _mm512_cvtepi32_epi8(bits));
    else _mm256_mask_storeu_epi16(plane[p] + 2 * j, in, _mm512_cvtepi32_epi16(bits));
  };
  // A digital word's conductance is linear in its set cells (gOnes_): the
  // read sum and each row's change follow from popcounts, modulo 2^64
  // like the scalar path's sums.
  const uint64_t g0 = gOnes_[0], gStep = gOnes_[1] - gOnes_[0];
  const __m512i gStepV = _mm512_set1_epi64(int64_t(gStep));
  uint64_t readWords = 0;
  // Per-lane totals, added up once at the end: a lane adds at most 16
  // cells per 16 rows, so it stays below the run's rows (< 2^32).
  __m512i setV = zero, resetV = zero, avoidedSetV = zero, avoidedResetV = zero, readOnesV = zero;
  static_assert(sizeof(RowRead) == 16 && offsetof(RowRead, conductanceNs) == 8,
                "rows' read sums are updated as pairs of 64-bit lanes");
  for (; i < end; i += 16) {
    const __mmask16 in = end - i >= 16 ? __mmask16(0xffff) : __mmask16((1u << (end - i)) - 1);
    const size_t j = j0 + i;
    const __m512i tgt = _mm512_maskz_loadu_epi32(in, target + i);
    const __mmask16 valid = in & _mm512_cmpneq_epu32_mask(tgt, _mm512_set1_epi32(int(kNoWrite)));
    const __m512i lvl = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(in, lvlP + j));
    const __m512i oldRot = _mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(in, rotP + j));
    const __m512i cur = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(in, wordP + j));
    const __m512i mark = _mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(in, markP + j));
    const __m512i stuck = faults ? _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(in, stuckP + j)) : zero;
    const __m512i worn0 = faults ? _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(in, wornP + j)) : zero;
    const __mmask16 keep = skipUnchanged ? __mmask16(valid & _mm512_cmpeq_epu32_mask(tgt, lvl)) : __mmask16(0);
    const __m512i rot = _mm512_mask_blend_epi32(keep, targetRot, oldRot);
    rotations += uint32_t(__builtin_popcount(valid & _mm512_cmpneq_epu32_mask(oldRot, rot)));
    const __m512i cells = rotateCells(tgt, rot, cpw, full);
    const __m512i pulsed = _mm512_maskz_mov_epi32(valid & ~keep, skipUnchanged ? _mm512_xor_si512(cur, cells) : full);
    const __m512i set = _mm512_popcnt_epi32(_mm512_and_si512(pulsed, cells));
    const __m512i reset = _mm512_popcnt_epi32(_mm512_andnot_si512(cells, pulsed));
    const __m512i naiveSet = _mm512_popcnt_epi32(tgt), naiveReset = _mm512_sub_epi32(cpw, naiveSet);
    setV = _mm512_add_epi32(setV, set);
    resetV = _mm512_add_epi32(resetV, reset);
    avoidedSetV = _mm512_mask_add_epi32(avoidedSetV, valid, avoidedSetV, _mm512_sub_epi32(naiveSet, _mm512_min_epu32(naiveSet, set)));
    avoidedResetV = _mm512_mask_add_epi32(avoidedResetV, valid, avoidedResetV, _mm512_sub_epi32(naiveReset, _mm512_min_epu32(naiveReset, reset)));
    const __m512i moves = _mm512_andnot_si512(_mm512_or_si512(stuck, worn0), pulsed);
    const __m512i word = _mm512_or_si512(_mm512_andnot_si512(moves, cur), _mm512_and_si512(cells, moves));
    // The pulses into the bit-sliced counts: a ripple of AND and XOR over
    // every plane (a lane without pulses adds 0), in the planes' own width.
    // Counted, not "while any lane carries": the planes' loads then wait on
    // nothing, and the loop's end is not a coin flip to the branch predictor.
    __m512i carry;
    if (narrow) {
      __m128i c = _mm512_cvtepi32_epi8(pulsed);
      for (size_t p = 0; p < planes; ++p) {
        uint8_t *q = plane[p] + j;
        const __m128i bits = _mm_maskz_loadu_epi8(in, q);
        _mm_mask_storeu_epi8(q, in, _mm_xor_si128(bits, c));
        c = _mm_and_si128(c, bits);
      }
      carry = _mm512_cvtepu8_epi32(c);
    } else {
      __m256i c = _mm512_cvtepi32_epi16(pulsed);
      for (size_t p = 0; p < planes; ++p) {
        uint8_t *q = plane[p] + 2 * j;
        const __m256i bits = _mm256_maskz_loadu_epi16(in, q);
        _mm256_mask_storeu_epi16(q, in, _mm256_xor_si256(bits, c));
        c = _mm256_and_si256(c, bits);
      }
      carry = _mm512_cvtepu16_epi32(c);
    }
    if (_mm512_test_epi32_mask(carry, carry)) {
      if (planes == kCountBits) { // saturate (countPulses())
        for (size_t q = 0; q < kCountBits; ++q) storePlane(q, j, in, _mm512_or_si512(loadPlane(q, j, in), carry));
      } else {
        addPlane(); // all zero: its bits become the carry
        plane[planes++] = planes_.back().data();
        storePlane(planes - 1, j, in, carry);
      }
    }
    __m512i reached = zero;
    if (wear && (planes == kCountBits || (uint64_t(wear) >> planes) == 0)) {
      reached = pulsed; // countIs() on 16 words
      for (size_t p = 0; p < planes; ++p)
        reached = (wear >> p & 1) ? _mm512_and_si512(reached, loadPlane(p, j, in))
                                  : _mm512_andnot_si512(loadPlane(p, j, in), reached);
    }
    const __m512i worn = _mm512_or_si512(worn0, _mm512_and_si512(reached, moves));
    // decodeWord() where a cell is faulty: rotated back, capped at the top.
    const __mmask16 faulty = _mm512_test_epi32_mask(_mm512_or_si512(stuck, worn), _mm512_or_si512(stuck, worn));
    const __m512i back = rotateCells(word, _mm512_sub_epi32(cpw, rot), cpw, full);
    const __m512i now = _mm512_mask_blend_epi32(faulty, tgt, _mm512_min_epu32(back, top));
    // Conventionally pruned cells are not read: value 0, not in the row's
    // sum.
    const __mmask16 read = valid & _mm512_testn_epi32_mask(mark, _mm512_set1_epi32(kConventional));
    // valueF_[now] = float(q_.value(now)), the same double operations.
    const __m512d wMin = _mm512_set1_pd(q_.wMin()), step = _mm512_set1_pd(q_.step());
    const __m256 lo = _mm512_cvtpd_ps(_mm512_add_pd(wMin, _mm512_mul_pd(step, _mm512_cvtepi32_pd(_mm512_castsi512_si256(now)))));
    const __m256 hi = _mm512_cvtpd_ps(_mm512_add_pd(wMin, _mm512_mul_pd(step, _mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(now, 1)))));
    _mm512_store_ps(valueL, _mm512_maskz_mov_ps(read, _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1)));
    const __m512i onesBefore = _mm512_popcnt_epi32(cur);
    readOnesV = _mm512_mask_add_epi32(readOnesV, valid, readOnesV, onesBefore);
    readWords += uint32_t(__builtin_popcount(valid));
    // Each read row's sum moves by its change in set cells x gStep (modulo
    // 2^64, as the scalar path): 16 rows are 4 registers of (cells, sum)
    // pairs, the changes going to the odd lanes.
    const __m512i delta = _mm512_maskz_sub_epi32(read, _mm512_popcnt_epi32(word), onesBefore);
    if (_mm512_test_epi32_mask(delta, delta)) {
      const __m512i lo = _mm512_cvtepi32_epi64(_mm512_castsi512_si256(delta));
      const __m512i hi = _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(delta, 1));
      const __m512i rows4[4] = {lo, _mm512_shuffle_i64x2(lo, lo, 0xee), hi, _mm512_shuffle_i64x2(hi, hi, 0xee)};
      __m512i *rr = reinterpret_cast<__m512i *>(rowReadP + i);
      for (int q = 0; q < 4; ++q) {
        // Rows 4q..4q+3 of the chunk, two lanes each.
        const uint32_t rows = in >> (4 * q) & 0xf;
        const __mmask8 pairs = __mmask8((rows & 1) * 3 | (rows & 2) * 6 | (rows & 4) * 12 | (rows & 8) * 24);
        const __m512i d = _mm512_mullo_epi64(_mm512_maskz_expand_epi64(0xaa, rows4[q]), gStepV);
        _mm512_mask_storeu_epi64(rr + q, pairs, _mm512_add_epi64(_mm512_maskz_loadu_epi64(pairs, rr + q), d));
      }
    }
    _mm_mask_storeu_epi8(rotP + j, valid, _mm512_cvtepi32_epi8(rot));
    _mm256_mask_storeu_epi16(wordP + j, valid, _mm512_cvtepi32_epi16(word));
    if (faults) _mm256_mask_storeu_epi16(wornP + j, valid, _mm512_cvtepi32_epi16(worn));
    _mm256_mask_storeu_epi16(lvlP + j, valid, _mm512_cvtepi32_epi16(now));
    // The weight cache (row-major: one float per row) only where the level
    // moved; elsewhere it holds the value already (0 where conventionally
    // pruned). One scatter while the offsets fit its 32-bit indices.
    const __mmask16 moved = read & _mm512_cmpneq_epu32_mask(now, lvl);
    if (scatterCache)
      _mm512_mask_i32scatter_ps(cacheP + k, moved,
                                _mm512_mullo_epi32(_mm512_add_epi32(_mm512_set1_epi32(int(i)), lane16),
                                                   _mm512_set1_epi32(int(cols_))),
                                _mm512_load_ps(valueL), 4);
    else
      for (uint32_t m = moved; m; m &= m - 1) {
        const uint32_t l = uint32_t(__builtin_ctz(m));
        cacheP[size_t(i + l) * cols_ + k] = valueL[l];
      }
  }
  // 16 lanes of up to 2^32 - 1 each: added in 64 bits.
  auto total = [](__m512i v) {
    return uint64_t(_mm512_reduce_add_epi64(_mm512_cvtepu32_epi64(_mm512_castsi512_si256(v)))) +
           uint64_t(_mm512_reduce_add_epi64(_mm512_cvtepu32_epi64(_mm512_extracti64x4_epi64(v, 1))));
  };
  sum.set += total(setV);
  sum.reset += total(resetV);
  sum.avoidedSet += total(avoidedSetV);
  sum.avoidedReset += total(avoidedResetV);
  const uint64_t readOnes = total(readOnesV);
  sum.readNs += readWords * g0 + readOnes * gStep;
  sum.rotations += rotations;
#endif
  for (; i < end; ++i) {
    if (target[i] == kNoWrite) continue;
    sum.readNs += slotConductanceNs(slot(i, k));
    const WriteOutcome o = writeDigital(i, k, target[i], skipUnchanged, true);
    sum.rotations += o.rotated;
    sum.set += o.set;
    sum.reset += o.reset;
    sum.avoidedSet += o.naiveSet - std::min(o.naiveSet, o.set);
    sum.avoidedReset += o.naiveReset - std::min(o.naiveReset, o.reset);
  }
}

void Device::wouldWriteDigitalRows(uint32_t k, uint32_t begin, uint32_t end, const uint32_t *target,
                                   bool skipUnchanged, uint64_t &set, uint64_t &reset) const {
  uint32_t i = begin;
  const size_t j0 = slot(0, k);
#if SNN_AVX512_WRITES
  // wouldWrite() on 16 words at a time (the same integers), the last
  // chunk masked to the range.
  const __m512i cpw = _mm512_set1_epi32(int(cellsPerWeight_)), full = _mm512_set1_epi32(int(fullMask_));
  const __m512i rot = _mm512_set1_epi32(targetRot_);
  for (; i < end; i += 16) {
    const __mmask16 in = end - i >= 16 ? __mmask16(0xffff) : __mmask16((1u << (end - i)) - 1);
    const __m512i tgt = _mm512_maskz_loadu_epi32(in, target + i);
    const __mmask16 valid = in & _mm512_cmpneq_epu32_mask(tgt, _mm512_set1_epi32(int(kNoWrite)));
    if (!valid) continue;
    const __m512i cur = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(in, &word_[j0 + i]));
    const __m512i cells = rotateCells(tgt, rot, cpw, full);
    const __m512i pulsed = _mm512_maskz_mov_epi32(valid, skipUnchanged ? _mm512_xor_si512(cur, cells) : full);
    set += uint32_t(_mm512_reduce_add_epi32(_mm512_popcnt_epi32(_mm512_and_si512(pulsed, cells))));
    reset += uint32_t(_mm512_reduce_add_epi32(_mm512_popcnt_epi32(_mm512_andnot_si512(cells, pulsed))));
  }
#endif
  for (; i < end; ++i) {
    if (target[i] == kNoWrite) continue;
    const WriteOutcome o = wouldWrite(j0 + i, target[i], skipUnchanged);
    set += o.set;
    reset += o.reset;
  }
}

uint16_t Device::tileOf(size_t idx) const {
  const uint32_t r = uint32_t(idx / cols_);
  uint32_t n;
  const Run *runs = columnRuns(uint32_t(idx % cols_), n);
  for (uint32_t i = 0; i < n; ++i)
    if (r >= runs[i].rowBegin && r < runs[i].rowEnd) return runs[i].tile;
  return runs[0].tile; // the placement covers every weight (verified)
}

void Device::markPruned(size_t idx, bool conventional) {
  const size_t j = slotOf(idx);
  if (mark_[j] & kPruned) return;
  mark_[j] |= kPruned;
  ++prunedCount_;
  if (conventional) {
    RowRead &row = rowRead_[idx / cols_];
    row.cells -= cellsPerWeight_;
    row.conductanceNs -= slotConductanceNs(j);
    mark_[j] |= kConventional;
    cache_[idx] = 0.f;
  }
}

} // namespace snnrt
