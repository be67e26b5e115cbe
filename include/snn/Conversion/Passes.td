//===- Passes.td - conversion passes of the project --------*- tablegen -*-===//
#ifndef SNN_CONVERSION_PASSES_TD
#define SNN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def SNNToCBRAM : Pass<"snn-to-cbram", "::mlir::ModuleOp"> {
  let summary = "Map an snn.network onto a chip: snn dialect -> cbram dialect";
  let description = [{
    Replaces every `snn.network` by a `cbram.program` for one device card,
    one chip and one mapping (weight storage, placement, write policy): the
    input becomes the chip's encoder, the population its neuron units, the
    projection the weight matrix, `snn.stdp` the STDP engine, `snn.prune`
    the pruning controller, `snn.train`/`snn.evaluate` the training setup.

    The spec is the experiment: the card, chip and mapping come from the
    network's `cbram.device`, `cbram.chip` and `cbram.mapping` attributes
    (defaults: `subquantum-cbram` on `cbram-512k`, `#cbram.mapping<>`). An
    option given here overrides the spec; each override is recorded on the
    program (`overrides`) and travels into the emitted file, where
    `snn-run` prints it. The program also records a SHA-256 digest of the
    network's canonical text (`spec_digest`).

    Only single-layer networks map (one projection from the input into one
    population): anything else is a located error.
  }];
  let dependentDialects = ["::mlir::cbram::CBRAMDialect"];
  let options = [
    Option<"chip", "snn-chip", "std::string", /*default=*/"",
           "Chip name (overrides the network's cbram.chip)">,
    Option<"device", "snn-device", "std::string", /*default=*/"",
           "Device card name (overrides the network's cbram.device)">,
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
           "Weight levels (0: all; overrides the mapping)">,
    Option<"rounding", "rounding", "::mlir::cbram::Rounding",
           "::mlir::cbram::Rounding::stochastic",
           "Rounding of updates (overrides the mapping)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::cbram::Rounding::nearest, "nearest",
                        "nearest level"),
             clEnumValN(::mlir::cbram::Rounding::stochastic, "stochastic",
                        "stochastic rounding"))}]>,
    Option<"objective", "objective", "::mlir::cbram::PlacementObjective",
           "::mlir::cbram::PlacementObjective::fewest_tiles",
           "Placement objective (overrides the mapping)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::cbram::PlacementObjective::fewest_tiles,
                        "fewest-tiles", "fewest tiles"),
             clEnumValN(::mlir::cbram::PlacementObjective::balanced_wear,
                        "balanced-wear", "spread neurons evenly"),
             clEnumValN(::mlir::cbram::PlacementObjective::column_locality,
                        "column-locality", "a neuron's column on one tile"))}]>,
    Option<"maxTiles", "max-tiles", "unsigned", /*default=*/"0",
           "Tile limit (0: the chip's; overrides the mapping)">,
    Option<"batchSize", "batch-size", "unsigned", /*default=*/"0",
           "Cells per write batch (0: the write budget; overrides the "
           "mapping)">,
    Option<"order", "order", "::mlir::cbram::WriteOrder",
           "::mlir::cbram::WriteOrder::row",
           "Write order (overrides the mapping)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::cbram::WriteOrder::row, "row", "row order"),
             clEnumValN(::mlir::cbram::WriteOrder::wear_leveling,
                        "wear-leveling", "rotate each word's bits over its cells"))}]>,
    Option<"rotationPeriod", "rotation-period", "unsigned", /*default=*/"1000",
           "Wear leveling: images between rotations (overrides the mapping)">,
    Option<"skipUnchanged", "skip-unchanged", "bool", /*default=*/"true",
           "Skip cells whose state does not change (overrides the mapping)">,
    Option<"skipPruned", "skip-pruned", "bool", /*default=*/"true",
           "Never write pruned cells (overrides the mapping)">,
    Option<"accumulation", "accumulation", "::mlir::cbram::Accumulation",
           "::mlir::cbram::Accumulation::rewindow",
           "How WTA potentials follow the input windows (overrides the "
           "mapping)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::cbram::Accumulation::rewindow, "rewindow",
                        "read a row when its window opens and when it closes"),
             clEnumValN(::mlir::cbram::Accumulation::recompute, "recompute",
                        "read the bias and active rows when the layer fires"),
             clEnumValN(::mlir::cbram::Accumulation::deferred, "deferred",
                        "read the rows whose window changed when the layer fires"))}]>,
  ];
}

#endif // SNN_CONVERSION_PASSES_TD
