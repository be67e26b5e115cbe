//===- CBRAMOps.h - operations of the cbram dialect -------------*- C++ -*-===//
#ifndef SNN_DIALECT_CBRAM_CBRAMOPS_H
#define SNN_DIALECT_CBRAM_CBRAMOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "snn/Dialect/CBRAM/CBRAMDialect.h"

#define GET_OP_CLASSES
#include "snn/Dialect/CBRAM/CBRAMOps.h.inc"

#endif // SNN_DIALECT_CBRAM_CBRAMOPS_H
