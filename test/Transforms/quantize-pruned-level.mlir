// The soft-pruned constant maps to its level; off the lowest-energy state
// (or off the level grid) the pass says so.
// RUN: snn-opt %s --split-input-file --snn-to-cbram --snn-cbram-quantize="cells-per-weight=2" -verify-diagnostics | FileCheck %s

// value = 1/3 is level 2 of [-1, 1] in 4 levels: not the lowest-energy state.
// CHECK: cbram.quantize %{{.*}} digital cells_per_weight 2 levels 4 rounding stochastic pruned_level 2
snn.network @mid {
  %x = snn.input #snn.poisson<> image(28, 28) crop 8 : !snn.spikes<8>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<4>
  %w = snn.projection %x -> %y : !snn.spikes<8> -> !snn.spikes<4>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<8, 4>
  // expected-warning @+1 {{soft-pruned value 0.3333333333333333 maps to level 2, not the lowest-energy state (level 0 = -1); pruned cells will draw more read current}}
  snn.prune #snn.soft_prune<value = 0.3333333333333333> on %w : !snn.synapses<8, 4>
  snn.train mnist epochs 1
}

// -----

// value = -0.9 is no level: it is stored as the nearest one, level 0.
// CHECK: cbram.quantize %{{.*}} digital cells_per_weight 2 levels 4 rounding stochastic pruned_level 0
snn.network @off_grid {
  %x = snn.input #snn.poisson<> image(28, 28) crop 8 : !snn.spikes<8>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<4>
  %w = snn.projection %x -> %y : !snn.spikes<8> -> !snn.spikes<4>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<8, 4>
  // expected-warning @+1 {{soft-pruned value -0.9 is not a weight level; pruned weights hold level 0 (-1)}}
  snn.prune #snn.soft_prune<value = -0.9> on %w : !snn.synapses<8, 4>
  snn.train mnist epochs 1
}
