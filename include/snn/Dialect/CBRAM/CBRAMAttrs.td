//===- CBRAMAttrs.td - device cards and chips --------------*- tablegen -*-===//
//
// One parameter per field of the program schema's DeviceCard and Chip tables.
// Both attributes parse from a card name in DeviceCards.def, a name plus
// overridden fields, or a fully inline list; see CBRAMDialect.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef SNN_DIALECT_CBRAM_CBRAMATTRS_TD
#define SNN_DIALECT_CBRAM_CBRAMATTRS_TD

include "mlir/IR/AttrTypeBase.td"
include "snn/Dialect/SNN/SNNAttrs.td"
include "snn/Dialect/CBRAM/CBRAMDialect.td"

class CBRAM_Attr<string name, string attrMnemonic>
    : AttrDef<CBRAM_Dialect, name> {
  let mnemonic = attrMnemonic;
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

class CBRAM_Real<string desc> : F64Param<"0.0", desc>;

def CBRAM_DeviceAttr : CBRAM_Attr<"Device", "device"> {
  let summary = "a memory technology: states, conductances, energies, wear";
  let description = [{
    One device card. Energies are per cell and event (pJ), times in ns,
    conductances in microsiemens, leakage in pW per cell. Written as a card
    name from `DeviceCards.def`, a name followed by overridden fields, or
    inline:

    ```mlir
    #cbram.device<"subquantum-cbram">
    #cbram.device<"pcm", levels = 8, c2c_sigma = 0.2>
    #cbram.device<name = "my-rram", levels = 4, g_min_us = 1.0, g_max_us = 100.0>
    ```

    Inline cards start from the schema's defaults (`levels = 2`, everything
    else 0 or false). Known names: `subquantum-cbram`, `cbram`, `pcm`, `sram`.
  }];
  let parameters = (ins
    StringRefParameter<"card name">:$name,
    StringRefParameter<"technology">:$technology,
    "uint32_t":$levels,
    CBRAM_Real<"lowest conductance, uS">:$g_min_us,
    CBRAM_Real<"highest conductance, uS">:$g_max_us,
    CBRAM_Real<"read energy per cell, pJ">:$read_energy_pj,
    CBRAM_Real<"set pulse energy, pJ">:$set_energy_pj,
    CBRAM_Real<"reset pulse energy, pJ">:$reset_energy_pj,
    CBRAM_Real<"verify read energy, pJ">:$verify_energy_pj,
    CBRAM_Real<"set pulse width, ns">:$set_pulse_ns,
    CBRAM_Real<"reset pulse width, ns">:$reset_pulse_ns,
    CBRAM_Real<"read latency, ns">:$read_latency_ns,
    "bool":$verify,
    CBRAM_Real<"update nonlinearity">:$nonlinearity,
    CBRAM_Real<"cycle-to-cycle variation">:$c2c_sigma,
    CBRAM_Real<"device-to-device variation">:$d2d_sigma,
    CBRAM_Real<"endurance, write cycles (0 = unlimited)">:$endurance_cycles,
    CBRAM_Real<"fraction of cells stuck set">:$stuck_at_set_rate,
    CBRAM_Real<"fraction of cells stuck reset">:$stuck_at_reset_rate,
    CBRAM_Real<"leakage per cell, pW">:$leakage_pw_per_cell,
    StringRefParameter<"where the numbers come from">:$source);
}

def CBRAM_ChipAttr : CBRAM_Attr<"Chip", "chip"> {
  let summary = "a chip: tiles, their geometry and peripherals";
  let description = [{
    Tile count and geometry (`tile_rows` x `tile_cols` cells), ADC
    resolution, the concurrent-write budget of a tile
    (`write_drivers_per_tile`), neuron units, clock and the cycle and energy
    cost of neuron updates, spike routing, controller steps and random
    numbers.

    ```mlir
    #cbram.chip<"cbram-512k">
    #cbram.chip<"cbram-512k", num_tiles = 16>
    ```
  }];
  let parameters = (ins
    StringRefParameter<"chip name">:$name,
    CBRAM_Real<"clock, MHz">:$clock_mhz,
    "uint32_t":$num_tiles,
    "uint32_t":$tile_rows,
    "uint32_t":$tile_cols,
    "uint32_t":$adc_bits,
    "uint32_t":$write_drivers_per_tile,
    "uint32_t":$neuron_units,
    "uint32_t":$neuron_update_cycles,
    CBRAM_Real<"energy per neuron update, pJ">:$neuron_update_energy_pj,
    "uint32_t":$spike_route_cycles,
    CBRAM_Real<"energy per spike delivered to a tile, pJ">:$spike_route_energy_pj,
    "uint32_t":$control_cycles,
    CBRAM_Real<"energy per controller step, pJ">:$control_energy_pj,
    CBRAM_Real<"energy per random number, pJ">:$rng_energy_pj);
}

#endif // SNN_DIALECT_CBRAM_CBRAMATTRS_TD
