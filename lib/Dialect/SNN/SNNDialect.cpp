//===- SNNDialect.cpp - the snn dialect, types and attributes -------------===//
#include "snn/Dialect/SNN/SNNDialect.h"
#include "snn/Dialect/SNN/SNNOps.h"
#include "snn/contract/Limits.h"

#include "mlir/IR/Builders.h"
#include <algorithm>
#include <cmath>
#include <vector>
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::snn;

#include "snn/Dialect/SNN/SNNDialect.cpp.inc"
#include "snn/Dialect/SNN/SNNEnums.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "snn/Dialect/SNN/SNNTypes.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "snn/Dialect/SNN/SNNAttrs.cpp.inc"

void SNNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "snn/Dialect/SNN/SNNOps.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "snn/Dialect/SNN/SNNTypes.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "snn/Dialect/SNN/SNNAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

LogicalResult SpikesType::verify(function_ref<InFlightDiagnostic()> emitError,
                                 uint32_t size) {
  if (size == 0)
    return emitError() << "a spike group needs at least one channel";
  // The runtime's limit on a population (the contract's, so the compiler
  // refuses what snn-run would, before any pass works on it).
  if (size > ::snn_contract::kMaxNeurons)
    return emitError() << "a spike group of " << size
                       << " channels exceeds the limit of 2^24 = "
                       << ::snn_contract::kMaxNeurons;
  return success();
}

LogicalResult SynapsesType::verify(function_ref<InFlightDiagnostic()> emitError,
                                   uint32_t pre, uint32_t post) {
  if (pre == 0 || post == 0)
    return emitError() << "a synapse matrix needs at least one row and column, "
                          "got "
                       << pre << "x" << post;
  return success();
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

/// Formats a real number for diagnostics as a user would write it ("0.5",
/// not "5.000000e-01").

namespace {
/// Shared checks for the positive quantities of the model (rates, times).
LogicalResult checkPositive(function_ref<InFlightDiagnostic()> emitError,
                            StringRef name, double value) {
  if (!(value > 0.0))
    return emitError() << "'" << name << "' must be positive, got " << formatReal(value);
  return success();
}

LogicalResult checkFraction(function_ref<InFlightDiagnostic()> emitError,
                            StringRef name, double value) {
  if (!(value >= 0.0 && value <= 1.0))
    return emitError() << "'" << name << "' must be in [0, 1], got " << formatReal(value);
  return success();
}

LogicalResult checkSchedule(function_ref<InFlightDiagnostic()> emitError,
                            uint32_t interval, const APFloat &apTarget,
                            const APFloat &apTolerance, uint32_t maturity) {
  double targetFraction = apTarget.convertToDouble();
  double tolerance = apTolerance.convertToDouble();
  if (interval == 0)
    return emitError() << "'interval' must be at least one image";
  if (failed(checkFraction(emitError, "target_fraction", targetFraction)))
    return failure();
  if (!(tolerance > 0.0 && tolerance <= 1.0))
    return emitError() << "'tolerance' must be in (0, 1], got " << formatReal(tolerance);
  if (maturity > snn_contract::kMaxMaturity)
    return emitError() << "'maturity' must be at most " << snn_contract::kMaxMaturity
                       << " controller steps, got " << maturity;
  return success();
}
} // namespace

LogicalResult PoissonAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  APFloat apMaxRateHz, APFloat apDtMs,
                                  APFloat apPresentationMs,
                                  APFloat apWindowMs) {
  double maxRateHz = apMaxRateHz.convertToDouble();
  double dtMs = apDtMs.convertToDouble();
  double presentationMs = apPresentationMs.convertToDouble();
  double windowMs = apWindowMs.convertToDouble();
  if (failed(checkPositive(emitError, "max_rate_hz", maxRateHz)) ||
      failed(checkPositive(emitError, "dt_ms", dtMs)) ||
      failed(checkPositive(emitError, "presentation_ms", presentationMs)) ||
      failed(checkPositive(emitError, "window_ms", windowMs)))
    return failure();
  if (failed(checkPresentationMs(emitError, "presentation_ms", presentationMs, dtMs)))
    return failure();
  return checkSpikeRate(emitError, "max_rate_hz", maxRateHz, dtMs);
}

LogicalResult mlir::snn::checkPresentationMs(function_ref<InFlightDiagnostic()> emitError,
                                             StringRef name, double presentationMs,
                                             double dtMs) {
  if (presentationMs < dtMs)
    return emitError() << "'" << name << "' (" << formatReal(presentationMs)
                       << ") is shorter than one time step (" << formatReal(dtMs) << ")";
  return success();
}

LogicalResult mlir::snn::checkSpikeRate(function_ref<InFlightDiagnostic()> emitError,
                                        StringRef name, double rateHz, double dtMs) {
  // A rate whose spike probability per step exceeds 1 cannot be simulated.
  if (rateHz * dtMs / 1000.0 > 1.0)
    return emitError() << "'" << name << "' * 'dt_ms' gives a spike probability "
                          "above 1 per step ("
                       << formatReal(rateHz * dtMs / 1000.0) << ")";
  return success();
}

