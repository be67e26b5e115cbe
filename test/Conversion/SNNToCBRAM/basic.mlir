// snn-to-cbram moves every network component to the chip unit that runs it
// and picks the hardware: options > network attributes > defaults.
// RUN: snn-opt %s --split-input-file --snn-to-cbram | FileCheck %s
// RUN: snn-opt %s --split-input-file --snn-to-cbram="snn-device=pcm snn-chip=cbram-512k" | FileCheck %s --check-prefix=OVERRIDE
// RUN: snn-opt %s --split-input-file --snn-to-cbram="cells-per-weight=2 skip-pruned=false rotation-period=500" | FileCheck %s --check-prefix=MAPOPT
// RUN: snn-opt %examples/diehl-cook-400.mlir --snn-to-cbram | FileCheck %s --check-prefix=LIF

// CHECK-LABEL: cbram.program @tiny device #cbram.device<"subquantum-cbram"> chip #cbram.chip<"cbram-512k">
// CHECK-SAME:    attributes {spec_digest = "{{[0-9a-f]+}}"} {
// CHECK-NEXT:    cbram.encoder #snn.poisson<max_rate_hz = 32.0> image(28, 28) crop 64
// CHECK-NEXT:    %[[W:.*]] = cbram.weights init uniform [-0.5, 0.5] bias [-1.0, 1.0] range [-1.0, 1.0] : !cbram.matrix<65, 20>
// CHECK-NEXT:    cbram.neurons 20 #snn.bayesian_wta<total_rate_hz = 100.0> units 20
// CHECK-NEXT:    cbram.stdp_engine %[[W]] ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.02 eta_ltd 0.01 ltp_c 2.718281828459045 learn_bias true anneal_to 0.1 : !cbram.matrix<65, 20>
// CHECK-NEXT:    cbram.prune_controller #snn.soft_prune<start = 100, ramp = 100, interval = 50, target_fraction = 0.5> on %[[W]] : !cbram.matrix<65, 20>
// CHECK-NEXT:    cbram.train mnist epochs 2 images 300 seed 5 assignment max_total_spikes assign_images 100 test_images 200
// CHECK-NEXT:  }
// CHECK-NOT:   snn.
// An option that changes the spec's hardware is recorded as an override; one
// that repeats the spec is not.
// OVERRIDE-LABEL: cbram.program @tiny device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k">
// OVERRIDE-SAME:    overrides [#cbram.override<"snn-device", "subquantum-cbram", "pcm">] attributes
snn.network @tiny {
  %x = snn.input #snn.poisson<max_rate_hz = 32.0> image(28, 28) crop 64 : !snn.spikes<64>
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 100.0> -> !snn.spikes<20>
  %w = snn.projection %x -> %y init uniform {init_low = -0.5, init_high = 0.5} : !snn.spikes<64> -> !snn.spikes<20>
  snn.stdp %w ltp nessler_exp ltd constant {eta_ltp = 0.02, anneal_to = 0.1} : !snn.synapses<64, 20>
  snn.prune #snn.soft_prune<start = 100, ramp = 100, interval = 50, target_fraction = 0.5> on %w : !snn.synapses<64, 20>
  snn.train mnist epochs 2 images 300 seed 5
  snn.evaluate max_total_spikes assign_images 100 test_images 200
}

// -----

// The network picks its hardware; neuron units are capped by the chip; no
// bias row; no evaluate: the defaults apply; no prune: no controller.
// CHECK-LABEL: cbram.program @picked device #cbram.device<"cbram"> chip #cbram.chip<"cbram-512k", neuron_units = 8>
// CHECK-SAME:    attributes {spec_digest = "{{[0-9a-f]+}}"} {
// CHECK-NEXT:    cbram.encoder #snn.poisson<> image(28, 28) mask [10, 20, 30]
// CHECK-NEXT:    cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<3, 40>
// CHECK-NEXT:    cbram.neurons 40 #snn.bayesian_wta<> units 8
// CHECK-NEXT:    cbram.stdp_engine
// CHECK-NEXT:    cbram.train fashion_mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
// CHECK-NEXT:  }
// OVERRIDE-LABEL: cbram.program @picked device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k">
// OVERRIDE-SAME:    overrides [#cbram.override<"snn-device", "cbram", "pcm">] attributes
snn.network @picked attributes {cbram.device = #cbram.device<"cbram">,
                                cbram.chip = #cbram.chip<"cbram-512k", neuron_units = 8>} {
  %x = snn.input #snn.poisson<> image(28, 28) mask [10, 20, 30] : !snn.spikes<3>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<40>
  %w = snn.projection %x -> %y init constant {w_min = 0.0, w_max = 1.0, init_low = 0.0, init_high = 0.0, bias = false} : !snn.spikes<3> -> !snn.spikes<40>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<3, 40>
  snn.train fashion_mnist epochs 1
}

// -----

// The target, mapping included, is part of the spec; options override single
// fields and each override is recorded with the spec's value.
// CHECK-LABEL: cbram.program @mapped
// CHECK-SAME:    mapping #cbram.mapping<encoding = digital, cells_per_weight = 8, order = wear_leveling, rotation_period = 500>
// CHECK-NOT:     overrides
// OVERRIDE-LABEL: cbram.program @mapped
// OVERRIDE-SAME:    mapping #cbram.mapping<encoding = digital, cells_per_weight = 8, order = wear_leveling, rotation_period = 500>
// MAPOPT-LABEL: cbram.program @mapped
// MAPOPT-SAME:    mapping #cbram.mapping<encoding = digital, cells_per_weight = 2, order = wear_leveling, rotation_period = 500, skip_pruned = false>
// MAPOPT-SAME:    overrides [#cbram.override<"cells-per-weight", "8", "2">, #cbram.override<"skip-pruned", "true", "false">]
snn.network @mapped attributes {
    cbram.mapping = #cbram.mapping<encoding = digital, cells_per_weight = 8,
                                   order = wear_leveling, rotation_period = 500>} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}

// LIF-LABEL: cbram.program @diehl_cook_400
// LIF:         cbram.encoder #snn.poisson<presentation_ms = 350.0> image(28, 28)
// LIF-NEXT:    cbram.weights init uniform [0.0, 0.3] range [0.0, 1.0] : !cbram.matrix<784, 400>
// LIF-NEXT:    cbram.neurons 400 #snn.lif_adaptive<> units 32
// LIF-NEXT:    cbram.stdp_engine %{{.*}} ltp nessler_exp ltd constant window_ms 20.0 eta_ltp 0.005 eta_ltd 0.001
