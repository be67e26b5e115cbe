// snn-cbram-place on the tiny network (64 inputs + bias, 20 neurons of 4
// cells: a 65 x 80-cell matrix) under each objective.
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-place | FileCheck %s --check-prefix=FEWEST
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-place=objective=column-locality | FileCheck %s --check-prefix=FEWEST
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-place=objective=balanced-wear | FileCheck %s --check-prefix=BALANCED
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize --snn-cbram-place="objective=balanced-wear max-tiles=2" | FileCheck %s --check-prefix=BALANCED2
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize="encoding=multi-level" --snn-cbram-place | FileCheck %s --check-prefix=ONECELL
// RUN: snn-opt %s --snn-to-cbram --snn-cbram-quantize --snn-cbram-place | FileCheck %s --check-prefix=SHELVES

// One tile, one block at the corner.
// FEWEST:      cbram.tile 0 {
// FEWEST-NEXT:   cbram.block %{{.*}} rows [0, 65) cols [0, 80) pre [0, 65) post [0, 20) cells [0, 4) : !cbram.matrix<65, 20>
// FEWEST-NEXT: }
// FEWEST-NOT:  cbram.tile

// Every tile of the chip gets 5 neurons.
// BALANCED:      cbram.tile 0 {
// BALANCED-NEXT:   cbram.block %{{.*}} rows [0, 65) cols [0, 20) pre [0, 65) post [0, 5) cells [0, 4)
// BALANCED:      cbram.tile 1 {
// BALANCED-NEXT:   cbram.block %{{.*}} rows [0, 65) cols [0, 20) pre [0, 65) post [5, 10) cells [0, 4)
// BALANCED:      cbram.tile 2 {
// BALANCED-NEXT:   cbram.block %{{.*}} rows [0, 65) cols [0, 20) pre [0, 65) post [10, 15) cells [0, 4)
// BALANCED:      cbram.tile 3 {
// BALANCED-NEXT:   cbram.block %{{.*}} rows [0, 65) cols [0, 20) pre [0, 65) post [15, 20) cells [0, 4)

// BALANCED2:      cbram.tile 0 {
// BALANCED2-NEXT:   cbram.block %{{.*}} rows [0, 65) cols [0, 40) pre [0, 65) post [0, 10) cells [0, 4)
// BALANCED2:      cbram.tile 1 {
// BALANCED2-NEXT:   cbram.block %{{.*}} rows [0, 65) cols [0, 40) pre [0, 65) post [10, 20) cells [0, 4)
// BALANCED2-NOT:  cbram.tile 2

// A 2-state multi-level cell: one column per weight.
// ONECELL: cbram.block %{{.*}} rows [0, 65) cols [0, 20) pre [0, 65) post [0, 20) cells [0, 1)

// 100 inputs + bias, 600 neurons: a 101 x 2400-cell matrix is folded into
// shelves of 256 neurons stacked down one tile (5 shelves of 101 rows fit
// 512 rows).
// SHELVES:      cbram.tile 0 {
// SHELVES-NEXT:   cbram.block %{{.*}} rows [0, 101) cols [0, 1024) pre [0, 101) post [0, 256) cells [0, 4)
// SHELVES-NEXT:   cbram.block %{{.*}} rows [101, 202) cols [0, 1024) pre [0, 101) post [256, 512) cells [0, 4)
// SHELVES-NEXT:   cbram.block %{{.*}} rows [202, 303) cols [0, 352) pre [0, 101) post [512, 600) cells [0, 4)
// SHELVES-NEXT: }
// SHELVES-NOT:  cbram.tile 1
snn.network @shelves {
  %x = snn.input #snn.poisson<> image(28, 28) crop 100 : !snn.spikes<100>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<600>
  %w = snn.projection %x -> %y : !snn.spikes<100> -> !snn.spikes<600>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<100, 600>
  snn.train mnist epochs 1
}
