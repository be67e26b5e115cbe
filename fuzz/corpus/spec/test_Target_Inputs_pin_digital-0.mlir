snn.network @pin_digital attributes {
    cbram.device = #cbram.device<"subquantum-cbram", stuck_at_set_rate = 0.01,
                                 stuck_at_reset_rate = 0.01, endurance_cycles = 30.0,
                                 verify = true>,
    cbram.chip = #cbram.chip<"cbram-512k", num_tiles = 32, tile_rows = 24, tile_cols = 48>,
    cbram.mapping = #cbram.mapping<encoding = digital, cells_per_weight = 5, batch_size = 4,
                                   order = wear_leveling, rotation_period = 15>} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 64 : !snn.spikes<64>
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 200.0, homeostasis = adaptive_bias,
                                        homeostasis_rate = 0.05> -> !snn.spikes<40>
  %w = snn.projection %x -> %y : !snn.spikes<64> -> !snn.spikes<40>
  snn.stdp %w ltp nessler_exp ltd constant {eta_ltp = 0.05, eta_ltd = 0.03, anneal_to = 0.5}
      : !snn.synapses<64, 40>
  snn.prune #snn.conventional_prune<trigger = neuron_spikes, start = 5, ramp = 100, interval = 20,
                                    target_fraction = 0.4>
      on %w : !snn.synapses<64, 40>
  snn.train mnist epochs 2 images 100 seed 3
  snn.evaluate max_total_spikes assign_images 100 test_images 100
}
