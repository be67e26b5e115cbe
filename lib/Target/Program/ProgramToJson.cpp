//===- ProgramToJson.cpp - FlatBuffer program -> JSON, and registration ---===//
#include "snn/Target/Program.h"
#include "snn/Dialect/CBRAM/CBRAMDialect.h"
#include "snn/Dialect/SNN/SNNDialect.h"

#include "snn/schema/program_generated.h"
#include "flatbuffers/minireflect.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
namespace fb = ::snn::program;

LogicalResult mlir::snn::programToJson(llvm::StringRef bytes,
                                       llvm::raw_ostream &os,
                                       std::string &error) {
  // FlatBuffers reads scalars unaligned-safe only from an aligned buffer.
  std::vector<uint8_t> buffer(bytes.begin(), bytes.end());
  if (buffer.size() < 8 ||
      !flatbuffers::BufferHasIdentifier(buffer.data(), fb::ProgramIdentifier())) {
    error = "not an SNN program (no 'SNNP' file identifier)";
    return failure();
  }
  flatbuffers::Verifier verifier(buffer.data(), buffer.size());
  if (!fb::VerifyProgramBuffer(verifier)) {
    error = "malformed SNN program: the FlatBuffers verifier rejects it";
    return failure();
  }
  flatbuffers::ToStringVisitor visitor("\n", /*quotes=*/true, "  ");
  flatbuffers::IterateFlatBuffer(buffer.data(), fb::ProgramTypeTable(),
                                 &visitor);
  os << visitor.s << "\n";
  return success();
}

void mlir::snn::registerProgramTranslations() {
  TranslateFromMLIRRegistration toProgram(
      "snn-to-program", "Emit a placed cbram.program as a FlatBuffer program",
      [](Operation *op, llvm::raw_ostream &os) { return emitProgram(op, os); },
      [](DialectRegistry &registry) {
        registry.insert<mlir::snn::SNNDialect, mlir::cbram::CBRAMDialect>();
      });

  TranslateRegistration toJson(
      "program-to-json", "Print a FlatBuffer program (.snnp) as JSON",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         llvm::raw_ostream &os, MLIRContext *context) -> LogicalResult {
        const llvm::MemoryBuffer *input =
            sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
        std::string error;
        if (succeeded(programToJson(input->getBuffer(), os, error)))
          return success();
        return emitError(UnknownLoc::get(context))
               << input->getBufferIdentifier() << ": " << error;
      });
}
