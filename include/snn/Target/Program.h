//===- Program.h - FlatBuffer programs from the cbram dialect ---*- C++ -*-===//
#ifndef SNN_TARGET_PROGRAM_H
#define SNN_TARGET_PROGRAM_H

#include "mlir/Pass/Pass.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace mlir {
class Operation;
namespace cbram {
class ProgramOp;
} // namespace cbram
namespace snn {

/// The FlatBuffer program of a placed and scheduled `cbram.program`, checked
/// by the runtime's contract; failures are diagnostics on the op at fault.
FailureOr<std::vector<uint8_t>> buildProgram(cbram::ProgramOp program);

/// Writes the one placed and scheduled `cbram.program` in `op` (a module or
/// the program itself) as a FlatBuffer program (format version
/// snn_contract::kFormatVersion). Errors (wrong IR level, an incomplete
/// program, a program the runtime's contract rejects) are emitted as
/// diagnostics on the offending op, and nothing is written.
LogicalResult emitProgram(Operation *op, llvm::raw_ostream &os);

/// Verifies a FlatBuffer program and prints it as JSON. On failure, `error`
/// says why.
LogicalResult programToJson(llvm::StringRef bytes, llvm::raw_ostream &os,
                            std::string &error);

/// Registers --snn-to-program and --program-to-json with mlir-translate.
void registerProgramTranslations();

#define GEN_PASS_DECL
#include "snn/Target/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "snn/Target/Passes.h.inc"

} // namespace snn
} // namespace mlir

#endif // SNN_TARGET_PROGRAM_H
