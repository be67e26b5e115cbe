//===- InitAll.cpp - register every dialect and pass of the project -------===//
#include "snn/InitAll.h"

#include "snn/Conversion/Passes.h"
#include "snn/Dialect/CBRAM/CBRAMDialect.h"
#include "snn/Dialect/SNN/SNNDialect.h"
#include "snn/Dialect/CBRAM/Transforms/Passes.h"
#include "snn/Pipelines/Pipelines.h"
#include "snn/Target/Program.h"

#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

void snn::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::snn::SNNDialect, mlir::cbram::CBRAMDialect>();
}

void snn::registerAllPasses() {
  // Generic clean-ups users combine with the project's passes.
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  // snn -> cbram, the cbram-level passes and the pipeline that runs them.
  mlir::snn::registerConversionPasses();
  mlir::cbram::registerCBRAMPasses();
  mlir::snn::registerSNNTargetPasses();
  mlir::snn::registerSNNToCBRAMPipeline();
}
