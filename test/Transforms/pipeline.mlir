// --snn-to-cbram-pipeline runs the conversion and the three cbram passes,
// forwarding its options; --mlir-print-ir-after-all shows each step.
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram-pipeline="snn-device=pcm levels=8 objective=balanced-wear max-tiles=2 batch-size=8 skip-unchanged=false" | FileCheck %s
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram-pipeline -mlir-print-ir-after-all 2>&1 | FileCheck %s --check-prefix=STEPS

// 8-state cells need a 3-bit column ADC: the quantizer gives the chip one
// (its sense amplifiers read two states) and records the override.
// CHECK:      cbram.program @tiny device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k", adc_bits = 3>
// CHECK-SAME: #cbram.override<"skip-unchanged", "true", "false">, #cbram.override<"adc-bits", "1", "3">]
// CHECK:        cbram.quantize %{{.*}} multi_level cells_per_weight 1 levels 8 rounding stochastic
// CHECK:        cbram.tile 0 {
// CHECK-NEXT:     cbram.block %{{.*}} rows [0, 65) cols [0, 10) pre [0, 65) post [0, 10) cells [0, 1)
// CHECK:        cbram.tile 1 {
// CHECK-NEXT:     cbram.block %{{.*}} rows [0, 65) cols [0, 10) pre [0, 65) post [10, 20) cells [0, 1)
// CHECK:        cbram.write_schedule %{{.*}} batch 8 order row skip_pruned
// CHECK-NEXT:     cbram.tile_writes tile 0 neurons 10 cells 65 batches 9
// CHECK-NEXT:     cbram.tile_writes tile 1 neurons 10 cells 65 batches 9

// STEPS:      IR Dump After SNNToCBRAM (snn-to-cbram)
// STEPS-NOT:  cbram.quantize
// STEPS:      IR Dump After CBRAMQuantize (snn-cbram-quantize)
// STEPS-NOT:  cbram.tile
// STEPS:      cbram.quantize
// STEPS:      IR Dump After CBRAMPlace (snn-cbram-place)
// STEPS-NOT:  cbram.write_schedule
// STEPS:      cbram.tile 0
// STEPS:      IR Dump After CBRAMScheduleWrites (snn-cbram-schedule-writes)
// STEPS:      cbram.write_schedule
