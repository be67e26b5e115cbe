//===- CBRAMEnums.td - enumerations of the cbram dialect ---*- tablegen -*-===//
#ifndef SNN_DIALECT_CBRAM_CBRAMENUMS_TD
#define SNN_DIALECT_CBRAM_CBRAMENUMS_TD

include "mlir/IR/EnumAttr.td"
include "snn/Dialect/CBRAM/CBRAMDialect.td"

def CBRAM_CellEncoding : I32EnumAttr<"CellEncoding",
    "how a weight is stored in cells", [
      I32EnumAttrCase<"digital", 0>,
      I32EnumAttrCase<"multi_level", 1>]> {
  let cppNamespace = "::mlir::cbram";
}

def CBRAM_Rounding : I32EnumAttr<"Rounding",
    "how an update is rounded to a representable level", [
      I32EnumAttrCase<"nearest", 0>,
      I32EnumAttrCase<"stochastic", 1>]> {
  let cppNamespace = "::mlir::cbram";
}

def CBRAM_WriteOrder : I32EnumAttr<"WriteOrder",
    "order of the writes of one column update", [
      I32EnumAttrCase<"row", 0>,
      I32EnumAttrCase<"wear_leveling", 1>]> {
  let cppNamespace = "::mlir::cbram";
}

def CBRAM_PlacementObjective : I32EnumAttr<"PlacementObjective",
    "what the placement optimises", [
      I32EnumAttrCase<"fewest_tiles", 0>,
      I32EnumAttrCase<"balanced_wear", 1>,
      I32EnumAttrCase<"column_locality", 2>]> {
  let cppNamespace = "::mlir::cbram";
}

def CBRAM_StorageChoice : I32EnumAttr<"StorageChoice",
    "how the spec asks weights to be stored", [
      I32EnumAttrCase<"automatic", 0, "auto">,
      I32EnumAttrCase<"digital", 1>,
      I32EnumAttrCase<"multi_level", 2>]> {
  let cppNamespace = "::mlir::cbram";
}

def CBRAM_Accumulation : I32EnumAttr<"Accumulation",
    "how the WTA potentials follow the input windows", [
      I32EnumAttrCase<"rewindow", 0>,
      I32EnumAttrCase<"recompute", 1>,
      I32EnumAttrCase<"deferred", 2>]> {
  let cppNamespace = "::mlir::cbram";
}

#endif // SNN_DIALECT_CBRAM_CBRAMENUMS_TD
