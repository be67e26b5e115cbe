//===- CBRAMDialect.cpp - the cbram dialect and its types -----------------===//
#include "snn/Dialect/CBRAM/CBRAMDialect.h"
#include "snn/Dialect/CBRAM/CBRAMOps.h"
#include "snn/Dialect/SNN/SNNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::cbram;

#include "snn/Dialect/CBRAM/CBRAMDialect.cpp.inc"
#include "snn/Dialect/CBRAM/CBRAMEnums.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "snn/Dialect/CBRAM/CBRAMTypes.cpp.inc"

void CBRAMDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "snn/Dialect/CBRAM/CBRAMOps.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "snn/Dialect/CBRAM/CBRAMTypes.cpp.inc"
      >();
  registerAttributes();
}

/// `cbram.device`, `cbram.chip` and `cbram.mapping` on an `snn.network`: the
/// target half of the experiment.
LogicalResult CBRAMDialect::verifyOperationAttribute(Operation *op,
                                                     NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  auto expect = [&](bool ok, StringRef what) -> LogicalResult {
    if (!ok)
      return op->emitOpError("'") << name << "' must be a " << what;
    return success();
  };
  LogicalResult kindOk = success();
  if (name == kDeviceAttrName)
    kindOk = expect(isa<DeviceAttr>(attr.getValue()), "#cbram.device");
  else if (name == kChipAttrName)
    kindOk = expect(isa<ChipAttr>(attr.getValue()), "#cbram.chip");
  else if (name == kMappingAttrName)
    kindOk = expect(isa<MappingAttr>(attr.getValue()), "#cbram.mapping");
  else
    return op->emitOpError("unknown cbram attribute '")
           << name << "'; expected 'cbram.device', 'cbram.chip' or "
           << "'cbram.mapping'";
  if (failed(kindOk))
    return failure();
  if (!isa<snn::NetworkOp>(op))
    return op->emitOpError("'") << name << "' only applies to an 'snn.network'";
  return success();
}

std::string mlir::cbram::joinNames(const std::vector<std::string> &names) {
  std::string out;
  for (const std::string &name : names) {
    if (!out.empty())
      out += ", ";
    out += "'" + name + "'";
  }
  return out;
}


//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

LogicalResult MatrixType::verify(function_ref<InFlightDiagnostic()> emitError,
                                 uint32_t rows, uint32_t cols) {
  if (rows == 0 || cols == 0)
    return emitError() << "a weight matrix needs at least one row and column, "
                          "got "
                       << rows << "x" << cols;
  return success();
}
