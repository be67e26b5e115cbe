snn.network @pin_deferred attributes {
    cbram.chip = #cbram.chip<"cbram-512k", adc_bits = 4, num_tiles = 8, tile_rows = 40, tile_cols = 64>,
    cbram.mapping = #cbram.mapping<cells_per_weight = 6, rounding = nearest,
                                   accumulation = deferred, skip_unchanged = false>} {
  %x = snn.input #snn.poisson<max_rate_hz = 100.0> image(28, 28) crop 60 keep_state : !snn.spikes<60>
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 250.0, homeostasis = adaptive_bias,
                                        homeostasis_rate = 0.1> -> !snn.spikes<25>
  %w = snn.projection %x -> %y : !snn.spikes<60> -> !snn.spikes<25>
  snn.stdp %w ltp nessler_exp ltd constant {eta_ltp = 0.1, eta_ltd = 0.1}
      : !snn.synapses<60, 25>
  snn.train mnist epochs 1 images 150 seed 5
  snn.evaluate max_average_response assign_images 80 test_images 80
}
