//===- SNNDialect.td - the network-level spiking dialect ---*- tablegen -*-===//
#ifndef SNN_DIALECT_SNN_SNNDIALECT_TD
#define SNN_DIALECT_SNN_SNNDIALECT_TD

include "mlir/IR/OpBase.td"

def SNN_Dialect : Dialect {
  let name = "snn";
  let cppNamespace = "::mlir::snn";
  let summary = "Hardware-agnostic spiking neural networks with on-line learning";
  let description = [{
    The `snn` dialect describes a spiking network the way a modeller thinks of
    it: an input encoder, neuron populations, projections between them, the
    STDP rule that trains each projection, a pruning schedule, and how the
    network is trained and evaluated. It says nothing about memory devices;
    the `cbram` dialect and the lowering passes map it onto hardware.

    Every parameter of the learning model is an attribute with a default, and
    every unit is part of the attribute's name (`_ms`, `_hz`, `_mv`).
  }];
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;
  let dependentDialects = [];
}

// Every op of a spec accepts only its declared attributes (plus, on
// `snn.network`, the target attributes of the cbram dialect): a misspelled
// key is an error with a suggestion, never silently dropped.
def SNN_StrictAttributes : NativeOpTrait<"StrictAttributes"> {
  let cppNamespace = "::mlir::snn";
}

class SNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<SNN_Dialect, mnemonic, !listconcat(traits, [SNN_StrictAttributes])>;

#endif // SNN_DIALECT_SNN_SNNDIALECT_TD
