//===- SNNEnums.td - enumerations of the snn dialect -------*- tablegen -*-===//
#ifndef SNN_DIALECT_SNN_SNNENUMS_TD
#define SNN_DIALECT_SNN_SNNENUMS_TD

include "mlir/IR/EnumAttr.td"
include "snn/Dialect/SNN/SNNDialect.td"

def SNN_Homeostasis : I32EnumAttr<"Homeostasis",
    "homeostasis mechanism", [
      I32EnumAttrCase<"none", 0>,
      I32EnumAttrCase<"rate_scaled_updates", 1>,
      I32EnumAttrCase<"adaptive_bias", 2>]> {
  let cppNamespace = "::mlir::snn";
  let genSpecializedAttr = 0;
}

def SNN_InitKind : I32EnumAttr<"InitKind", "weight initialisation", [
      I32EnumAttrCase<"uniform", 0>,
      I32EnumAttrCase<"constant", 1>,
      I32EnumAttrCase<"dense", 2>]> {
  let cppNamespace = "::mlir::snn";
}

def SNN_LtpForm : I32EnumAttr<"LtpForm", "shape of long-term potentiation", [
      I32EnumAttrCase<"nessler_exp", 0>,
      I32EnumAttrCase<"constant", 1>]> {
  let cppNamespace = "::mlir::snn";
}

def SNN_LtdForm : I32EnumAttr<"LtdForm", "shape of long-term depression", [
      I32EnumAttrCase<"constant", 0>,
      I32EnumAttrCase<"nessler_exp", 1>]> {
  let cppNamespace = "::mlir::snn";
}

def SNN_PruneCriterion : I32EnumAttr<"PruneCriterion",
    "pruning criterion", [
      I32EnumAttrCase<"lowest_weight", 0>,
      I32EnumAttrCase<"lowest_magnitude", 1>]> {
  let cppNamespace = "::mlir::snn";
  let genSpecializedAttr = 0;
}

def SNN_PruneTrigger : I32EnumAttr<"PruneTrigger",
    "pruning trigger", [
      I32EnumAttrCase<"images", 0>,
      I32EnumAttrCase<"neuron_spikes", 1>,
      I32EnumAttrCase<"adaptive", 2>]> {
  let cppNamespace = "::mlir::snn";
  let genSpecializedAttr = 0;
}

def SNN_Dataset : I32EnumAttr<"Dataset", "labelled image data set", [
      I32EnumAttrCase<"mnist", 0>,
      I32EnumAttrCase<"fashion_mnist", 1>]> {
  let cppNamespace = "::mlir::snn";
}

def SNN_Assignment : I32EnumAttr<"Assignment",
    "how output neurons are labelled after training", [
      I32EnumAttrCase<"max_average_response", 0>,
      I32EnumAttrCase<"max_total_spikes", 1>]> {
  let cppNamespace = "::mlir::snn";
}


#endif // SNN_DIALECT_SNN_SNNENUMS_TD
