//===- VerifyProgram.cpp - the runtime's contract, at compile time --------===//
#include "snn/Dialect/CBRAM/CBRAMOps.h"
#include "snn/Target/Program.h"

namespace mlir::snn {
#define GEN_PASS_DEF_VERIFYPROGRAM
#include "snn/Target/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;

namespace {
struct VerifyProgramPass
    : snn::impl::VerifyProgramBase<VerifyProgramPass> {
  void runOnOperation() override {
    if (failed(snn::buildProgram(getOperation())))
      signalPassFailure();
    markAllAnalysesPreserved();
  }
};
} // namespace
