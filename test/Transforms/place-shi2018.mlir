// The paper's 397 inputs + bias x 500 neurons, overridden to 4-bit words (398 x 2000 cells)
// on cbram-512k (4 tiles of 512 x 1024).
// RUN: snn-opt %examples/shi2018.mlir --snn-to-cbram --snn-cbram-quantize=cells-per-weight=4 --snn-cbram-place | FileCheck %s --check-prefix=FEWEST
// RUN: snn-opt %examples/shi2018.mlir --snn-to-cbram --snn-cbram-quantize=cells-per-weight=4 --snn-cbram-place=objective=column-locality | FileCheck %s --check-prefix=FEWEST
// RUN: snn-opt %examples/shi2018.mlir --snn-to-cbram --snn-cbram-quantize=cells-per-weight=4 --snn-cbram-place=objective=balanced-wear | FileCheck %s --check-prefix=BALANCED

// Two tiles: 256 neurons fill tile 0, the other 244 spill onto tile 1.
// FEWEST:      cbram.tile 0 {
// FEWEST-NEXT:   cbram.block %{{.*}} rows [0, 398) cols [0, 1024) pre [0, 398) post [0, 256) cells [0, 4) : !cbram.matrix<398, 500>
// FEWEST-NEXT: }
// FEWEST-NEXT: cbram.tile 1 {
// FEWEST-NEXT:   cbram.block %{{.*}} rows [0, 398) cols [0, 976) pre [0, 398) post [256, 500) cells [0, 4) : !cbram.matrix<398, 500>
// FEWEST-NEXT: }
// FEWEST-NOT:  cbram.tile

// 125 neurons on each of the 4 tiles.
// BALANCED: cbram.tile 0 {
// BALANCED-NEXT: cbram.block %{{.*}} rows [0, 398) cols [0, 500) pre [0, 398) post [0, 125) cells [0, 4)
// BALANCED: cbram.tile 1 {
// BALANCED-NEXT: cbram.block %{{.*}} rows [0, 398) cols [0, 500) pre [0, 398) post [125, 250) cells [0, 4)
// BALANCED: cbram.tile 2 {
// BALANCED-NEXT: cbram.block %{{.*}} rows [0, 398) cols [0, 500) pre [0, 398) post [250, 375) cells [0, 4)
// BALANCED: cbram.tile 3 {
// BALANCED-NEXT: cbram.block %{{.*}} rows [0, 398) cols [0, 500) pre [0, 398) post [375, 500) cells [0, 4)
