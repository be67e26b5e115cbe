// RUN: not snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-place --snn-cbram-schedule-writes=batch-size=65 2>&1 | FileCheck %s --check-prefix=BUDGET
// RUN: not snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-schedule-writes 2>&1 | FileCheck %s --check-prefix=UNPLACED
// RUN: not snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-place 2>&1 | FileCheck %s --check-prefix=UNQUANTIZED

// BUDGET: tiny.mlir:{{[0-9]+}}:{{[0-9]+}}: error: batch-size=65 exceeds the concurrent-write budget of a tile of chip 'cbram-512k' (write_drivers_per_tile = 64)
// UNPLACED: error: cannot schedule writes before placement; run snn-cbram-quantize and snn-cbram-place first
// UNQUANTIZED: error: cannot place weights before they are quantized; run snn-cbram-quantize first
