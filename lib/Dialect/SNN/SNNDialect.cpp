//===- SNNDialect.cpp - the snn dialect, types and attributes -------------===//
#include "snn/Dialect/SNN/SNNDialect.h"
#include "snn/Dialect/SNN/SNNOps.h"

#include "mlir/IR/Builders.h"
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
std::string mlir::snn::formatReal(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

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
                            const APFloat &apTolerance) {
  double targetFraction = apTarget.convertToDouble();
  double tolerance = apTolerance.convertToDouble();
  if (interval == 0)
    return emitError() << "'interval' must be at least one image";
  if (failed(checkFraction(emitError, "target_fraction", targetFraction)))
    return failure();
  if (!(tolerance > 0.0 && tolerance <= 1.0))
    return emitError() << "'tolerance' must be in (0, 1], got " << formatReal(tolerance);
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
  if (presentationMs < dtMs)
    return emitError() << "'presentation_ms' (" << formatReal(presentationMs)
                       << ") is shorter than one time step (" << formatReal(dtMs) << ")";
  // A rate whose spike probability per step exceeds 1 cannot be simulated.
  if (maxRateHz * dtMs / 1000.0 > 1.0)
    return emitError() << "'max_rate_hz' * 'dt_ms' gives a spike probability "
                          "above 1 per step ("
                       << formatReal(maxRateHz * dtMs / 1000.0) << ")";
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
                                    APFloat tolerance) {
  return checkSchedule(emitError, interval, targetFraction, tolerance);
}

LogicalResult ConventionalPruneAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, PruneTrigger, PruneCriterion,
    uint32_t, uint32_t, uint32_t interval, APFloat targetFraction,
    APFloat tolerance) {
  return checkSchedule(emitError, interval, targetFraction, tolerance);
}
