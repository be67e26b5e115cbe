//===- Passes.td - conversion passes of the project --------*- tablegen -*-===//
#ifndef SNN_CONVERSION_PASSES_TD
#define SNN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def SNNToCBRAM : Pass<"snn-to-cbram", "::mlir::ModuleOp"> {
  let summary = "Map an snn.network onto a chip: snn dialect -> cbram dialect";
  let description = [{
    Replaces every `snn.network` by a `cbram.program` for one device card and
    one chip: the input becomes the chip's encoder, the population its neuron
    units, the projection the weight matrix, `snn.stdp` the STDP engine,
    `snn.prune` the pruning controller, `snn.train`/`snn.evaluate` the
    training setup.

    The card and chip come from, in order of precedence: the `snn-device` /
    `snn-chip` options, the network's `cbram.device` / `cbram.chip`
    attributes, and the defaults `subquantum-cbram` on `cbram-512k`.

    Only single-layer networks map (one projection from the input into one
    population): anything else is a located error.
  }];
  let dependentDialects = ["::mlir::cbram::CBRAMDialect"];
  let options = [
    Option<"chip", "snn-chip", "std::string", /*default=*/"",
           "Chip name from DeviceCards.def; overrides the network's "
           "cbram.chip">,
    Option<"device", "snn-device", "std::string", /*default=*/"",
           "Device card name from DeviceCards.def; overrides the network's "
           "cbram.device">,
  ];
}

#endif // SNN_CONVERSION_PASSES_TD
