//===- CommandLine.h - shared command-line set-up of snn-opt/translate ----===//
//
// Header-only, used by the main() of snn-opt and snn-translate before they
// hand over to MlirOptMain / mlirTranslateMain:
//
//   - setVersionPrinter(): --version prints the project version and git hash
//     (from the generated snn/Version.h) instead of LLVM's version.
//
//===----------------------------------------------------------------------===//
#ifndef SNN_TOOLS_COMMANDLINE_H
#define SNN_TOOLS_COMMANDLINE_H

#include "snn/Version.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace snn::tools {

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
