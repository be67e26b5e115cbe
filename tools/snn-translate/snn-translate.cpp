//===- snn-translate.cpp - programs in and out of the compiler ------------===//
//
//   snn-translate --snn-to-program placed.mlir -o net.snnp
//   snn-translate --program-to-json net.snnp
//   snn-translate --import-nir net.nir -o spec.mlir
//   snn-translate --export-nir spec.mlir --nir-model trained.snnm -o net.nir
//
//===----------------------------------------------------------------------===//
#include "snn/Target/NIR.h"
#include "snn/Target/Program.h"
#include "snn/Tools/CommandLine.h"
#include "snn/contract/Version.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  // Before mlirTranslateMain registers MLIR's options: see CommandLine.h.
  snn::tools::hideLLVMOptions();
  snn::tools::setVersionPrinter("snn-translate", ::snn_contract::kFormatVersion);
  mlir::snn::registerProgramTranslations();
#ifdef SNN_HAVE_NIR
  mlir::snn::registerNIRTranslations();
#endif
  return mlir::failed(mlir::mlirTranslateMain(
      argc, argv, "snn-translate: cbram programs to FlatBuffer and JSON\n"));
}
