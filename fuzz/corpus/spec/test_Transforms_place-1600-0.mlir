snn.network @dc1600 attributes {cbram.chip = #cbram.chip<"cbram-512k", num_tiles = 16>} {
  %x = snn.input #snn.poisson<presentation_ms = 350.0> image(28, 28) : !snn.spikes<784>
  %y = snn.population #snn.lif_adaptive<> -> !snn.spikes<1600>
  %w = snn.projection %x -> %y init uniform {w_min = 0.0, w_max = 1.0, init_low = 0.0, init_high = 0.3, bias = false} : !snn.spikes<784> -> !snn.spikes<1600>
  snn.stdp %w ltp nessler_exp ltd constant {window_ms = 20.0, eta_ltp = 0.005, eta_ltd = 0.001} : !snn.synapses<784, 1600>
  snn.train mnist epochs 1
  snn.evaluate max_average_response
}
