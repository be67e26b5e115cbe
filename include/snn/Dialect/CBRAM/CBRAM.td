//===- CBRAM.td - everything in the cbram dialect, for docs -*- tablegen -*-===//
#ifndef SNN_DIALECT_CBRAM_CBRAM_TD
#define SNN_DIALECT_CBRAM_CBRAM_TD
include "snn/Dialect/CBRAM/CBRAMOps.td"
#endif
