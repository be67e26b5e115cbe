//===- CBRAMTypes.td - types of the cbram dialect ----------*- tablegen -*-===//
#ifndef SNN_DIALECT_CBRAM_CBRAMTYPES_TD
#define SNN_DIALECT_CBRAM_CBRAMTYPES_TD

include "mlir/IR/AttrTypeBase.td"
include "snn/Dialect/CBRAM/CBRAMDialect.td"

def CBRAM_MatrixType : TypeDef<CBRAM_Dialect, "Matrix"> {
  let mnemonic = "matrix";
  let summary = "a weight matrix to be stored in memory arrays";
  let description = [{
    `!cbram.matrix<R, C>` has `R` rows (presynaptic inputs, plus the bias row
    when there is one) and `C` columns (postsynaptic neurons).
  }];
  let parameters = (ins "uint32_t":$rows, "uint32_t":$cols);
  let assemblyFormat = "`<` $rows `,` $cols `>`";
  let genVerifyDecl = 1;
}

#endif // SNN_DIALECT_CBRAM_CBRAMTYPES_TD
