// RUN: snn-opt %s | snn-opt | FileCheck %s
// RUN: snn-opt %s --mlir-print-op-generic | snn-opt | FileCheck %s
// RUN: snn-opt %s > %t.1.mlir && snn-opt %t.1.mlir > %t.2.mlir && diff %t.1.mlir %t.2.mlir
//
// Every op and attribute, with non-default values everywhere so that a lost
// or defaulted field shows up as a mismatch.

// CHECK-LABEL: snn.network @all_fields
snn.network @all_fields {
  // CHECK: %[[X:.+]] = snn.input #snn.poisson<max_rate_hz = 20.0, dt_ms = 0.5, presentation_ms = 350.0, window_ms = 20.0> image(32, 16) mask [0, 5, 511] keep_state : !snn.spikes<3>
  %x = snn.input #snn.poisson<max_rate_hz = 20.0, dt_ms = 0.5, presentation_ms = 350.0, window_ms = 20.0>
      image(32, 16) mask [0, 5, 511] keep_state : !snn.spikes<3>
  // CHECK: %[[Y:.+]] = snn.population #snn.bayesian_wta<total_rate_hz = 300.0, homeostasis = rate_scaled_updates, homeostasis_rate = 0.5> -> !snn.spikes<7>
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 300.0, homeostasis = rate_scaled_updates, homeostasis_rate = 0.5> -> !snn.spikes<7>
  // CHECK: %[[W:.+]] = snn.projection %[[X]] -> %[[Y]] init constant {bias = false, init_low = 2.500000e-01 : f64, w_max = 2.000000e+00 : f64, w_min = 0.000000e+00 : f64} : !snn.spikes<3> -> !snn.spikes<7>
  %w = snn.projection %x -> %y init constant {w_min = 0.0, w_max = 2.0, init_low = 0.25, bias = false} : !snn.spikes<3> -> !snn.spikes<7>
  // CHECK: snn.stdp %[[W]] ltp constant ltd nessler_exp {anneal_to = 2.500000e-01 : f64, eta_ltd = 2.000000e-03 : f64, eta_ltp = 3.000000e-03 : f64, learn_bias = false, ltp_c = 1.500000e+00 : f64, window_ms = 2.500000e+01 : f64} : !snn.synapses<3, 7>
  snn.stdp %w ltp constant ltd nessler_exp {window_ms = 25.0, eta_ltp = 0.003, eta_ltd = 0.002, ltp_c = 1.5, learn_bias = false, anneal_to = 0.25} : !snn.synapses<3, 7>
  // CHECK: snn.prune #snn.conventional_prune<trigger = adaptive, criterion = lowest_magnitude, start = 5, ramp = 10, interval = 20, target_fraction = 0.2, tolerance = 0.1, maturity = 3> on %[[W]] : !snn.synapses<3, 7>
  snn.prune #snn.conventional_prune<trigger = adaptive, criterion = lowest_magnitude, start = 5, ramp = 10, interval = 20, target_fraction = 0.2, tolerance = 0.1, maturity = 3> on %w : !snn.synapses<3, 7>
  // CHECK: snn.train fashion_mnist epochs 4 images 1000 seed 42
  snn.train fashion_mnist epochs 4 images 1000 seed 42
  // CHECK: snn.evaluate max_total_spikes assign_images 500 test_images 200 presentation_ms 350.5 max_rate_hz 40.0 total_rate_hz 500.0{{$}}
  snn.evaluate max_total_spikes assign_images 500 test_images 200 presentation_ms 350.5 max_rate_hz 40.0 total_rate_hz 500.0
}

// Defaults are left out when printing.
// CHECK-LABEL: snn.network @defaults
snn.network @defaults {
  // CHECK: snn.input #snn.poisson<> image(28, 28) crop 10 : !snn.spikes<10>
  %x = snn.input #snn.poisson<max_rate_hz = 63.75, dt_ms = 1.0> image(28, 28) crop 10 : !snn.spikes<10>
  // CHECK: snn.population #snn.lif_adaptive<> -> !snn.spikes<2>
  %y = snn.population #snn.lif_adaptive<v_rest_mv = -65.0> -> !snn.spikes<2>
  // CHECK: snn.projection %{{.+}} -> %{{.+}} : !snn.spikes<10> -> !snn.spikes<2>
  %w = snn.projection %x -> %y init uniform {w_min = -1.0} : !snn.spikes<10> -> !snn.spikes<2>
  // CHECK: snn.stdp %{{.+}} ltp nessler_exp ltd constant : !snn.synapses<10, 2>
  snn.stdp %w ltp nessler_exp ltd constant {window_ms = 10.0} : !snn.synapses<10, 2>
  // CHECK: snn.prune #snn.soft_prune<> on
  snn.prune #snn.soft_prune<target_fraction = 0.75, value = -1.0> on %w : !snn.synapses<10, 2>
  // CHECK: snn.train mnist epochs 1{{$}}
  snn.train mnist epochs 1 images 0 seed 1
  // CHECK: snn.evaluate max_average_response{{$}}
  snn.evaluate max_average_response
}

// Graph region: ops may come in any order.
// CHECK-LABEL: snn.network @any_order
snn.network @any_order {
  // CHECK: snn.train mnist epochs 2
  snn.train mnist epochs 2
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<784, 3>
  %w = snn.projection %x -> %y : !snn.spikes<784> -> !snn.spikes<3>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<3>
  // CHECK: snn.input #snn.poisson<> image(28, 28) : !snn.spikes<784>
  %x = snn.input #snn.poisson<> image(28, 28) : !snn.spikes<784>
}
