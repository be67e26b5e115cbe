//===- SNNOps.h - operations of the snn dialect ------------------*- C++ -*-===//
#ifndef SNN_DIALECT_SNN_SNNOPS_H
#define SNN_DIALECT_SNN_SNNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "snn/Dialect/SNN/SNNDialect.h"

namespace mlir::snn {
class InputOp;
class TrainOp;
class EvaluateOp;
} // namespace mlir::snn

#define GET_OP_CLASSES
#include "snn/Dialect/SNN/SNNOps.h.inc"

#endif // SNN_DIALECT_SNN_SNNOPS_H
