#include "snnrt/Device.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace snnrt {

void Device::estimateMemory(const Program &p, MemoryEstimate &m) {
  const fb::Program &r = p.root();
  const uint64_t rows = p.derived().matrixRows, cols = r.projection()->post_size();
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
  m.add("tiles", used.size() * (Tile::bytesFor(r.chip()->tile_rows(), r.chip()->tile_cols()) +
                                sizeof(Tile) + 64 /* tileIndex node */));
  // tileOf_, cellOf_, cache_, levels_, pruned_, conventional_, rot_ (+ d2d_).
  uint64_t perWeight = sizeof(uint16_t) + sizeof(uint32_t) + sizeof(float) + sizeof(uint16_t) + 3;
  if (multiLevel && r.device()->d2d_sigma() > 0) perWeight += sizeof(float);
  // Row segments: one per (row, tile) pair, at most one per block row;
  // column tiles likewise; push_back may leave up to half unused.
  const uint64_t segments = std::min(blockRows, rows * used.size());
  const uint64_t colTiles = std::min(blockCols, cols * used.size());
  m.add("weights", rows * cols * perWeight + (rows + 1 + cols + 1) * sizeof(uint32_t) +
                       (segments * sizeof(Segment) + colTiles * sizeof(uint16_t)) * 3 / 2 +
                       rows * sizeof(uint16_t) /* column scratch */);
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
  q_ = Quantizer(q->levels(), q->w_min(), q->w_max(), q->rounding() == fb::Rounding::Stochastic);
  endurance_ = d->endurance_cycles();
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

  const size_t n = size_t(rows_) * cols_;
  tileOf_.assign(n, 0);
  cellOf_.assign(n, 0);
  cache_.assign(n, 0.f);
  levels_.assign(n, 0);
  pruned_.assign(n, 0);
  conventional_.assign(n, 0);
  rot_.assign(n, 0);

  // Tiles in order of first use by the placement.
  std::map<uint32_t, uint16_t> tileIndex;
  auto pl = r.placement();
  for (uint32_t b = 0; b < pl->size(); ++b) {
    uint32_t t = pl->Get(b)->tile();
    if (!tileIndex.count(t)) {
      uint16_t idx = uint16_t(tiles_.size());
      tileIndex[t] = idx;
      tiles_.emplace_back(t, r.chip()->tile_rows(), r.chip()->tile_cols(), cellMax_);
    }
  }
  for (uint32_t b = 0; b < pl->size(); ++b) {
    auto blk = pl->Get(b);
    uint16_t ti = tileIndex[blk->tile()];
    for (uint32_t i = 0; i < blk->pre_count(); ++i)
      for (uint32_t j = 0; j < blk->post_count(); ++j) {
        size_t idx = size_t(blk->pre_begin() + i) * cols_ + blk->post_begin() + j;
        tileOf_[idx] = ti;
        cellOf_[idx] = uint32_t(tiles_[ti].cellIndex(blk->tile_row() + i, blk->tile_col() + j * cellsPerWeight_));
      }
  }
  // Row segments and column tiles (sorted by tile for a stable order).
  rowSegBegin_.assign(rows_ + 1, 0);
  for (uint32_t rr = 0; rr < rows_; ++rr) {
    std::map<uint16_t, uint32_t> cells;
    for (uint32_t k = 0; k < cols_; ++k) cells[tileOf_[size_t(rr) * cols_ + k]] += cellsPerWeight_;
    for (auto &kv : cells) rowSegs_.push_back({kv.first, kv.second, 0});
    rowSegBegin_[rr + 1] = uint32_t(rowSegs_.size());
  }
  colTileBegin_.assign(cols_ + 1, 0);
  for (uint32_t k = 0; k < cols_; ++k) {
    std::vector<uint16_t> ts;
    for (uint32_t rr = 0; rr < rows_; ++rr) ts.push_back(tileOf_[size_t(rr) * cols_ + k]);
    std::sort(ts.begin(), ts.end());
    ts.erase(std::unique(ts.begin(), ts.end()), ts.end());
    colTiles_.insert(colTiles_.end(), ts.begin(), ts.end());
    colTileBegin_[k + 1] = uint32_t(colTiles_.size());
  }

  // Faults, then device-to-device offsets, then weights: a fixed draw order.
  double sSet = d->stuck_at_set_rate(), sReset = d->stuck_at_reset_rate();
  if (sSet > 0 || sReset > 0)
    for (Tile &t : tiles_)
      for (size_t c = 0; c < t.cells(); ++c) {
        double u = initRng.uniform();
        if (u < sSet) t.makeStuck(c, cellMax_);
        else if (u < sSet + sReset) t.makeStuck(c, 0);
      }
  if (multiLevel_ && d->d2d_sigma() > 0) {
    d2d_.assign(n, 0.f);
    for (size_t i = 0; i < n; ++i) d2d_[i] = float(initRng.normal() * d->d2d_sigma());
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
      uint32_t level = q_.round(pos, initRng, draws);
      size_t idx = size_t(rr) * cols_ + k;
      Tile &t = tiles_[tileOf_[idx]];
      if (multiLevel_) t.program(cellOf_[idx], uint16_t(level));
      else
        for (uint32_t b = 0; b < cellsPerWeight_; ++b) t.program(cellOf_[idx] + b, (level >> b) & 1);
    }
  }
  rebuildFromCells();
}

