//===- ScheduleWrites.cpp - STDP updates to write batches -----------------===//
#include "snn/Dialect/CBRAM/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include <algorithm>
#include <map>

namespace mlir::cbram {
#define GEN_PASS_DEF_CBRAMSCHEDULEWRITES
#include "snn/Dialect/CBRAM/Transforms/Passes.h.inc"
} // namespace mlir::cbram

using namespace mlir;
using namespace mlir::cbram;

namespace {
struct ScheduleWritesPass
    : cbram::impl::CBRAMScheduleWritesBase<ScheduleWritesPass> {
  using Base::Base;

  LogicalResult schedule(ProgramOp program) {
    auto weights = program.getFirst<WeightsOp>();
    auto quantize = program.getFirst<QuantizeOp>();
    ChipAttr chip = program.getChip();
    if (program.getFirst<WriteScheduleOp>())
      return weights.emitError("program @")
             << program.getSymName() << " already has a write schedule";
    if (!quantize || program.getBodyBlock()->getOps<TileOp>().empty())
      return weights.emitError("cannot schedule writes before placement; run "
                               "snn-cbram-quantize and snn-cbram-place first");
    MappingOverrides given;
    CBRAM_TAKE_OVERRIDE(given, batchSize)
    CBRAM_TAKE_OVERRIDE(given, order)
    CBRAM_TAKE_OVERRIDE(given, rotationPeriod)
    CBRAM_TAKE_OVERRIDE(given, skipUnchanged)
    CBRAM_TAKE_OVERRIDE(given, skipPruned)
    if (failed(applyMappingOverrides(program, program.getMapping(), given)))
      return failure();
    MappingAttr mapping = program.getMapping();
    uint32_t batchSize = mapping.getBatchSize();
    WriteOrder order = mapping.getOrder();
    uint32_t rotationPeriod = mapping.getRotationPeriod();
    bool skipUnchanged = mapping.getSkipUnchanged();
    bool skipPruned = mapping.getSkipPruned();
    uint32_t budget = chip.getCard().write_drivers_per_tile;
    uint32_t batch = batchSize ? unsigned(batchSize) : budget;
    if (order == WriteOrder::wear_leveling && rotationPeriod == 0)
      return weights.emitError("order=wear-leveling needs rotation-period of "
                               "at least one image");
    if (order == WriteOrder::wear_leveling && quantize.getCellsPerWeight() < 2)
      return weights.emitError("order=wear-leveling rotates the cells of a "
                               "digital weight word; weights here use ")
             << quantize.getCellsPerWeight() << " cell each (multi-level storage)";
    if (batch > budget)
      return weights.emitError("batch-size=")
             << batch << " exceeds the concurrent-write budget of a tile of "
             << "chip '" << chip.getCard().name << "' (write_drivers_per_tile = "
             << budget << ")";

    // Per tile: the cells of each neuron's column held there (a column
    // update writes them). A sweep over the blocks' neuron ranges, so the
    // cost is in blocks, not tiles x neurons.
    uint32_t cellsPerWeight = quantize.getCellsPerWeight();
    struct TileWork {
      int64_t maxCells = 0, neurons = 0;
    };
    std::map<uint32_t, TileWork> perTile;
    for (auto tile : program.getBodyBlock()->getOps<TileOp>()) {
      std::vector<std::pair<int64_t, int64_t>> events; // (neuron, +-cells)
      for (auto block : tile.getBodyBlock()->getOps<BlockOp>()) {
        int64_t cells = int64_t(block.getPreCount()) * cellsPerWeight;
        events.push_back({block.getPostBegin(), cells});
        events.push_back({block.getPostEnd(), -cells});
      }
      std::sort(events.begin(), events.end());
      TileWork &work = perTile[tile.getIndex()];
      int64_t running = 0;
      for (size_t i = 0; i < events.size(); ++i) {
        running += events[i].second;
        // Neurons up to the next event all hold `running` cells here.
        bool last = i + 1 == events.size() || events[i + 1].first != events[i].first;
        if (!last)
          continue;
        work.maxCells = std::max(work.maxCells, running);
        if (running > 0 && i + 1 < events.size())
          work.neurons += events[i + 1].first - events[i].first;
      }
    }

    MLIRContext *ctx = program.getContext();
    OpBuilder b(program.getBodyBlock(), program.getBodyBlock()->end());
    auto op = b.create<WriteScheduleOp>(
        weights.getLoc(), weights.getMatrix(), b.getI32IntegerAttr(batch),
        WriteOrderAttr::get(ctx, order),
        b.getI32IntegerAttr(order == WriteOrder::wear_leveling
                                ? unsigned(rotationPeriod)
                                : 0u),
        skipUnchanged ? b.getUnitAttr() : UnitAttr(),
        skipPruned ? b.getUnitAttr() : UnitAttr());
    op.getBody().push_back(new Block());
    b.setInsertionPointToEnd(&op.getBody().front());
    for (auto &[tile, work] : perTile)
      b.create<TileWritesOp>(
          weights.getLoc(), b.getI32IntegerAttr(tile),
          b.getI32IntegerAttr(work.neurons), b.getI32IntegerAttr(work.maxCells),
          b.getI32IntegerAttr((work.maxCells + batch - 1) / batch));
    return success();
  }

  void runOnOperation() override {
    if (failed(schedule(getOperation())))
      return signalPassFailure();
  }
};
} // namespace
