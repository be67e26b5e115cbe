snn.network @all_fields {
  %x = snn.input #snn.poisson<max_rate_hz = 20.0, dt_ms = 0.5, presentation_ms = 350.0, window_ms = 20.0>
      image(32, 16) mask [0, 5, 511] keep_state : !snn.spikes<3>
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 300.0, homeostasis = rate_scaled_updates, homeostasis_rate = 0.5> -> !snn.spikes<7>
  %w = snn.projection %x -> %y init constant {w_min = 0.0, w_max = 2.0, init_low = 0.25, bias = false} : !snn.spikes<3> -> !snn.spikes<7>
  snn.stdp %w ltp constant ltd nessler_exp {window_ms = 25.0, eta_ltp = 0.003, eta_ltd = 0.002, ltp_c = 1.5, learn_bias = false, anneal_to = 0.25} : !snn.synapses<3, 7>
  snn.prune #snn.conventional_prune<trigger = adaptive, criterion = lowest_magnitude, start = 5, ramp = 10, interval = 20, target_fraction = 0.2, tolerance = 0.1, maturity = 3> on %w : !snn.synapses<3, 7>
  snn.train fashion_mnist epochs 4 images 1000 seed 42
  snn.evaluate max_total_spikes assign_images 500 test_images 200 presentation_ms 350.5 max_rate_hz 40.0 total_rate_hz 500.0
}

snn.network @defaults {
  %x = snn.input #snn.poisson<max_rate_hz = 63.75, dt_ms = 1.0> image(28, 28) crop 10 : !snn.spikes<10>
  %y = snn.population #snn.lif_adaptive<v_rest_mv = -65.0> -> !snn.spikes<2>
  %w = snn.projection %x -> %y init uniform {w_min = -1.0} : !snn.spikes<10> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant {window_ms = 10.0} : !snn.synapses<10, 2>
  snn.prune #snn.soft_prune<target_fraction = 0.75, value = -1.0> on %w : !snn.synapses<10, 2>
  snn.train mnist epochs 1 images 0 seed 1
  snn.evaluate max_average_response
}

snn.network @any_order {
  snn.train mnist epochs 2
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<784, 3>
  %w = snn.projection %x -> %y : !snn.spikes<784> -> !snn.spikes<3>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<3>
  %x = snn.input #snn.poisson<> image(28, 28) : !snn.spikes<784>
}