uint32_t Device::decode(size_t idx) const {
  const Tile &t = tiles_[tileOf_[idx]];
  uint32_t level = 0;
  if (multiLevel_) level = t.state(cellOf_[idx]);
  else {
    uint32_t cells = 0;
    for (uint32_t b = 0; b < cellsPerWeight_; ++b) cells |= uint32_t(t.state(cellOf_[idx] + b)) << b;
    const uint32_t r = rot_[idx];
    level = r ? pattern(cells, cellsPerWeight_ - r) : cells; // rotate back
  }
  // A stuck bit can encode a word above the top level: it reads as the top.
  return std::min(level, q_.levels() - 1);
}

float Device::analogValue(size_t idx, uint32_t level) const {
  if (conventional_[idx]) return 0.f;
  double v = q_.value(level);
  if (!d2d_.empty()) v += d2d_[idx] * q_.step();
  return float(v);
}

void Device::rebuildFromCells() {
  // Reads must also exclude conventionally pruned cells after a reload.
  prunedCount_ = 0;
  for (size_t i = 0; i < levels_.size(); ++i) {
    levels_[i] = uint16_t(decode(i));
    cache_[i] = analogValue(i, levels_[i]);
    prunedCount_ += pruned_[i];
  }
  for (uint32_t rr = 0; rr < rows_; ++rr)
    for (uint32_t s = rowSegBegin_[rr]; s < rowSegBegin_[rr + 1]; ++s) {
      uint32_t cells = 0;
      uint64_t g = 0;
      for (uint32_t k = 0; k < cols_; ++k) {
        size_t idx = size_t(rr) * cols_ + k;
        if (tileOf_[idx] == rowSegs_[s].tile && !conventional_[idx]) {
          cells += cellsPerWeight_;
          g += weightConductanceNs(idx);
        }
      }
      rowSegs_[s].cells = cells;
      rowSegs_[s].conductanceNs = g;
    }
}

void Device::save(CheckpointWriter &w) const {
  for (const Tile &t : tiles_) t.save(w);
  w.vec(pruned_);
  w.vec(conventional_);
  w.vec(rot_);
}

void Device::load(CheckpointReader &r) {
  // Loaded into new tiles of the same shape (not copies: the cell arrays may
  // be most of the memory), swapped in once everything is valid.
  std::vector<Tile> tiles;
  tiles.reserve(tiles_.size());
  for (size_t i = 0; i < tiles_.size(); ++i) {
    tiles.push_back(tiles_[i].shapeOnly());
    tiles.back().load(r, CheckpointReader::at("device.tile", i));
  }
  const size_t n = pruned_.size();
  auto pruned = r.vec<uint8_t>(n, "device.pruned");
  auto conventional = r.vec<uint8_t>(n, "device.conventional");
  auto rot = r.vec<uint8_t>(n, "device.rotation");
  r.requireFlags(pruned, "device.pruned");
  r.requireFlags(conventional, "device.conventional");
  for (size_t i = 0; i < n; ++i)
    if (conventional[i] && !pruned[i])
      r.fail(CheckpointReader::at("device.conventional", i), "set for a weight that is not pruned");
  // Multi-level weights use one cell: their rotation can only be 0.
  r.requireBelow(rot, cellsPerWeight_, "device.rotation", "cells per weight");
  tiles_ = std::move(tiles);
  pruned_ = std::move(pruned);
  conventional_ = std::move(conventional);
  rot_ = std::move(rot);
  rebuildFromCells();
}

