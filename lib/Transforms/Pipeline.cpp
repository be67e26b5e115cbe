//===- Pipeline.cpp - --snn-to-cbram-pipeline -----------------------------===//
#include "snn/Conversion/Passes.h"
#include "snn/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void mlir::snn::buildSNNToCBRAMPipeline(
    OpPassManager &pm, const SNNToCBRAMPipelineOptions &options) {
  pm.addPass(createSNNToCBRAM(SNNToCBRAMOptions{options.chip, options.device}));
  pm.addPass(createCBRAMQuantize(CBRAMQuantizeOptions{
      options.encoding, options.bits, options.levels, options.rounding}));
  pm.addPass(createCBRAMPlace(
      CBRAMPlaceOptions{options.objective, options.maxTiles}));
  pm.addPass(createCBRAMScheduleWrites(CBRAMScheduleWritesOptions{
      options.batchSize, options.order, options.rotationPeriod,
      options.skipUnchanged, options.skipPruned}));
}

void mlir::snn::registerSNNToCBRAMPipeline() {
  PassPipelineRegistration<SNNToCBRAMPipelineOptions>(
      "snn-to-cbram-pipeline",
      "Map snn networks onto a chip: snn-to-cbram, snn-cbram-quantize, "
      "snn-cbram-place, snn-cbram-schedule-writes",
      buildSNNToCBRAMPipeline);
}
