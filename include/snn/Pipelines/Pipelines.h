//===- Pipelines.h - the project's pass pipelines ---------------*- C++ -*-===//
#ifndef SNN_PIPELINES_PIPELINES_H
#define SNN_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace mlir::snn {

/// `--snn-to-cbram-pipeline[="options"]`: snn-to-cbram with `options` (the
/// spec's overrides, parsed by that pass), then, on each cbram.program,
/// snn-cbram-quantize, snn-cbram-place and snn-cbram-schedule-writes, which
/// follow the program's mapping, and snn-verify-program (the runtime's
/// contract).
LogicalResult
buildSNNToCBRAMPipeline(OpPassManager &pm, StringRef options,
                        function_ref<LogicalResult(const Twine &)> errorHandler);

void registerSNNToCBRAMPipeline();

} // namespace mlir::snn

#endif // SNN_PIPELINES_PIPELINES_H
