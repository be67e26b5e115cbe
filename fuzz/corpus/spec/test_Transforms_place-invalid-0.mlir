snn.network @dc1600 {
  %x = snn.input #snn.poisson<> image(28, 28) : !snn.spikes<784>
  %y = snn.population #snn.lif_adaptive<> -> !snn.spikes<1600>
  %w = snn.projection %x -> %y {w_min = 0.0, w_max = 1.0, init_low = 0.0, init_high = 0.3, bias = false} : !snn.spikes<784> -> !snn.spikes<1600>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<784, 1600>
  snn.train mnist epochs 1
}
