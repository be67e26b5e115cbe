//===- CBRAMAttrs.td - device cards, chips, mapping --------*- tablegen -*-===//
//
// `#cbram.device` and `#cbram.chip` each hold one plain card struct from the
// MLIR-free contract library (contract/include/snn/contract/Cards.h), whose
// fields are listed once, in CardFields.def: the parser, printer and
// verifier below are driven by that list (CBRAMAttrs.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef SNN_DIALECT_CBRAM_CBRAMATTRS_TD
#define SNN_DIALECT_CBRAM_CBRAMATTRS_TD

include "mlir/IR/AttrTypeBase.td"
include "snn/Dialect/SNN/SNNAttrs.td"
include "snn/Dialect/CBRAM/CBRAMDialect.td"
include "snn/Dialect/CBRAM/CBRAMEnums.td"

class CBRAM_Attr<string name, string attrMnemonic>
    : AttrDef<CBRAM_Dialect, name> {
  let mnemonic = attrMnemonic;
}

class CBRAM_CardParam<string cppType, string desc>
    : AttrParameter<cppType, desc>;

def CBRAM_DeviceAttr : CBRAM_Attr<"Device", "device"> {
  let summary = "a memory technology: states, conductances, energies, wear";
  let description = [{
    One device card. Energies are per cell and event (pJ), times in ns,
    conductances in microsiemens, leakage in pW per cell. Written as a
    shipped card's name, a name followed by overridden fields, or inline
    with every field given:

    ```mlir
    #cbram.device<"subquantum-cbram">
    #cbram.device<"pcm", levels = 8, c2c_sigma = 0.2>
    #cbram.device<name = "my-rram", technology = "...", levels = 4, ...>
    ```

    Shipped cards: `subquantum-cbram`, `cbram`, `pcm`, `sram`. An inline
    card must give every field (a missing one would silently be 0); to
    change a few values, start from a shipped card. Every field has a range
    (contract/include/snn/contract/CardFields.def), checked here and by the
    runtime alike.
  }];
  let parameters = (ins
      CBRAM_CardParam<"::snn_contract::DeviceCard", "the card's values">:$card);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

def CBRAM_ChipAttr : CBRAM_Attr<"Chip", "chip"> {
  let summary = "a chip: tiles, their geometry and peripherals";
  let description = [{
    Tile count and geometry (`tile_rows` x `tile_cols` cells), the
    concurrent-write budget of a tile (`write_drivers_per_tile`), neuron
    units, clock and the cycle and energy cost of neuron updates, spike
    routing, controller steps and random numbers. Written like a device card:

    ```mlir
    #cbram.chip<"cbram-512k">
    #cbram.chip<"cbram-512k", num_tiles = 16>
    ```
  }];
  let parameters = (ins
      CBRAM_CardParam<"::snn_contract::ChipCard", "the chip's values">:$card);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

// A boolean parameter written `true` / `false`.
class CBRAM_BoolParam<string default, string desc>
    : AttrParameter<"bool", desc> {
  let parser = "::mlir::cbram::parseBoolKeyword($_parser)";
  let printer = "$_printer << ($_self ? \"true\" : \"false\")";
  let defaultValue = default;
}

class CBRAM_UIntParam<string default, string desc>
    : DefaultValuedParameter<"uint32_t", default, desc>;

def CBRAM_MappingAttr : CBRAM_Attr<"Mapping", "mapping"> {
  let summary = "how a network is stored and written on the chip";
  let description = [{
    The mapping half of an experiment: weight storage, placement and the
    write policy. On an `snn.network` as `cbram.mapping`, it makes the spec
    the whole experiment; `--snn-to-cbram-pipeline` options override single
    fields, and every override is recorded in the program. Every parameter
    has a default:

    - `encoding`: `auto` (multi-level cells when the device has more than
      two states, else digital words), `digital` (a weight is a word of
      `cells_per_weight` binary cells) or `multi_level` (one cell per
      weight).
    - `cells_per_weight`: binary cells (bits) per digital weight word.
    - `levels`: weight levels (0: `2^cells_per_weight` for digital, the
      device's states for multi-level).
    - `rounding`: `nearest` or `stochastic` rounding of updates to a level.
    - `objective` (placement): `fewest_tiles`, `balanced_wear` or
      `column_locality`; `max_tiles` limits the tiles used (0: all of the
      chip's).
    - `batch_size`: cells written per batch (0: the chip's
      `write_drivers_per_tile`); `order`: `row` or `wear_leveling`
      (rotating each word's bit-to-cell map every `rotation_period` training
      images); `skip_unchanged` / `skip_pruned`: issue no pulse for a cell
      whose state would not change / for a pruned cell.
    - `accumulation` (Bayesian WTA only): how the potentials
      `u_k = b_k + sum_i w_ik x_i` follow the input windows. `rewindow`
      reads input i's row when its window opens (add) and again when it
      closes (subtract), and the bias row once per image; `recompute` reads
      nothing at window edges and, when the layer fires, reads the bias row
      and every active input's row and sums them; `deferred` only marks an
      input at its window edges and, when the layer fires, reads once each
      input whose window state changed since the last firing (add if open,
      subtract if closed). All give the same `u`; they differ in array
      reads, energy and cycles.

    Each parameter has the name of the pipeline option that overrides it
    (`cells_per_weight` <-> `cells-per-weight`).

    ```mlir
    snn.network @net attributes {
        cbram.device = #cbram.device<"subquantum-cbram">,
        cbram.mapping = #cbram.mapping<encoding = digital, cells_per_weight = 8>} {
      ...
    }
    ```
  }];
  let parameters = (ins
    DefaultValuedParameter<"::mlir::cbram::StorageChoice",
        "::mlir::cbram::StorageChoice::automatic", "weight storage">:$encoding,
    CBRAM_UIntParam<"4", "binary cells per digital weight">:$cells_per_weight,
    CBRAM_UIntParam<"0", "weight levels (0: all)">:$levels,
    DefaultValuedParameter<"::mlir::cbram::Rounding",
        "::mlir::cbram::Rounding::stochastic", "rounding of updates">:$rounding,
    DefaultValuedParameter<"::mlir::cbram::PlacementObjective",
        "::mlir::cbram::PlacementObjective::fewest_tiles",
        "placement objective">:$objective,
    CBRAM_UIntParam<"0", "tile limit (0: the chip's)">:$max_tiles,
    CBRAM_UIntParam<"0", "cells per write batch (0: the write budget)">:$batch_size,
    DefaultValuedParameter<"::mlir::cbram::WriteOrder",
        "::mlir::cbram::WriteOrder::row", "bit-to-cell order">:$order,
    CBRAM_UIntParam<"1000", "wear leveling: images between rotations">:$rotation_period,
    CBRAM_BoolParam<"true", "skip cells whose state does not change">:$skip_unchanged,
    CBRAM_BoolParam<"true", "never write pruned cells">:$skip_pruned,
    DefaultValuedParameter<"::mlir::cbram::Accumulation",
        "::mlir::cbram::Accumulation::rewindow",
        "how WTA potentials follow the input windows">:$accumulation);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  // Every parameter at its default: what `DefaultValuedAttr` on an op uses.
  let constBuilderCall = "::mlir::cbram::MappingAttr::getDefaults($_builder.getContext())";
  let extraClassDeclaration = [{
    /// Every parameter at the default written above (`#cbram.mapping<>`).
    static MappingAttr getDefaults(::mlir::MLIRContext *context);
  }];
}

def CBRAM_OverrideAttr : CBRAM_Attr<"Override", "override"> {
  let summary = "a pipeline option that changed the spec's experiment";
  let description = [{
    Recorded on a `cbram.program` and in the emitted program, so that a run
    says how it differs from its spec: `#cbram.override<"cells-per-weight",
    "4", "8">` (option, the spec's value, the value used).
  }];
  let parameters = (ins StringRefParameter<"option">:$key,
                        StringRefParameter<"the spec's value">:$spec_value,
                        StringRefParameter<"the value used">:$value);
  let assemblyFormat = "`<` $key `,` $spec_value `,` $value `>`";
}

#endif // SNN_DIALECT_CBRAM_CBRAMATTRS_TD
