//===- CBRAMDialect.td - the hardware-level CBRAM dialect --*- tablegen -*-===//
#ifndef SNN_DIALECT_CBRAM_CBRAMDIALECT_TD
#define SNN_DIALECT_CBRAM_CBRAMDIALECT_TD

include "mlir/IR/OpBase.td"

def CBRAM_Dialect : Dialect {
  let name = "cbram";
  let cppNamespace = "::mlir::cbram";
  let summary = "A spiking network mapped onto resistive-memory (CBRAM) tiles";
  let description = [{
    The `cbram` dialect is the hardware level of the compiler. A
    `cbram.program` names one memory technology (a device card,
    `#cbram.device<...>`) and one chip (`#cbram.chip<...>`) and holds what the
    chip must do: the input encoder, the neuron units, the weight matrix, the
    quantized storage of weights in device states, the tiles and the weight
    blocks placed on them, the STDP engine, the pruning controller, the write
    schedule and the training setup.

    Device cards and chips are selected by name (`#cbram.device<"pcm">`,
    `#cbram.chip<"cbram-512k">`), from the same card file the runtime ships
    (`schema/include/snn/schema/DeviceCards.def`), optionally with fields
    overridden (`#cbram.chip<"cbram-512k", num_tiles = 16>`), or given
    entirely inline (`#cbram.device<name = "my-rram", levels = 8, ...>`).

    On an `snn.network`, the discardable attributes `cbram.device` and
    `cbram.chip` choose the card and chip for that network; the
    `snn-to-cbram` pass options `snn-device` and `snn-chip` override them.
  }];
  let dependentDialects = ["::mlir::snn::SNNDialect"];
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Names of the discardable attributes that pick hardware for an
    /// `snn.network`.
    static constexpr ::llvm::StringLiteral kDeviceAttrName = "cbram.device";
    static constexpr ::llvm::StringLiteral kChipAttrName = "cbram.chip";
  }];
}

class CBRAM_Op<string mnemonic, list<Trait> traits = []>
    : Op<CBRAM_Dialect, mnemonic, traits>;

#endif // SNN_DIALECT_CBRAM_CBRAMDIALECT_TD
