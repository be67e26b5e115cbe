cbram.program @full device #cbram.device<"pcm", levels = 8, c2c_sigma = 0.2>
                    chip #cbram.chip<"cbram-512k", num_tiles = 2, write_drivers_per_tile = 16> {
  cbram.encoder #snn.poisson<> image(28, 28) mask [0, 1, 2, 3] keep_state
  %w = cbram.weights init uniform [-1.0, 0.5] bias [-0.25, 0.25] range [-1.0, 1.0] : !cbram.matrix<5, 3>
  cbram.neurons 3 #snn.lif_adaptive<> units 3
  cbram.stdp_engine %w ltp constant ltd nessler_exp window_ms 20.0 eta_ltp 0.005 eta_ltd 0.001 ltp_c 2.5 learn_bias false anneal_to 1.0 : !cbram.matrix<5, 3>
  cbram.prune_controller #snn.conventional_prune<start = 10, ramp = 10> on %w : !cbram.matrix<5, 3>
  cbram.train fashion_mnist epochs 2 images 100 seed 7 assignment max_total_spikes assign_images 50 test_images 20 readout_presentation_ms 150.5 readout_max_rate_hz 30.0
  cbram.quantize %w multi_level cells_per_weight 1 levels 4 rounding nearest pruned_level 0 values [-1.0, -0.25, 0.5, 1.0] conductance_us [0.1, 10.0, 20.0, 25.0] : !cbram.matrix<5, 3>
  cbram.tile 0 {
    cbram.block %w rows [0, 5) cols [0, 2) pre [0, 5) post [0, 2) cells [0, 1) : !cbram.matrix<5, 3>
  }
  cbram.tile 1 {
    cbram.block %w rows [10, 13) cols [7, 8) pre [0, 3) post [2, 3) cells [0, 1) : !cbram.matrix<5, 3>
    cbram.block %w rows [13, 15) cols [7, 8) pre [3, 5) post [2, 3) cells [0, 1) : !cbram.matrix<5, 3>
  }
  cbram.write_schedule %w batch 16 order row skip_pruned : !cbram.matrix<5, 3> {
    cbram.tile_writes tile 0 neurons 2 cells 5 batches 1
    cbram.tile_writes tile 1 neurons 1 cells 5 batches 1
  }
}

cbram.program @inline device #cbram.device<name = "my-rram", technology = "HfO2 RRAM", levels = 4,
                                          g_min_us = 1.0, g_max_us = 100.0, read_energy_pj = 0.0,
                                          set_energy_pj = 2.0, reset_energy_pj = 2.5,
                                          verify_energy_pj = 0.05, set_pulse_ns = 50.0,
                                          reset_pulse_ns = 50.0, read_latency_ns = 10.0,
                                          verify = true, nonlinearity = 0.0, c2c_sigma = 0.0,
                                          d2d_sigma = 0.0, endurance_cycles = 1.0e6,
                                          stuck_at_set_rate = 0.0, stuck_at_reset_rate = 0.0,
                                          leakage_pw_per_cell = 0.0, source = "assumption",
                                          read_voltage_v = 0.2,
                                          assumed_fields = "read_voltage_v, set_energy_pj">
                      chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 1>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
}

cbram.program @chip_inline device #cbram.device<"sram">
    chip #cbram.chip<name = "mini", clock_mhz = 50.0, num_tiles = 1, tile_rows = 8, tile_cols = 8,
                     write_drivers_per_tile = 4, neuron_units = 2, neuron_update_cycles = 1,
                     neuron_update_energy_pj = 0.1, spike_route_cycles = 1,
                     spike_route_energy_pj = 0.05, control_cycles = 1, control_energy_pj = 0.5,
                     rng_energy_pj = 0.01, source = "assumption", adc_bits = 4,
                     sense_amp_energy_pj = 0.01, adc_fom_fj = 4.4,
                     row_driver_energy_pj = 0.27, adder_energy_pj = 0.03,
                     write_driver_energy_pj = 0.018, assumed_fields = "clock_mhz"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 1>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
}

snn.network @pick attributes {cbram.device = #cbram.device<"cbram">,
                              cbram.chip = #cbram.chip<"cbram-512k", num_tiles = 8>} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}
