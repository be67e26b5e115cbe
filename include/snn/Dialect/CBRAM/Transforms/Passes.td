//===- Passes.td - passes of the cbram dialect -------------*- tablegen -*-===//
//
// Each pass works on one `cbram.program` and configures itself from the
// program's `mapping` (the spec's `cbram.mapping` after the pipeline's
// overrides). A pass option given explicitly overrides the mapping for this
// program; the override is recorded on the program (and so in the emitted
// file), never silent.
//
//===----------------------------------------------------------------------===//
#ifndef SNN_DIALECT_CBRAM_TRANSFORMS_PASSES_TD
#define SNN_DIALECT_CBRAM_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CBRAMQuantize : Pass<"snn-cbram-quantize", "::mlir::cbram::ProgramOp"> {
  let summary = "Map weights in [w_min, w_max] to device states";
  let description = [{
    Adds a `cbram.quantize` to the program: the weight levels (evenly
    spaced over the weight range), how they are stored (`digital`: a word
    of `cells_per_weight` binary cells; `multi_level`: one cell with one
    state per level), the conductance of every cell state used, the
    rounding of updates, and the level that soft-pruned weights hold: the
    pruned constant is mapped to its level, and a warning says when that
    level is not the lowest-energy state (level 0, least read current).

    With `encoding = auto` a device card with more than two states per cell
    gets multi-level storage, a binary one digital words. A device card that
    has too few states for the requested levels is an error.
  }];
  let options = [
    Option<"encoding", "encoding", "::mlir::cbram::StorageChoice",
           "::mlir::cbram::StorageChoice::automatic",
           "How a weight is stored (overrides the mapping)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::cbram::StorageChoice::automatic, "auto",
                        "multi-level if the device has more than 2 states, "
                        "else digital"),
             clEnumValN(::mlir::cbram::StorageChoice::digital, "digital",
                        "a word of binary cells"),
             clEnumValN(::mlir::cbram::StorageChoice::multi_level, "multi-level",
                        "one multi-level cell per weight"))}]>,
    Option<"cellsPerWeight", "cells-per-weight", "unsigned", /*default=*/"4",
           "Digital: binary cells (bits) per weight (overrides the mapping)">,
    Option<"levels", "levels", "unsigned", /*default=*/"0",
           "Weight levels (0: 2^cells-per-weight for digital, the device's "
           "states for multi-level; overrides the mapping)">,
    Option<"rounding", "rounding", "::mlir::cbram::Rounding",
           "::mlir::cbram::Rounding::stochastic",
           "Rounding of weight updates to a level (overrides the mapping)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::cbram::Rounding::nearest, "nearest",
                        "round to the nearest level"),
             clEnumValN(::mlir::cbram::Rounding::stochastic, "stochastic",
                        "round up with probability equal to the remainder"))}]>,
  ];
}

def CBRAMPlace : Pass<"snn-cbram-place", "::mlir::cbram::ProgramOp"> {
  let summary = "Place the weight matrix (+ bias row) onto tiles";
  let description = [{
    Cuts the quantized weight matrix (rows: inputs and bias; columns:
    neurons, each `cells_per_weight` tile columns wide) into blocks and
    places them on the chip's tiles as `cbram.tile` / `cbram.block` ops; a
    matrix larger than a tile spills across tiles.

    - `fewest-tiles`: pack blocks into as few tiles as possible (tries
      several row-band heights and packs the bands into free rectangles).
    - `balanced-wear`: spread the neurons evenly over every tile the chip
      has (or `max-tiles`), so column updates and their writes and wear are
      shared equally and tiles write in parallel.
    - `column-locality`: never split a neuron's column across tiles, so one
      STDP column update touches one tile; fill tiles in order.

    A network that does not fit is an error that says how many tiles it
    needs.
  }];
  let options = [
    Option<"objective", "objective", "::mlir::cbram::PlacementObjective",
           "::mlir::cbram::PlacementObjective::fewest_tiles",
           "What the placement optimises (overrides the mapping)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::cbram::PlacementObjective::fewest_tiles,
                        "fewest-tiles", "use as few tiles as possible"),
             clEnumValN(::mlir::cbram::PlacementObjective::balanced_wear,
                        "balanced-wear", "spread neurons evenly over tiles"),
             clEnumValN(::mlir::cbram::PlacementObjective::column_locality,
                        "column-locality",
                        "keep each neuron's column on one tile"))}]>,
    Option<"maxTiles", "max-tiles", "unsigned", /*default=*/"0",
           "Use at most this many tiles (0: all of the chip's; overrides "
           "the mapping)">,
  ];
}

def CBRAMScheduleWrites : Pass<"snn-cbram-schedule-writes",
                               "::mlir::cbram::ProgramOp"> {
  let summary = "Turn STDP column updates into write batches";
  let description = [{
    Adds a `cbram.write_schedule`: the batch size (at most the tile's
    concurrent-write budget, `write_drivers_per_tile`), whether cells whose
    quantized state would not change and pruned cells are skipped, and the
    bit-to-cell order (`row`: fixed; `wear-leveling`: each digital word's
    bit-to-cell map rotates every `rotation-period` training images, which
    spreads the frequent low-order bit flips over the word's cells). Its
    body gives, per tile, the worst-case cells and batches of one neuron's
    column update under the placement.
  }];
  let options = [
    Option<"batchSize", "batch-size", "unsigned", /*default=*/"0",
           "Cells written per batch (0: the tile's write_drivers_per_tile; "
           "overrides the mapping)">,
    Option<"order", "order", "::mlir::cbram::WriteOrder",
           "::mlir::cbram::WriteOrder::row",
           "Order of writes within an update (overrides the mapping)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::cbram::WriteOrder::row, "row", "row order"),
             clEnumValN(::mlir::cbram::WriteOrder::wear_leveling,
                        "wear-leveling", "rotate each word's bits over its cells"))}]>,
    Option<"rotationPeriod", "rotation-period", "unsigned", /*default=*/"1000",
           "Wear leveling: training images between rotations of a word's "
           "bits (overrides the mapping)">,
    Option<"skipUnchanged", "skip-unchanged", "bool", /*default=*/"true",
           "Issue no pulse when a cell's quantized state does not change "
           "(overrides the mapping)">,
    Option<"skipPruned", "skip-pruned", "bool", /*default=*/"true",
           "Never write pruned cells (overrides the mapping)">,
  ];
}

#endif // SNN_DIALECT_CBRAM_TRANSFORMS_PASSES_TD
