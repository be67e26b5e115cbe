//===- SNNOps.h - operations of the snn dialect ------------------*- C++ -*-===//
#ifndef SNN_DIALECT_SNN_SNNOPS_H
#define SNN_DIALECT_SNN_SNNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "snn/Dialect/SNN/SNNDialect.h"

namespace mlir::snn {
/// Verifies that `op` carries no attribute beyond `declared` (its inherent
/// attributes) and the dialect attributes `op` may carry (the cbram target
/// attributes on `snn.network`); an unknown key is a located error listing
/// the valid keys and suggesting the nearest. Real-valued attributes must be
/// finite.
LogicalResult verifyStrictAttributes(Operation *op,
                                     ArrayRef<StringRef> declared);

template <typename ConcreteType>
class StrictAttributes
    : public OpTrait::TraitBase<ConcreteType, StrictAttributes> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return verifyStrictAttributes(op, ConcreteType::getAttributeNames());
  }
};

/// The values of an `initial_weights` attribute, row-major: dense float
/// elements, or a dense f32/f64 resource (`dense_resource<...>`). Failure if
/// the attribute is neither (or the resource holds no data).
FailureOr<SmallVector<double>> readInitialWeights(ElementsAttr attr);

class InputOp;
class TrainOp;
class EvaluateOp;
} // namespace mlir::snn

#define GET_OP_CLASSES
#include "snn/Dialect/SNN/SNNOps.h.inc"

#endif // SNN_DIALECT_SNN_SNNOPS_H
