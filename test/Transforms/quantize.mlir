// snn-cbram-quantize: weight levels, their storage in device states, the
// rounding mode, and the level of soft-pruned weights.
// RUN: snn-opt %s --snn-to-cbram --snn-cbram-quantize | FileCheck %s --check-prefix=DEFAULT
// RUN: snn-opt %s --snn-to-cbram --snn-cbram-quantize="cells-per-weight=2 rounding=nearest" | FileCheck %s --check-prefix=BITS2
// RUN: snn-opt %s --snn-to-cbram="snn-device=pcm" --snn-cbram-quantize | FileCheck %s --check-prefix=PCM
// RUN: snn-opt %s --snn-to-cbram="snn-device=pcm" --snn-cbram-quantize="levels=4" | FileCheck %s --check-prefix=PCM4
// RUN: snn-opt %s --snn-to-cbram="snn-device=pcm" --snn-cbram-quantize="encoding=digital cells-per-weight=3" | FileCheck %s --check-prefix=PCMDIGITAL
// RUN: snn-opt %s --snn-to-cbram --snn-cbram-quantize="cells-per-weight=3 levels=5" | FileCheck %s --check-prefix=LEVELS5

// Binary subquantum CBRAM: 4-bit words over binary cells, 16 levels over
// [-1, 1]; the soft-pruned constant -1 is level 0 (all cells reset: the
// lowest-energy state).
// DEFAULT: cbram.quantize %{{.*}} digital cells_per_weight 4 levels 16 rounding stochastic pruned_level 0 values [-1.0, -0.866666666666667, -0.733333333333333, -0.6, -0.466666666666667, -0.333333333333333, -0.2, -0.0666666666666667, 0.0666666666666667, 0.2, 0.333333333333333, 0.466666666666667, 0.6, 0.733333333333333, 0.866666666666667, 1.0] conductance_us [0.5, 50.0] : !cbram.matrix<9, 4>

// Pass options override the program's mapping, and say so on the program.
// BITS2: cbram.program @q {{.*}} mapping #cbram.mapping<cells_per_weight = 2, rounding = nearest> overrides [#cbram.override<"cells-per-weight", "4", "2">, #cbram.override<"rounding", "stochastic", "nearest">]

// BITS2: cbram.quantize %{{.*}} digital cells_per_weight 2 levels 4 rounding nearest pruned_level 0 values [-1.0, -0.333333333333333, 0.333333333333333, 1.0] conductance_us [0.5, 50.0] : !cbram.matrix<9, 4>

// PCM has 16 states per cell: one multi-level cell per weight, level k in
// state k, from g_min (level 0, least read current) to g_max.
// PCM: cbram.quantize %{{.*}} multi_level cells_per_weight 1 levels 16 rounding stochastic pruned_level 0 values [-1.0, {{.*}}, 1.0] conductance_us [0.1, 1.76, 3.42, 5.08, 6.74, 8.4, 10.06, 11.72, 13.38, 15.04, 16.7, 18.36, 20.02, 21.68, 23.34, 25.0]

// Four levels on a 16-state cell use every fifth state.
// PCM4: cbram.quantize %{{.*}} multi_level cells_per_weight 1 levels 4 rounding stochastic pruned_level 0 values [-1.0, -0.333333333333333, 0.333333333333333, 1.0] conductance_us [0.1, 8.4, 16.7, 25.0]

// PCMDIGITAL: cbram.quantize %{{.*}} digital cells_per_weight 3 levels 8 rounding stochastic pruned_level 0 values [-1.0, -0.714285714285714, -0.428571428571429, -0.142857142857143, 0.142857142857143, 0.428571428571429, 0.714285714285714, 1.0] conductance_us [0.1, 25.0]

// LEVELS5: cbram.quantize %{{.*}} digital cells_per_weight 3 levels 5 rounding stochastic pruned_level 0 values [-1.0, -0.5, 0.0, 0.5, 1.0] conductance_us [0.5, 50.0]
snn.network @q {
  %x = snn.input #snn.poisson<> image(28, 28) crop 8 : !snn.spikes<8>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<4>
  %w = snn.projection %x -> %y : !snn.spikes<8> -> !snn.spikes<4>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<8, 4>
  snn.prune #snn.soft_prune<target_fraction = 0.75, value = -1.0> on %w : !snn.synapses<8, 4>
  snn.train mnist epochs 1
}
