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

namespace mlir::cbram {

/// Options that override fields of a program's mapping; unset fields keep
/// the mapping's value.
struct MappingOverrides {
  std::optional<StorageChoice> encoding;
  std::optional<uint32_t> cellsPerWeight, levels;
  std::optional<Rounding> rounding;
  std::optional<PlacementObjective> objective;
  std::optional<uint32_t> maxTiles, batchSize;
  std::optional<WriteOrder> order;
  std::optional<uint32_t> rotationPeriod;
  std::optional<bool> skipUnchanged, skipPruned;
  std::optional<Accumulation> accumulation;
};

/// Sets `program`'s mapping to `mapping` with `overrides` applied, and
/// records every field whose value changes in the program's `overrides`
/// (keeping the spec's original value if the field was overridden before).
/// Fails, with a diagnostic on the program, if the result is not a valid
/// mapping.
LogicalResult applyMappingOverrides(ProgramOp program, MappingAttr mapping,
                                    const MappingOverrides &overrides);

/// In a pass whose option members are named like the fields of
/// MappingOverrides: takes option `NAME` into `overrides` if it was given.
#define CBRAM_TAKE_OVERRIDE(overrides, NAME)                                   \
  if (NAME.hasValue())                                                         \
    (overrides).NAME = NAME.getValue();

} // namespace mlir::cbram

#endif // SNN_DIALECT_CBRAM_CBRAMOPS_H
