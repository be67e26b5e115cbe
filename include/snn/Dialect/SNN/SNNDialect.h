//===- SNNDialect.h - the snn dialect, its types and attributes -*- C++ -*-===//
#ifndef SNN_DIALECT_SNN_SNNDIALECT_H
#define SNN_DIALECT_SNN_SNNDIALECT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

namespace mlir {
/// Real-valued attribute parameters (rates, times, constants) parse with the
/// ordinary float syntax and are kept in double precision.
template <>
struct FieldParser<llvm::APFloat> {
  static FailureOr<llvm::APFloat> parse(AsmParser &parser) {
    double value = 0;
    if (parser.parseFloat(value))
      return failure();
    return llvm::APFloat(value);
  }
};
} // namespace mlir

#include <string>

#include "snn/Dialect/SNN/SNNDialect.h.inc"

namespace mlir::snn {
/// A finite real (`inf` and `nan` are refused with a located error).
FailureOr<llvm::APFloat> parseFiniteReal(AsmParser &parser);
/// An integer in [0, 2^32 - 1] (negative values are refused, not wrapped).
FailureOr<uint32_t> parseUInt32(AsmParser &parser);
} // namespace mlir::snn
#include "snn/Dialect/SNN/SNNEnums.h.inc"

#include "snn/contract/Violation.h"

#define GET_TYPEDEF_CLASSES
#include "snn/Dialect/SNN/SNNTypes.h.inc"

#define GET_ATTRDEF_CLASSES
#include "snn/Dialect/SNN/SNNAttrs.h.inc"

namespace mlir::snn {
/// Formats a real number for diagnostics ("0.5", not "5.000000e-01"): the
/// contract's one formatter, shared with the runtime's messages.
using ::snn_contract::formatReal;

/// The same shortest text as an MLIR float literal, for printed IR ("0.5",
/// "10.0", "1.0e+06").
std::string printableReal(double value);

/// The rules of an image presentation, for the input's `#snn.poisson` and
/// the readout of `snn.evaluate` alike: `presentation_ms` lasts at least one
/// time step; a rate `name` (Hz) gives at most one spike per step.
LogicalResult checkPresentationMs(function_ref<InFlightDiagnostic()> emitError,
                                  StringRef name, double presentationMs, double dtMs);
LogicalResult checkSpikeRate(function_ref<InFlightDiagnostic()> emitError,
                             StringRef name, double rateHz, double dtMs);

/// The name in `valid` closest to `key` (a small edit distance, or `key` as
/// the last component of a dotted name), for "did you mean" hints.
std::optional<StringRef> nearestName(StringRef key, ArrayRef<StringRef> valid);
} // namespace mlir::snn

#endif // SNN_DIALECT_SNN_SNNDIALECT_H
