snn.network @shi2018 attributes {
    cbram.device = #cbram.device<"subquantum-cbram">,
    cbram.chip = #cbram.chip<"cbram-512k">,
    cbram.mapping = #cbram.mapping<encoding = auto, cells_per_weight = 8,
                                   rounding = stochastic, objective = fewest_tiles,
                                   order = row, skip_unchanged = true,
                                   skip_pruned = true>} {
  %pixels = snn.input #snn.poisson<max_rate_hz = 127.5, dt_ms = 1.0,
                                   presentation_ms = 100.0, window_ms = 10.0>
      image(28, 28) crop 397 : !snn.spikes<397>

  %out = snn.population #snn.bayesian_wta<total_rate_hz = 200.0,
                                          homeostasis = adaptive_bias,
                                          homeostasis_rate = 0.05>
      -> !snn.spikes<500>

  %w = snn.projection %pixels -> %out init uniform {
         w_min = -1.0, w_max = 1.0, init_low = -1.0, init_high = 1.0,
         bias = true, bias_low = -1.0, bias_high = 1.0}
      : !snn.spikes<397> -> !snn.spikes<500>

  snn.stdp %w ltp nessler_exp ltd constant {
      window_ms = 10.0, eta_ltp = 0.005, eta_ltd = 0.005, ltp_c = 4.0,
      anneal_to = 0.1}
      : !snn.synapses<397, 500>

  snn.prune #snn.soft_prune<trigger = neuron_spikes, criterion = lowest_weight,
                            start = 1000, ramp = 60000, interval = 1000,
                            target_fraction = 0.75, value = -1.0>
      on %w : !snn.synapses<397, 500>

  snn.train mnist epochs 3 seed 1
  snn.evaluate max_average_response
}
