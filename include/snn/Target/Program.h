//===- Program.h - FlatBuffer programs from the cbram dialect ---*- C++ -*-===//
#ifndef SNN_TARGET_PROGRAM_H
#define SNN_TARGET_PROGRAM_H

#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace mlir {
class Operation;
namespace snn {

/// The program format version this compiler writes.
constexpr uint32_t kProgramFormatVersion = 1;

/// Writes the one placed and scheduled `cbram.program` in `op` (a module or
/// the program itself) as a FlatBuffer program. Errors (wrong IR level, an
/// incomplete program) are emitted as diagnostics on the offending op.
LogicalResult emitProgram(Operation *op, llvm::raw_ostream &os);

/// Verifies a FlatBuffer program and prints it as JSON. On failure, `error`
/// says why.
LogicalResult programToJson(llvm::StringRef bytes, llvm::raw_ostream &os,
                            std::string &error);

/// Registers --snn-to-program and --program-to-json with mlir-translate.
void registerProgramTranslations();

} // namespace snn
} // namespace mlir

#endif // SNN_TARGET_PROGRAM_H
