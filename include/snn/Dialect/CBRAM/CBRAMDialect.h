//===- CBRAMDialect.h - the cbram dialect, attributes, types ----*- C++ -*-===//
#ifndef SNN_DIALECT_CBRAM_CBRAMDIALECT_H
#define SNN_DIALECT_CBRAM_CBRAMDIALECT_H

#include "snn/Dialect/SNN/SNNDialect.h"
#include "snn/contract/Cards.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/Hashing.h"

#include <string>
#include <vector>

namespace snn_contract {
/// Attribute storage hashes its parameters (the card structs).
llvm::hash_code hash_value(const DeviceCard &card);
llvm::hash_code hash_value(const ChipCard &card);
} // namespace snn_contract

#include "snn/Dialect/CBRAM/CBRAMDialect.h.inc"
#include "snn/Dialect/CBRAM/CBRAMEnums.h.inc"

namespace mlir::cbram {
/// `true` or `false`, for boolean attribute parameters.
FailureOr<bool> parseBoolKeyword(AsmParser &parser);
} // namespace mlir::cbram

#define GET_TYPEDEF_CLASSES
#include "snn/Dialect/CBRAM/CBRAMTypes.h.inc"

#define GET_ATTRDEF_CLASSES
#include "snn/Dialect/CBRAM/CBRAMAttrs.h.inc"

namespace mlir::cbram {

/// "'a', 'b', 'c'" for diagnostics.
std::string joinNames(const std::vector<std::string> &names);

using ::mlir::snn::printableReal;

} // namespace mlir::cbram

#endif // SNN_DIALECT_CBRAM_CBRAMDIALECT_H