LogicalResult
BayesianWTAAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        APFloat apTotalRateHz, Homeostasis homeostasis,
                        APFloat apHomeostasisRate) {
  double totalRateHz = apTotalRateHz.convertToDouble();
  double homeostasisRate = apHomeostasisRate.convertToDouble();
  if (failed(checkPositive(emitError, "total_rate_hz", totalRateHz)))
    return failure();
  if (homeostasisRate < 0.0)
    return emitError() << "'homeostasis_rate' must be non-negative, got "
                       << formatReal(homeostasisRate);
  if (homeostasis != Homeostasis::none && homeostasisRate == 0.0)
    return emitError() << "homeostasis '" << stringifyHomeostasis(homeostasis)
                       << "' needs a positive 'homeostasis_rate'";
  return success();
}

LogicalResult LIFAdaptiveAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, APFloat apVRestMv,
    APFloat apVResetMv, APFloat apVThreshMv, APFloat tauMembraneMs,
    APFloat apRefractoryMs, APFloat apThetaPlusMv, APFloat tauThetaMs,
    APFloat apInhibitionMv, APFloat inputGainMv) {
  double vRestMv = apVRestMv.convertToDouble();
  double vResetMv = apVResetMv.convertToDouble();
  double vThreshMv = apVThreshMv.convertToDouble();
  double refractoryMs = apRefractoryMs.convertToDouble();
  double thetaPlusMv = apThetaPlusMv.convertToDouble();
  double inhibitionMv = apInhibitionMv.convertToDouble();
  if (!(vThreshMv > vResetMv) || !(vThreshMv > vRestMv))
    return emitError() << "'v_thresh_mv' (" << formatReal(vThreshMv)
                       << ") must lie above 'v_rest_mv' and 'v_reset_mv'";
  if (failed(checkPositive(emitError, "tau_membrane_ms", tauMembraneMs.convertToDouble())) ||
      failed(checkPositive(emitError, "tau_theta_ms", tauThetaMs.convertToDouble())) ||
      failed(checkPositive(emitError, "input_gain_mv", inputGainMv.convertToDouble())))
    return failure();
  if (refractoryMs < 0 || thetaPlusMv < 0 || inhibitionMv < 0)
    return emitError() << "'refractory_ms', 'theta_plus_mv' and "
                          "'inhibition_mv' must be non-negative";
  return success();
}

LogicalResult SoftPruneAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                    PruneTrigger, PruneCriterion, uint32_t,
                                    uint32_t, uint32_t interval,
                                    APFloat targetFraction, APFloat,
                                    APFloat tolerance, uint32_t maturity) {
  return checkSchedule(emitError, interval, targetFraction, tolerance, maturity);
}

LogicalResult ConventionalPruneAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, PruneTrigger, PruneCriterion,
    uint32_t, uint32_t, uint32_t interval, APFloat targetFraction,
    APFloat tolerance, uint32_t maturity) {
  return checkSchedule(emitError, interval, targetFraction, tolerance, maturity);
}

/// Edit distance counting a swap of neighbours as one edit (optimal string
/// alignment): "eta_lpt" is one edit from "eta_ltp", two from "eta_ltd".
static unsigned editDistance(StringRef a, StringRef b) {
  std::vector<std::vector<unsigned>> d(a.size() + 1,
                                       std::vector<unsigned>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::optional<StringRef> mlir::snn::nearestName(StringRef key,
                                                ArrayRef<StringRef> valid) {
  std::optional<StringRef> best;
  unsigned bestDistance = ~0u;
  // Up to a third of the key may be wrong, at least two edits.
  unsigned limit = std::max<unsigned>(2, key.size() / 3);
  for (StringRef name : valid) {
    if (name.ends_with(("." + key).str()))
      return name; // "device" -> "cbram.device"
    unsigned d = editDistance(key, name);
    if (d <= limit && d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

std::string mlir::snn::printableReal(double value) {
  std::string text = formatReal(value);
  // Keep it a float literal for the MLIR lexer: "10.0", "1.0e+06".
  if (!std::isfinite(value) || text.find('.') != std::string::npos)
    return text;
  size_t exponent = text.find('e');
  if (exponent == std::string::npos)
    return text + ".0";
  return text.insert(exponent, ".0");
}

FailureOr<llvm::APFloat> mlir::snn::parseFiniteReal(AsmParser &parser) {
  SMLoc at = parser.getCurrentLocation();
  FailureOr<llvm::APFloat> value =
      FieldParser<llvm::APFloat>::parse(parser);
  if (failed(value))
    return failure();
  if (!value->isFinite())
    return parser.emitError(at, "expected a finite number");
  return value;
}

FailureOr<uint32_t> mlir::snn::parseUInt32(AsmParser &parser) {
  SMLoc at = parser.getCurrentLocation();
  llvm::APInt value;
  if (parser.parseInteger(value))
    return failure();
  if (value.isNegative() || value.getActiveBits() > 32)
    return parser.emitError(at, "expected an integer in [0, 4294967295]");
  return uint32_t(value.getZExtValue());
}
