//===- Passes.h - conversion passes of the project --------------*- C++ -*-===//
#ifndef SNN_CONVERSION_PASSES_H
#define SNN_CONVERSION_PASSES_H

#include "snn/Dialect/CBRAM/CBRAMDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include <memory>

namespace mlir::snn {
#define GEN_PASS_DECL
#include "snn/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "snn/Conversion/Passes.h.inc"
} // namespace mlir::snn

#endif // SNN_CONVERSION_PASSES_H
