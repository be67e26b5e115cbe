// snn-cbram-schedule-writes: the write policy and, per tile, the worst-case
// cells and batches of one neuron's column update.
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-place --snn-cbram-schedule-writes | FileCheck %s --check-prefix=DEFAULT
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-place --snn-cbram-schedule-writes="batch-size=16 order=wear-leveling skip-unchanged=false" | FileCheck %s --check-prefix=POLICY
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-place --snn-cbram-schedule-writes="skip-pruned=false" | FileCheck %s --check-prefix=NOSKIP
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram-pipeline="order=wear-leveling rotation-period=250" | FileCheck %s --check-prefix=ROTATE
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram-pipeline="order=wear-leveling rotation-period=250" | snn-translate --snn-to-program | snn-translate --program-to-json | FileCheck %s --check-prefix=ROTATE-JSON
// RUN: snn-opt %examples/shi2018.mlir --snn-to-cbram --snn-cbram-quantize=cells-per-weight=4 --snn-cbram-place=objective=balanced-wear --snn-cbram-schedule-writes | FileCheck %s --check-prefix=SHI
// RUN: snn-opt %S/place-1600.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-place --snn-cbram-schedule-writes="batch-size=32" | FileCheck %s --check-prefix=SPLIT
// RUN: snn-opt %S/place-1600.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-place=objective=column-locality --snn-cbram-schedule-writes="batch-size=32" | FileCheck %s --check-prefix=LOCAL

// A column of the tiny network is 65 weights x 4 cells = 260 cells: 5
// batches at the tile's 64 write drivers.
// DEFAULT:      cbram.write_schedule %{{.*}} batch 64 order row skip_unchanged skip_pruned : !cbram.matrix<65, 20> {
// DEFAULT-NEXT:   cbram.tile_writes tile 0 neurons 20 cells 260 batches 5
// DEFAULT-NEXT: }

// POLICY:      cbram.write_schedule %{{.*}} batch 16 order wear_leveling rotate_every 1000 skip_pruned : !cbram.matrix<65, 20> {
// POLICY-NEXT:   cbram.tile_writes tile 0 neurons 20 cells 260 batches 17

// NOSKIP: cbram.write_schedule %{{.*}} batch 64 order row skip_unchanged : !cbram.matrix<65, 20>

// Wear leveling rotates each word's bits every rotation-period images; the
// period reaches the program.
// ROTATE: cbram.write_schedule %{{.*}} batch 64 order wear_leveling rotate_every 250 skip_unchanged skip_pruned
// ROTATE-JSON: "order": "WearLeveling",
// ROTATE-JSON: "rotation_period": 250

// Balanced over 4 tiles: 125 neurons each, 398 x 4 = 1592 cells per column
// update in 25 batches, on whichever tile holds the neuron.
// SHI:      cbram.write_schedule %{{.*}} batch 64 order row skip_unchanged skip_pruned : !cbram.matrix<398, 500> {
// SHI-NEXT:   cbram.tile_writes tile 0 neurons 125 cells 1592 batches 25
// SHI-NEXT:   cbram.tile_writes tile 1 neurons 125 cells 1592 batches 25
// SHI-NEXT:   cbram.tile_writes tile 2 neurons 125 cells 1592 batches 25
// SHI-NEXT:   cbram.tile_writes tile 3 neurons 125 cells 1592 batches 25
// SHI-NEXT: }

// fewest-tiles cuts a 784-row column into bands on several tiles: each tile
// writes at most 256 rows (1024 cells, 32 batches) of it, in parallel;
// tile 9 holds a 256-row band and a 16-row band of some neurons.
// SPLIT:      cbram.tile_writes tile 0 neurons 512 cells 1024 batches 32
// SPLIT:      cbram.tile_writes tile 9 neurons 1600 cells 1088 batches 34

// column-locality keeps the whole 784-row column (3136 cells, 98 batches)
// on one tile: one tile per update, more batches.
// LOCAL:      cbram.tile_writes tile 0 neurons 128 cells 3136 batches 98
// LOCAL:      cbram.tile_writes tile 12 neurons 64 cells 3136 batches 98
