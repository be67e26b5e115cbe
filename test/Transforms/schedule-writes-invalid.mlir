// RUN: not snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-place --snn-cbram-schedule-writes=batch-size=65 2>&1 | FileCheck %s --check-prefix=BUDGET
// RUN: not snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-schedule-writes 2>&1 | FileCheck %s --check-prefix=UNPLACED
// RUN: not snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-place 2>&1 | FileCheck %s --check-prefix=UNQUANTIZED

// RUN: not snn-opt %examples/tiny.mlir --snn-to-cbram-pipeline="order=wear-leveling rotation-period=0" 2>&1 | FileCheck %s --check-prefix=NOPERIOD
// RUN: not snn-opt %examples/tiny.mlir --snn-to-cbram-pipeline="order=wear-leveling encoding=multi-level snn-device=pcm" 2>&1 | FileCheck %s --check-prefix=ONECELL

// NOPERIOD: tiny.mlir:{{[0-9]+}}:{{[0-9]+}}: error: with the given options, 'order = wear_leveling' needs a 'rotation_period' of at least one image
// ONECELL: tiny.mlir:{{[0-9]+}}:{{[0-9]+}}: error: order=wear-leveling rotates the cells of a digital weight word; weights here use 1 cell each (multi-level storage)
// BUDGET: tiny.mlir:{{[0-9]+}}:{{[0-9]+}}: error: batch-size=65 exceeds the concurrent-write budget of a tile of chip 'cbram-512k' (write_drivers_per_tile = 64)
// UNPLACED: error: cannot schedule writes before placement; run snn-cbram-quantize and snn-cbram-place first
// UNQUANTIZED: error: cannot place weights before they are quantized; run snn-cbram-quantize first
