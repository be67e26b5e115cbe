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
    `#cbram.chip<"cbram-512k">`) from the cards the contract library ships
    to compiler and runtime alike (`contract/lib/Cards.cpp`), optionally
    with fields overridden (`#cbram.chip<"cbram-512k", num_tiles = 16>`), or
    given entirely inline, every field spelled out.

    On an `snn.network`, the discardable attributes `cbram.device`,
    `cbram.chip` and `cbram.mapping` (weight storage, placement, write
    policy) make the target part of the spec; the options of
    `snn-to-cbram` (and of `--snn-to-cbram-pipeline`) override them, and
    each override is recorded on the `cbram.program` and in the emitted
    program.
  }];
  let dependentDialects = ["::mlir::snn::SNNDialect"];
  let useDefaultAttributePrinterParser = 1;
  // Attributes are registered from CBRAMAttrs.cpp.
  let extraClassDeclaration = [{
    /// Names of the discardable attributes that give an `snn.network` its
    /// target.
    static constexpr ::llvm::StringLiteral kDeviceAttrName = "cbram.device";
    static constexpr ::llvm::StringLiteral kChipAttrName = "cbram.chip";
    static constexpr ::llvm::StringLiteral kMappingAttrName = "cbram.mapping";

  private:
    void registerAttributes();

  public:
  }];
  let useDefaultTypePrinterParser = 1;
  let hasOperationAttrVerify = 1;
}

class CBRAM_Op<string mnemonic, list<Trait> traits = []>
    : Op<CBRAM_Dialect, mnemonic, traits>;

#endif // SNN_DIALECT_CBRAM_CBRAMDIALECT_TD
