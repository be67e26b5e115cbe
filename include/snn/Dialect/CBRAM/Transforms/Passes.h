//===- Passes.h - passes of the cbram dialect -------------------*- C++ -*-===//
#ifndef SNN_DIALECT_CBRAM_TRANSFORMS_PASSES_H
#define SNN_DIALECT_CBRAM_TRANSFORMS_PASSES_H

#include "snn/Dialect/CBRAM/CBRAMOps.h"

#include "mlir/Pass/Pass.h"
#include <memory>

namespace mlir::cbram {

#define GEN_PASS_DECL
#include "snn/Dialect/CBRAM/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "snn/Dialect/CBRAM/Transforms/Passes.h.inc"

} // namespace mlir::cbram

#endif // SNN_DIALECT_CBRAM_TRANSFORMS_PASSES_H
