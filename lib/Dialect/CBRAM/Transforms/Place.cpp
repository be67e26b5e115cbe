//===- Place.cpp - weight blocks onto tiles -------------------------------===//
//
// The weight matrix has R rows (inputs + bias) and C neurons; a neuron is a
// column `cellsPerWeight` cells wide. Tiles are TR x TC cells. Blocks
// are rectangles of the matrix put at a position of a tile.
//
//===----------------------------------------------------------------------===//
#include "snn/Dialect/CBRAM/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include <algorithm>
#include <climits>
#include <map>
#include <optional>
#include <tuple>

namespace mlir::cbram {
#define GEN_PASS_DEF_CBRAMPLACE
#include "snn/Dialect/CBRAM/Transforms/Passes.h.inc"
} // namespace mlir::cbram

using namespace mlir;
using namespace mlir::cbram;

namespace {
struct Placed {
  uint32_t tile, row, col, pre, preCount, post, postCount;
};

struct Problem {
  uint32_t rows, neurons, cellsPerWeight, tileRows, tileCols;
};

using Placement = std::vector<Placed>;

uint32_t ceilDiv(uint64_t a, uint64_t b) { return uint32_t((a + b - 1) / b); }

uint32_t countTiles(const Placement &placement) {
  uint32_t tiles = 0;
  for (const Placed &p : placement)
    tiles = std::max(tiles, p.tile + 1);
  return tiles;
}

//===----------------------------------------------------------------------===//
// Column-local layouts: every neuron's column stays on one tile.
//===----------------------------------------------------------------------===//

/// Neurons one tile holds when no column is split across tiles. A column
/// taller than a tile is folded into bands laid side by side.
uint32_t columnLocalCapacity(const Problem &p) {
  if (p.rows <= p.tileRows)
    return (p.tileRows / p.rows) * (p.tileCols / p.cellsPerWeight);
  uint32_t bands = ceilDiv(p.rows, p.tileRows);
  return p.tileCols / (p.cellsPerWeight * bands);
}

/// Lays out neurons [first, first + count) on `tile`, column-locally.
void columnLocalLayout(const Problem &p, uint32_t tile, uint32_t first,
                       uint32_t count, Placement &out) {
  if (p.rows <= p.tileRows) {
    // Shelves of `rows` tile rows, each holding a run of neurons.
    uint32_t perShelf = p.tileCols / p.cellsPerWeight;
    for (uint32_t shelf = 0, done = 0; done < count; ++shelf) {
      uint32_t k = std::min(perShelf, count - done);
      out.push_back({tile, shelf * p.rows, 0, 0, p.rows, first + done, k});
      done += k;
    }
    return;
  }
  uint32_t bands = ceilDiv(p.rows, p.tileRows);
  for (uint32_t band = 0; band < bands; ++band) {
    uint32_t pre = band * p.tileRows;
    uint32_t preCount = std::min(p.tileRows, p.rows - pre);
    out.push_back({tile, 0, band * count * p.cellsPerWeight, pre, preCount, first, count});
  }
}

//===----------------------------------------------------------------------===//
// Fewest tiles: rows cut into bands, bands packed into free rectangles.
//===----------------------------------------------------------------------===//

struct FreeRect {
  uint32_t tile, row, col, height, width;
};

/// Packs the matrix cut into row bands of `bandHeight`, opening at most
/// `limit` tiles. Each band's neurons fill the best-fitting free rectangle
/// (least wasted height), splitting the band's columns where a rectangle
/// ends (guillotine cuts).
std::optional<Placement> packBands(const Problem &p, uint32_t bandHeight,
                                   uint32_t limit) {
  std::vector<std::pair<uint32_t, uint32_t>> bands; // (first row, height)
  for (uint32_t r = 0; r < p.rows; r += bandHeight)
    bands.push_back({r, std::min(bandHeight, p.rows - r)});
  std::stable_sort(bands.begin(), bands.end(), [](auto a, auto b) {
    return a.second > b.second;
  });
  Placement out;
  std::vector<FreeRect> free;
  uint32_t tiles = 0;
  for (auto [pre, height] : bands) {
    uint32_t done = 0;
    while (done < p.neurons) {
      int best = -1;
      std::tuple<uint32_t, uint32_t, uint32_t, uint32_t> bestKey;
      for (auto [i, rect] : llvm::enumerate(free)) {
        if (rect.height < height || rect.width < p.cellsPerWeight)
          continue;
        auto key = std::make_tuple(rect.height - height, rect.tile, rect.row,
                                   rect.col);
        if (best < 0 || key < bestKey) {
          best = int(i);
          bestKey = key;
        }
      }
      if (best < 0) {
        if (tiles == limit)
          return std::nullopt;
        free.push_back({tiles++, 0, 0, p.tileRows, p.tileCols});
        continue;
      }
      FreeRect rect = free[best];
      free.erase(free.begin() + best);
      uint32_t k = std::min(p.neurons - done, rect.width / p.cellsPerWeight);
      out.push_back({rect.tile, rect.row, rect.col, pre, height, done, k});
      done += k;
      uint32_t used = k * p.cellsPerWeight;
      if (rect.width > used)
        free.push_back({rect.tile, rect.row, rect.col + used, rect.height,
                        rect.width - used});
      if (rect.height > height)
        free.push_back({rect.tile, rect.row + height, rect.col,
                        rect.height - height, used});
    }
  }
  return out;
}

/// The best packing over a few band heights: fewest tiles, then fewest
/// blocks (fewer blocks = fewer tiles a spike is routed to).
std::optional<Placement> fewestTiles(const Problem &p, uint32_t limit) {
  uint32_t maxHeight = std::min(p.rows, p.tileRows);
  SmallVector<uint32_t> heights = {maxHeight,
                                   ceilDiv(p.rows, ceilDiv(p.rows, p.tileRows))};
  for (uint32_t div : {2u, 3u, 4u, 8u})
    heights.push_back(p.tileRows / div);
  std::optional<Placement> best;
  for (uint32_t h : heights) {
    if (h == 0 || h > maxHeight)
      continue;
    std::optional<Placement> placement = packBands(p, h, limit);
    if (!placement)
      continue;
    if (!best ||
        std::make_pair(countTiles(*placement), placement->size()) <
            std::make_pair(countTiles(*best), best->size()))
      best = std::move(placement);
  }
  return best;
}

struct PlacePass : cbram::impl::CBRAMPlaceBase<PlacePass> {
  using Base::Base;

