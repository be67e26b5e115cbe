//===- SNNTypes.td - types of the snn dialect --------------*- tablegen -*-===//
#ifndef SNN_DIALECT_SNN_SNNTYPES_TD
#define SNN_DIALECT_SNN_SNNTYPES_TD

include "mlir/IR/AttrTypeBase.td"
include "snn/Dialect/SNN/SNNDialect.td"

class SNN_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<SNN_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def SNN_SpikesType : SNN_Type<"Spikes", "spikes"> {
  let summary = "spike trains of a group of neurons or input channels";
  let description = [{
    `!snn.spikes<N>` is the output of `N` spiking channels over time: the
    value produced by `snn.input` and `snn.population`.
  }];
  let parameters = (ins "uint32_t":$size);
  let assemblyFormat = "`<` $size `>`";
  let genVerifyDecl = 1;
}

def SNN_SynapsesType : SNN_Type<"Synapses", "synapses"> {
  let summary = "a plastic all-to-all weight matrix";
  let description = [{
    `!snn.synapses<P, Q>` connects `P` presynaptic channels to `Q`
    postsynaptic neurons (a bias row, when present, is not counted in `P`).
  }];
  let parameters = (ins "uint32_t":$pre, "uint32_t":$post);
  let assemblyFormat = "`<` $pre `,` $post `>`";
  let genVerifyDecl = 1;
}

#endif // SNN_DIALECT_SNN_SNNTYPES_TD
