// fuzz-spec: text -> the compiler, in-process: parse (the project's dialects
// and MLIR's builtin ones), verify, run --snn-to-cbram-pipeline, with every
// diagnostic captured. Diagnostics are the expected outcome of a bad spec. A
// spec that compiles must then emit a program (snn-translate --snn-to-program)
// that the runtime's loader accepts: FlatBuffers verifier, identifier, format
// version and the contract's verifier, as Program::fromBytes checks them,
// and that --program-to-json prints. A crash, a sanitizer report, or a
// compiled spec whose program is refused is a finding.
//
// Run with ASAN_OPTIONS=allow_user_poisoning=0: Debian's libMLIR is not
// instrumented, and LLVM headers compiled into this instrumented code poison
// allocator memory (ASan annotations) that the uninstrumented library then
// uses legitimately, which ASan reports as a use-after-poison
// (docs/testing.md).
#include "snn/InitAll.h"
#include "snn/Pipelines/Pipelines.h"
#include "snn/Target/Program.h"
#include "snn/contract/Verify.h"
#include "snn/contract/Version.h"
#include "snn/schema/program_generated.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

mlir::DialectRegistry *registry;

[[noreturn]] void finding(const std::string &what, const std::string &diags) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n%s\n", what.c_str(), diags.c_str());
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  registry = new mlir::DialectRegistry;
  snn::registerAllDialects(*registry);
  snn::registerAllPasses();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // One context per input (no state carried between inputs), single-threaded.
  mlir::MLIRContext ctx(*registry, mlir::MLIRContext::Threading::DISABLED);
  std::string diags;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &d) {
    if (diags.size() < 4096) diags += d.str() + "\n";
    return mlir::success();
  });

  // The lexer needs a NUL-terminated buffer, as files give it.
  llvm::SourceMgr sm;
  sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(
                            llvm::StringRef(reinterpret_cast<const char *>(data), size), "spec"),
                        llvm::SMLoc());
  mlir::ParserConfig config(&ctx);
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::parseSourceFile<mlir::ModuleOp>(sm, config);
  if (!module || mlir::failed(mlir::verify(*module))) return 0;

  mlir::PassManager pm(&ctx);
  if (mlir::failed(mlir::snn::buildSNNToCBRAMPipeline(
          pm, "", [](const llvm::Twine &) { return mlir::failure(); })))
    finding("the pipeline without options does not build", diags);
  if (mlir::failed(pm.run(*module))) return 0;

  // Compiled: exactly one program is what snn-translate emits.
  size_t programs = 0;
  module->walk([&](mlir::Operation *op) {
    if (op->getName().getStringRef() == "cbram.program") ++programs;
  });
  if (programs != 1) return 0;
  std::string bytes;
  llvm::raw_string_ostream os(bytes);
  if (mlir::failed(mlir::snn::emitProgram(*module, os)))
    finding("a compiled spec does not emit", diags);
  os.flush();

  const auto *b = reinterpret_cast<const uint8_t *>(bytes.data());
  flatbuffers::Verifier v(b, bytes.size());
  if (bytes.size() < 8 || !snn::program::ProgramBufferHasIdentifier(b) ||
      !snn::program::VerifyProgramBuffer(v))
    finding("emitted program fails the FlatBuffers verifier", diags);
  const snn::program::Program *p = snn::program::GetProgram(b);
  if (p->format_version() != snn_contract::kFormatVersion)
    finding("emitted program has another format version", diags);
  if (auto violation = snn_contract::verifyProgram(*p))
    finding("emitted program breaks the contract: field '" + violation->field +
                "': " + violation->message,
            diags);
  std::string json, error;
  llvm::raw_string_ostream js(json);
  if (mlir::failed(mlir::snn::programToJson(bytes, js, error)))
    finding("--program-to-json refuses an emitted program: " + error, diags);
  return 0;
}
