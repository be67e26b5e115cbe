snn.network @pin_multilevel attributes {
    cbram.device = #cbram.device<"pcm", levels = 16, nonlinearity = 0.3, c2c_sigma = 0.2,
                                 d2d_sigma = 0.1, stuck_at_set_rate = 0.02,
                                 stuck_at_reset_rate = 0.02, endurance_cycles = 60.0>,
    cbram.chip = #cbram.chip<"cbram-512k", num_tiles = 16, tile_rows = 32, tile_cols = 16>,
    cbram.mapping = #cbram.mapping<encoding = multi_level>} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 64 : !snn.spikes<64>
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 200.0, homeostasis = rate_scaled_updates,
                                        homeostasis_rate = 0.5> -> !snn.spikes<40>
  %w = snn.projection %x -> %y : !snn.spikes<64> -> !snn.spikes<40>
  snn.stdp %w ltp nessler_exp ltd nessler_exp {eta_ltp = 0.05, eta_ltd = 0.02}
      : !snn.synapses<64, 40>
  snn.prune #snn.soft_prune<start = 50, ramp = 100, interval = 25, target_fraction = 0.5>
      on %w : !snn.synapses<64, 40>
  snn.train mnist epochs 1 images 200 seed 7
  snn.evaluate max_average_response assign_images 100 test_images 100
}
