//===- Passes.td - passes of the program target ------------*- tablegen -*-===//
#ifndef SNN_TARGET_PASSES_TD
#define SNN_TARGET_PASSES_TD

include "mlir/Pass/PassBase.td"

def VerifyProgram : Pass<"snn-verify-program", "::mlir::cbram::ProgramOp"> {
  let summary = "Check a program against the runtime's contract";
  let description = [{
    Builds the FlatBuffer program of a placed and scheduled `cbram.program`
    in memory and runs the runtime's semantic verifier on it (the one
    `snn-run` runs when it loads a program), without writing anything. A
    violation is an error on the op that holds the value, which, right
    after `snn-to-cbram`, carries the spec's location. It ends
    `--snn-to-cbram-pipeline`, so a spec that compiles is a program the
    runtime accepts.
  }];
}

#endif // SNN_TARGET_PASSES_TD
