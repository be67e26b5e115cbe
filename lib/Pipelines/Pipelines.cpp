//===- Pipelines.cpp - --snn-to-cbram-pipeline ----------------------------===//
//
// The pipeline's options are exactly snn-to-cbram's (one declaration, in
// Conversion/Passes.td): they override the spec's target, and that pass
// records each override on the program. The cbram passes then read the
// program's mapping, so they take no options here.
//
//===----------------------------------------------------------------------===//
#include "snn/Pipelines/Pipelines.h"
#include "snn/Conversion/Passes.h"
#include "snn/Dialect/CBRAM/Transforms/Passes.h"
#include "snn/Target/Program.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

LogicalResult mlir::snn::buildSNNToCBRAMPipeline(
    OpPassManager &pm, StringRef options,
    function_ref<LogicalResult(const Twine &)> errorHandler) {
  std::unique_ptr<Pass> convert = mlir::snn::createSNNToCBRAM();
  if (failed(convert->initializeOptions(options, errorHandler)))
    return failure();
  pm.addPass(std::move(convert));
  OpPassManager &program = pm.nest<cbram::ProgramOp>();
  program.addPass(cbram::createCBRAMQuantize());
  program.addPass(cbram::createCBRAMPlace());
  program.addPass(cbram::createCBRAMScheduleWrites());
  // A spec that compiles is a program the runtime accepts.
  program.addPass(mlir::snn::createVerifyProgram());
  return success();
}

void mlir::snn::registerSNNToCBRAMPipeline() {
  registerPassPipeline(
      "snn-to-cbram-pipeline",
      "Map snn networks onto a chip: snn-to-cbram (whose options it takes: "
      "they override the spec's cbram.device, cbram.chip and cbram.mapping), "
      "then snn-cbram-quantize, snn-cbram-place, snn-cbram-schedule-writes "
      "and snn-verify-program on each cbram.program",
      buildSNNToCBRAMPipeline,
      [](function_ref<void(const mlir::detail::PassOptions &)>) {});
}
