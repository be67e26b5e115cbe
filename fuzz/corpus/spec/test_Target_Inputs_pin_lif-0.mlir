snn.network @pin_lif attributes {
    cbram.device = #cbram.device<"pcm", levels = 8>,
    cbram.mapping = #cbram.mapping<encoding = multi_level, skip_pruned = false>} {
  %x = snn.input #snn.poisson<max_rate_hz = 63.75, presentation_ms = 150.0>
      image(28, 28) crop 100 : !snn.spikes<100>
  %y = snn.population #snn.lif_adaptive<v_thresh_mv = -60.0, theta_plus_mv = 0.5,
                                        tau_theta_ms = 100000.0, input_gain_mv = 3.0>
      -> !snn.spikes<30>
  %w = snn.projection %x -> %y init uniform {w_min = 0.0, w_max = 1.0, init_low = 0.0,
                                             init_high = 0.3, bias = false}
      : !snn.spikes<100> -> !snn.spikes<30>
  snn.stdp %w ltp nessler_exp ltd constant {window_ms = 20.0, eta_ltp = 0.02, eta_ltd = 0.004}
      : !snn.synapses<100, 30>
  snn.prune #snn.soft_prune<start = 20, ramp = 40, interval = 10, target_fraction = 0.3, value = 0.0>
      on %w : !snn.synapses<100, 30>
  snn.train mnist epochs 1 images 80 seed 2
  snn.evaluate max_average_response assign_images 50 test_images 50
}
