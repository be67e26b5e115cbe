snn.network @pin_recompute attributes {
    cbram.mapping = #cbram.mapping<cells_per_weight = 3, accumulation = recompute>} {
  %x = snn.input #snn.poisson<window_ms = 15.0> image(28, 28) crop 50 keep_state : !snn.spikes<50>
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 300.0> -> !snn.spikes<30>
  %w = snn.projection %x -> %y {bias = false} : !snn.spikes<50> -> !snn.spikes<30>
  snn.stdp %w ltp nessler_exp ltd constant {eta_ltp = 0.05, eta_ltd = 0.05}
      : !snn.synapses<50, 30>
  snn.prune #snn.soft_prune<trigger = adaptive, start = 20, interval = 10, target_fraction = 0.3>
      on %w : !snn.synapses<50, 30>
  snn.train mnist epochs 1 images 150 seed 11
  snn.evaluate max_average_response assign_images 80 test_images 80
}
