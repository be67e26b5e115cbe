//===- Passes.h - cbram-level transformations -------------------*- C++ -*-===//
#ifndef SNN_TRANSFORMS_PASSES_H
#define SNN_TRANSFORMS_PASSES_H

#include "snn/Dialect/CBRAM/CBRAMDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"
#include <memory>

namespace mlir::snn {
/// `snn-cbram-quantize{encoding=...}`.
enum class EncodingChoice { automatic, digital, multi_level };

#define GEN_PASS_DECL
#include "snn/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "snn/Transforms/Passes.h.inc"

/// Options of `--snn-to-cbram-pipeline`: every option of its passes.
struct SNNToCBRAMPipelineOptions
    : public PassPipelineOptions<SNNToCBRAMPipelineOptions> {
  Option<std::string> chip{*this, "snn-chip",
                           llvm::cl::desc("Chip name (overrides the spec)")};
  Option<std::string> device{
      *this, "snn-device", llvm::cl::desc("Device card name (overrides the spec)")};
  Option<EncodingChoice> encoding{
      *this, "encoding", llvm::cl::desc("Weight storage"),
      llvm::cl::init(EncodingChoice::automatic),
      llvm::cl::values(
          clEnumValN(EncodingChoice::automatic, "auto", "by device"),
          clEnumValN(EncodingChoice::digital, "digital", "binary cells"),
          clEnumValN(EncodingChoice::multi_level, "multi-level",
                     "one multi-level cell"))};
  Option<unsigned> bits{*this, "bits", llvm::cl::desc("Bits per weight"),
                        llvm::cl::init(4)};
  Option<unsigned> levels{*this, "levels",
                          llvm::cl::desc("Weight levels (0: all)"),
                          llvm::cl::init(0)};
  Option<cbram::Rounding> rounding{
      *this, "rounding", llvm::cl::desc("Rounding of updates"),
      llvm::cl::init(cbram::Rounding::stochastic),
      llvm::cl::values(
          clEnumValN(cbram::Rounding::nearest, "nearest", "nearest level"),
          clEnumValN(cbram::Rounding::stochastic, "stochastic",
                     "stochastic rounding"))};
  Option<cbram::PlacementObjective> objective{
      *this, "objective", llvm::cl::desc("Placement objective"),
      llvm::cl::init(cbram::PlacementObjective::fewest_tiles),
      llvm::cl::values(
          clEnumValN(cbram::PlacementObjective::fewest_tiles, "fewest-tiles",
                     "fewest tiles"),
          clEnumValN(cbram::PlacementObjective::balanced_wear, "balanced-wear",
                     "spread neurons evenly"),
          clEnumValN(cbram::PlacementObjective::column_locality,
                     "column-locality", "a neuron's column on one tile"))};
  Option<unsigned> maxTiles{*this, "max-tiles",
                            llvm::cl::desc("Tile limit (0: the chip's)"),
                            llvm::cl::init(0)};
  Option<unsigned> batchSize{*this, "batch-size",
                             llvm::cl::desc("Writes per batch (0: budget)"),
                             llvm::cl::init(0)};
  Option<cbram::WriteOrder> order{
      *this, "order", llvm::cl::desc("Write order"),
      llvm::cl::init(cbram::WriteOrder::row),
      llvm::cl::values(
          clEnumValN(cbram::WriteOrder::row, "row", "row order"),
          clEnumValN(cbram::WriteOrder::wear_leveling, "wear-leveling",
                     "rotate each word's bits over its cells"))};
  Option<unsigned> rotationPeriod{
      *this, "rotation-period",
      llvm::cl::desc("Wear leveling: training images between rotations"),
      llvm::cl::init(1000)};
  Option<bool> skipUnchanged{*this, "skip-unchanged",
                             llvm::cl::desc("Skip unchanged cells"),
                             llvm::cl::init(true)};
  Option<bool> skipPruned{*this, "skip-pruned",
                          llvm::cl::desc("Skip pruned cells"),
                          llvm::cl::init(true)};
};

/// snn-to-cbram, then quantize, place and schedule writes.
void buildSNNToCBRAMPipeline(OpPassManager &pm,
                             const SNNToCBRAMPipelineOptions &options);
void registerSNNToCBRAMPipeline();

} // namespace mlir::snn

#endif // SNN_TRANSFORMS_PASSES_H
