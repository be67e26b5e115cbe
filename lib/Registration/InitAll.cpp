//===- InitAll.cpp - register every dialect and pass of the project -------===//
#include "snn/InitAll.h"

#include "snn/Dialect/SNN/SNNDialect.h"

#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

void snn::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::snn::SNNDialect>();
}

void snn::registerAllPasses() {
  // Generic clean-ups users combine with the project's passes.
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
}
