// A 1600-neuron Diehl & Cook-style network: 784 inputs (no bias) x 1600
// neurons at 4 cells per weight = 784 x 6400 cells, 9.6 tiles' worth, on a
// cbram-512k with 16 tiles. Rows exceed a tile (512), so columns are cut.
// RUN: snn-opt %s --snn-to-cbram --snn-cbram-quantize --snn-cbram-place | FileCheck %s --check-prefix=FEWEST
// RUN: snn-opt %s --snn-to-cbram --snn-cbram-quantize --snn-cbram-place=objective=column-locality | FileCheck %s --check-prefix=LOCAL
// RUN: snn-opt %s --snn-to-cbram --snn-cbram-quantize --snn-cbram-place=objective=balanced-wear | FileCheck %s --check-prefix=BALANCED

// fewest-tiles reaches the lower bound, 10 tiles: bands of 256 rows, two per
// tile, and the last 16 rows packed into the leftover of tile 9.
// FEWEST:      cbram.tile 0 {
// FEWEST-NEXT:   cbram.block %{{.*}} rows [0, 256) cols [0, 1024) pre [0, 256) post [0, 256) cells [0, 4)
// FEWEST-NEXT:   cbram.block %{{.*}} rows [256, 512) cols [0, 1024) pre [0, 256) post [256, 512) cells [0, 4)
// FEWEST:      cbram.tile 9 {
// FEWEST-NEXT:   cbram.block %{{.*}} rows [0, 256) cols [0, 768) pre [512, 768) post [1408, 1600) cells [0, 4)
// FEWEST-NEXT:   cbram.block %{{.*}} rows [256, 272) cols [0, 768) pre [768, 784) post [0, 192) cells [0, 4)
// FEWEST:        cbram.block %{{.*}} rows [384, 400) cols [0, 256) pre [768, 784) post [1536, 1600) cells [0, 4)
// FEWEST-NEXT: }
// FEWEST-NOT:  cbram.tile

// column-locality: a column never leaves its tile; its two row bands sit
// side by side, 128 neurons per tile, 13 tiles.
// LOCAL:      cbram.tile 0 {
// LOCAL-NEXT:   cbram.block %{{.*}} rows [0, 512) cols [0, 512) pre [0, 512) post [0, 128) cells [0, 4)
// LOCAL-NEXT:   cbram.block %{{.*}} rows [0, 272) cols [512, 1024) pre [512, 784) post [0, 128) cells [0, 4)
// LOCAL-NEXT: }
// LOCAL:      cbram.tile 12 {
// LOCAL-NEXT:   cbram.block %{{.*}} rows [0, 512) cols [0, 256) pre [0, 512) post [1536, 1600) cells [0, 4)
// LOCAL-NEXT:   cbram.block %{{.*}} rows [0, 272) cols [256, 512) pre [512, 784) post [1536, 1600) cells [0, 4)
// LOCAL-NEXT: }
// LOCAL-NOT:  cbram.tile

// balanced-wear: all 16 tiles, 100 neurons each.
// BALANCED-COUNT-16: cbram.tile
// BALANCED-NOT:      cbram.tile
snn.network @dc1600 attributes {cbram.chip = #cbram.chip<"cbram-512k", num_tiles = 16>} {
  %x = snn.input #snn.poisson<presentation_ms = 350.0> image(28, 28) : !snn.spikes<784>
  %y = snn.population #snn.lif_adaptive<> -> !snn.spikes<1600>
  %w = snn.projection %x -> %y init uniform {w_min = 0.0, w_max = 1.0, init_low = 0.0, init_high = 0.3, bias = false} : !snn.spikes<784> -> !snn.spikes<1600>
  snn.stdp %w ltp nessler_exp ltd constant {window_ms = 20.0, eta_ltp = 0.005, eta_ltd = 0.001} : !snn.synapses<784, 1600>
  snn.train mnist epochs 1
  snn.evaluate max_average_response
}
