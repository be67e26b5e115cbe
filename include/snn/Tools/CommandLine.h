//===- CommandLine.h - shared command-line set-up of snn-opt/translate ----===//
//
// Header-only, used by the main() of snn-opt and snn-translate before they
// hand over to MlirOptMain / mlirTranslateMain:
//
//   - hideLLVMOptions(): the LLVM libraries register hundreds of options in
//     static constructors (backend, codegen, profiling, Polly ...). None of
//     them means anything to these tools, and they drowned the project's and
//     MLIR's options in --help. This marks every option registered so far
//     ReallyHidden, except the generic ones below. It must run before the
//     MLIR driver registers its own options (--mlir-print-ir-after-all,
//     --pass-pipeline, the passes ...), which therefore stay visible.
//
//   - setVersionPrinter(): --version prints the project version and git hash
//     (from the generated snn/Version.h) instead of LLVM's version.
//
//===----------------------------------------------------------------------===//
#ifndef SNN_TOOLS_COMMANDLINE_H
#define SNN_TOOLS_COMMANDLINE_H

#include "snn/Version.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace snn::tools {

/// LLVM's statically registered options that stay as they are: help, version
/// and the hidden-help variants, plus --color (diagnostics colouring).
inline bool isKeptLLVMOption(llvm::StringRef name) {
  static const char *const kept[] = {
      "help",          "help-list",        "help-hidden",
      "help-list-hidden", "version",       "print-options",
      "print-all-options", "color"};
  return llvm::is_contained(kept, name);
}

/// Marks every option registered so far ReallyHidden, except
/// isKeptLLVMOption(). Call first thing in main().
inline void hideLLVMOptions() {
  for (auto &entry : llvm::cl::getRegisteredOptions())
    if (!isKeptLLVMOption(entry.getKey()))
      entry.getValue()->setHiddenFlag(llvm::cl::ReallyHidden);
}

/// --version prints "TOOL VERSION (git HASH[, program format N])" and the
/// LLVM/MLIR release the tool was built with.
/// programFormat = 0 leaves the program format out.
inline void setVersionPrinter(const char *tool, unsigned programFormat = 0) {
  std::string line = std::string(tool) + " " + SNN_VERSION + " (git " + SNN_GIT_HASH;
  if (programFormat)
    line += ", program format " + std::to_string(programFormat);
  line += ")";
  llvm::cl::SetVersionPrinter([line](llvm::raw_ostream &os) {
    os << line << "\n  built with LLVM/MLIR " << LLVM_VERSION_STRING << "\n";
  });
}

} // namespace snn::tools

#endif // SNN_TOOLS_COMMANDLINE_H
