//===- SNN.td - everything in the snn dialect, for docs ----*- tablegen -*-===//
#ifndef SNN_DIALECT_SNN_SNN_TD
#define SNN_DIALECT_SNN_SNN_TD
include "snn/Dialect/SNN/SNNOps.td"
#endif
