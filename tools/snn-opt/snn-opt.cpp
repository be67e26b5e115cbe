//===- snn-opt.cpp - the snn/cbram optimizer driver -----------------------===//
//
// Parses, verifies and transforms network specs. All dialects, passes and
// pipelines of the project are registered here, so `snn-opt --help` lists
// them (and MLIR's), but not the LLVM backend options linked in with LLVM.
//
//===----------------------------------------------------------------------===//
#include "snn/InitAll.h"
#include "snn/Tools/CommandLine.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  // Before MlirOptMain registers MLIR's options: see CommandLine.h.
  snn::tools::hideLLVMOptions();
  snn::tools::setVersionPrinter("snn-opt");
  mlir::DialectRegistry registry;
  snn::registerAllDialects(registry);
  snn::registerAllPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "snn-opt: network specs to CBRAM programs\n", registry));
}
