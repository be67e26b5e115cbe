// Networks that do not fit the chip: located errors that say what is needed.
// RUN: snn-opt %s --split-input-file --snn-to-cbram --snn-cbram-quantize=cells-per-weight=4 --snn-cbram-place -verify-diagnostics
// RUN: not snn-opt %examples/shi2018.mlir --snn-to-cbram --snn-cbram-quantize=cells-per-weight=4 --snn-cbram-place=max-tiles=1 2>&1 | FileCheck %s --check-prefix=MAX
// RUN: not snn-opt %examples/shi2018.mlir --snn-to-cbram --snn-cbram-quantize=cells-per-weight=4 --snn-cbram-place="objective=balanced-wear max-tiles=1" 2>&1 | FileCheck %s --check-prefix=MAX-BALANCED

// MAX: error: the 398x500 weight matrix (398 rows x 500 neurons x 4 cell(s) per weight) does not fit chip 'cbram-512k': objective fewest_tiles needs at least 2 tiles of 512x1024 cells, the chip has 4 (max-tiles=1)
// MAX-BALANCED: shi2018.mlir:{{[0-9]+}}:{{[0-9]+}}: error: {{.*}}does not fit chip 'cbram-512k': objective balanced_wear needs 2 tiles of 512x1024 cells, the chip has 4 (max-tiles=1)

// The 1600-neuron network on the stock 4-tile chip.
snn.network @dc1600 {
  %x = snn.input #snn.poisson<> image(28, 28) : !snn.spikes<784>
  %y = snn.population #snn.lif_adaptive<> -> !snn.spikes<1600>
  // expected-error @+1 {{the 784x1600 weight matrix (784 rows x 1600 neurons x 4 cell(s) per weight) does not fit chip 'cbram-512k': objective fewest_tiles needs at least 10 tiles of 512x1024 cells, the chip has 4}}
  %w = snn.projection %x -> %y {w_min = 0.0, w_max = 1.0, init_low = 0.0, init_high = 0.3, bias = false} : !snn.spikes<784> -> !snn.spikes<1600>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<784, 1600>
  snn.train mnist epochs 1
}

// -----

// A weight wider than a tile row.
snn.network @narrow attributes {cbram.chip = #cbram.chip<"cbram-512k", tile_cols = 2>} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  // expected-error @+1 {{does not fit chip 'cbram-512k': a weight needs 4 adjacent cells, a tile row has 2}}
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}

// -----

// Ten million neurons fail at once from the cell count alone (the packer
// used to run for minutes only to count the tiles it would need).
snn.network @huge {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10000000>
  // expected-error @+1 {{the 5x10000000 weight matrix (5 rows x 10000000 neurons x 4 cell(s) per weight) does not fit chip 'cbram-512k': objective fewest_tiles needs at least 382 tiles of 512x1024 cells, the chip has 4}}
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<10000000>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 10000000>
  snn.train mnist epochs 1
}