  LogicalResult place(ProgramOp program) {
    auto weights = program.getFirst<WeightsOp>();
    auto quantize = program.getFirst<QuantizeOp>();
    if (!quantize)
      return weights.emitError("cannot place weights before they are "
                               "quantized; run snn-cbram-quantize first");
    if (!program.getBodyBlock()->getOps<TileOp>().empty())
      return weights.emitError("program @")
             << program.getSymName() << " is already placed";
    MappingOverrides given;
    CBRAM_TAKE_OVERRIDE(given, objective)
    CBRAM_TAKE_OVERRIDE(given, maxTiles)
    if (failed(applyMappingOverrides(program, program.getMapping(), given)))
      return failure();
    MappingAttr mapping = program.getMapping();
    PlacementObjective objective = mapping.getObjective();
    uint32_t maxTiles = mapping.getMaxTiles();
    ChipAttr chip = program.getChip();
    Problem p{weights.getMatrix().getType().getRows(),
              weights.getMatrix().getType().getCols(),
              uint32_t(quantize.getCellsPerWeight()), chip.getCard().tile_rows,
              chip.getCard().tile_cols};
    uint32_t limit = chip.getCard().num_tiles;
    if (maxTiles)
      limit = std::min<uint32_t>(limit, maxTiles);

    auto describe = [&](InFlightDiagnostic diag) -> InFlightDiagnostic {
      diag << "the " << p.rows << "x" << p.neurons << " weight matrix ("
           << p.rows << " rows x " << p.neurons << " neurons x " << p.cellsPerWeight
           << " cell(s) per weight) does not fit chip '" << chip.getCard().name
           << "'";
      return diag;
    };
    if (p.tileCols < p.cellsPerWeight)
      return describe(weights.emitError())
             << ": a weight needs " << p.cellsPerWeight << " adjacent cells, a tile row has "
             << p.tileCols;

    Placement placement;
    uint32_t needed = 0;
    bool atLeast = false; // `needed` is a lower bound, not a packing
    uint32_t capacity = columnLocalCapacity(p);
    // No layout uses fewer tiles than the cells need: fail fast, before any
    // packing, when even that does not fit.
    uint64_t cellsNeeded = uint64_t(p.rows) * p.neurons * p.cellsPerWeight;
    uint64_t lowerBound =
        (cellsNeeded + uint64_t(p.tileRows) * p.tileCols - 1) /
        (uint64_t(p.tileRows) * p.tileCols);
    switch (objective) {
    case PlacementObjective::fewest_tiles: {
      if (lowerBound > limit) {
        needed = uint32_t(std::min<uint64_t>(lowerBound, UINT_MAX - 1));
        atLeast = true;
        break;
      }
      std::optional<Placement> packed = fewestTiles(p, limit);
      if (!packed) {
        // How many it takes, if not far beyond the chip (bounded work).
        uint64_t cap = std::min<uint64_t>(uint64_t(limit) * 4 + 16, UINT_MAX - 1);
        std::optional<Placement> more = fewestTiles(p, uint32_t(cap));
        needed = more ? countTiles(*more) : uint32_t(cap);
        atLeast = !more;
        break;
      }
      placement = std::move(*packed);
      break;
    }
    case PlacementObjective::column_locality: {
      if (capacity == 0 || ceilDiv(p.neurons, capacity) > limit) {
        needed = capacity ? ceilDiv(p.neurons, capacity) : UINT_MAX;
        break;
      }
      for (uint32_t tile = 0, first = 0; first < p.neurons; ++tile) {
        uint32_t count = std::min(capacity, p.neurons - first);
        columnLocalLayout(p, tile, first, count, placement);
        first += count;
      }
      break;
    }
    case PlacementObjective::balanced_wear: {
      if (capacity == 0 || ceilDiv(p.neurons, capacity) > limit) {
        needed = capacity ? ceilDiv(p.neurons, capacity) : UINT_MAX;
        break;
      }
      // Every available tile gets an equal share (the first ones one more).
      uint32_t tiles = std::min(limit, p.neurons);
      for (uint32_t tile = 0, first = 0; tile < tiles; ++tile) {
        uint32_t count = p.neurons / tiles + (tile < p.neurons % tiles ? 1 : 0);
        columnLocalLayout(p, tile, first, count, placement);
        first += count;
      }
      break;
    }
    }
    if (placement.empty()) {
      InFlightDiagnostic diag = describe(weights.emitError());
      diag << ": objective " << stringifyPlacementObjective(objective)
           << " needs ";
      if (needed == UINT_MAX)
        diag << "more than a tile per neuron";
      else
        diag << (atLeast ? "at least " : "") << needed << " tiles of "
             << p.tileRows << "x" << p.tileCols << " cells";
      diag << ", the chip has " << chip.getCard().num_tiles;
      if (limit != chip.getCard().num_tiles)
        diag << " (max-tiles=" << limit << ")";
      return diag;
    }

    // Emit one cbram.tile per used tile, blocks in tile order.
    std::stable_sort(placement.begin(), placement.end(),
                     [](const Placed &a, const Placed &b) {
                       return std::tie(a.tile, a.row, a.col) <
                              std::tie(b.tile, b.row, b.col);
                     });
    OpBuilder b(program.getBodyBlock(), program.getBodyBlock()->end());
    Location loc = weights.getLoc();
    TileOp tileOp;
    for (const Placed &block : placement) {
      if (!tileOp || uint32_t(tileOp.getIndex()) != block.tile) {
        b.setInsertionPointToEnd(program.getBodyBlock());
        tileOp = b.create<TileOp>(loc, block.tile);
      }
      b.setInsertionPointToEnd(tileOp.getBodyBlock());
      auto i32 = [&](uint32_t v) { return b.getI32IntegerAttr(v); };
      b.create<BlockOp>(loc, weights.getMatrix(), i32(block.row),
                        i32(block.row + block.preCount), i32(block.col),
                        i32(block.col + block.postCount * p.cellsPerWeight),
                        i32(block.pre), i32(block.pre + block.preCount),
                        i32(block.post), i32(block.post + block.postCount),
                        i32(0), i32(p.cellsPerWeight));
    }
    return success();
  }

  void runOnOperation() override {
    if (failed(place(getOperation())))
      return signalPassFailure();
  }
};
} // namespace
