//===- ScheduleWrites.cpp - STDP updates to write batches -----------------===//
#include "snn/Dialect/CBRAM/CBRAMOps.h"
#include "snn/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include <map>

namespace mlir::snn {
#define GEN_PASS_DEF_CBRAMSCHEDULEWRITES
#include "snn/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;
using namespace mlir::cbram;

namespace {
struct ScheduleWritesPass
    : snn::impl::CBRAMScheduleWritesBase<ScheduleWritesPass> {
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
    uint32_t budget = chip.getWriteDriversPerTile();
    uint32_t batch = batchSize ? unsigned(batchSize) : budget;
    if (order == WriteOrder::wear_leveling && rotationPeriod == 0)
      return weights.emitError("order=wear-leveling needs rotation-period of "
                               "at least one image");
    if (order == WriteOrder::wear_leveling && quantize.getCells() < 2)
      return weights.emitError("order=wear-leveling rotates the cells of a "
                               "digital weight word; weights here use ")
             << quantize.getCells() << " cell each (multi-level storage)";
    if (batch > budget)
      return weights.emitError("batch-size=")
             << batch << " exceeds the concurrent-write budget of a tile of "
             << "chip '" << chip.getName() << "' (write_drivers_per_tile = "
             << budget << ")";

    // Per tile: the cells of each neuron's column held there (a column
    // update writes them), as a difference array over neurons.
    uint32_t neurons = weights.getPostSize();
    uint32_t cpw = quantize.getCells();
    std::map<uint32_t, std::vector<int64_t>> perTile;
    for (auto tile : program.getBodyBlock()->getOps<TileOp>()) {
      std::vector<int64_t> &delta = perTile[tile.getIndex()];
      delta.assign(neurons + 1, 0);
      for (auto block : tile.getBodyBlock()->getOps<BlockOp>()) {
        int64_t cells = int64_t(block.getPreCount()) * cpw;
        delta[block.getPostBegin()] += cells;
        delta[block.getPostEnd()] -= cells;
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
    for (auto &[tile, delta] : perTile) {
      int64_t running = 0, maxCells = 0, used = 0;
      for (uint32_t n = 0; n < neurons; ++n) {
        running += delta[n];
        maxCells = std::max(maxCells, running);
        used += running > 0;
      }
      b.create<TileWritesOp>(weights.getLoc(), b.getI32IntegerAttr(tile),
                             b.getI32IntegerAttr(used),
                             b.getI32IntegerAttr(maxCells),
                             b.getI32IntegerAttr((maxCells + batch - 1) / batch));
    }
    return success();
  }

  void runOnOperation() override {
    SmallVector<ProgramOp> programs(getOperation().getOps<ProgramOp>());
    for (ProgramOp program : programs)
      if (failed(schedule(program)))
        return signalPassFailure();
  }
};
} // namespace