WriteOutcome Device::write(size_t idx, uint32_t level, bool skipUnchanged, Rng &rng) {
  WriteOutcome o;
  Tile &t = tiles_[tileOf_[idx]];
  const size_t c0 = cellOf_[idx];
  const uint64_t before = weightConductanceNs(idx);
  if (!multiLevel_) {
    const uint32_t ones = uint32_t(__builtin_popcount(level));
    o.naiveSet = ones;
    o.naiveReset = cellsPerWeight_ - ones;
    o.rotated = rot_[idx] != targetRot_;
    rot_[idx] = targetRot_;
    const uint32_t cells = pattern(level, targetRot_);
    bool faulty = false;
    for (uint32_t b = 0; b < cellsPerWeight_; ++b) {
      const uint16_t target = (cells >> b) & 1;
      if (!skipUnchanged || t.state(c0 + b) != target) {
        if (target) ++o.set; else ++o.reset;
        t.pulse(c0 + b, target, endurance_);
      }
      faulty |= t.flags(c0 + b) != 0;
    }
    // Healthy cells hold exactly the target; only faults need a read-back.
    const uint32_t now = faulty ? decode(idx) : level;
    levels_[idx] = uint16_t(now);
    cache_[idx] = analogValue(idx, now);
    conductanceChanged(idx, before);
    return o;
  } else {
    int cur = t.state(c0);
    int delta = int(level) - cur;
    if (delta == 0) {
      // A full rewrite still spends one pulse re-programming the cell.
      ++o.naiveSet;
      if (!skipUnchanged) { ++o.set; t.pulse(c0, uint16_t(cur), endurance_); }
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
      for (uint32_t i = 1; i < pulses; ++i) t.pulse(c0, uint16_t(cur), endurance_);
      t.pulse(c0, uint16_t(a), endurance_);
    }
  }
  uint32_t now = decode(idx);
  levels_[idx] = uint16_t(now);
  cache_[idx] = analogValue(idx, now);
  conductanceChanged(idx, before);
  return o;
}

WriteOutcome Device::wouldWrite(size_t idx, uint32_t level, bool skipUnchanged) const {
  WriteOutcome o;
  const Tile &t = tiles_[tileOf_[idx]];
  const size_t c0 = cellOf_[idx];
  if (!multiLevel_) {
    const uint32_t cells = pattern(level, targetRot_);
    for (uint32_t b = 0; b < cellsPerWeight_; ++b) {
      uint16_t target = (cells >> b) & 1;
      if (target) ++o.naiveSet; else ++o.naiveReset;
      if (!skipUnchanged || t.state(c0 + b) != target) { if (target) ++o.set; else ++o.reset; }
    }
  } else {
    int delta = int(level) - int(t.state(c0));
    if (delta > 0) o.set = o.naiveSet = uint32_t(delta);
    else if (delta < 0) o.reset = o.naiveReset = uint32_t(-delta);
    else { o.naiveSet = 1; if (!skipUnchanged) o.set = 1; }
  }
  return o;
}

void Device::markPruned(size_t idx, bool conventional) {
  if (pruned_[idx]) return;
  pruned_[idx] = 1;
  ++prunedCount_;
  if (conventional) {
    Segment &seg = segmentOf(idx);
    seg.cells -= cellsPerWeight_;
    seg.conductanceNs -= weightConductanceNs(idx);
    conventional_[idx] = 1;
    cache_[idx] = 0.f;
  }
}

} // namespace snnrt
