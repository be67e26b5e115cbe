snn.network @too_many attributes {cbram.device = #cbram.device<"pcm", levels = 8>} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 8 : !snn.spikes<8>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<4>
  %w = snn.projection %x -> %y {w_min = 0.0, w_max = 1.0, init_low = 0.0, init_high = 1.0, bias = false} : !snn.spikes<8> -> !snn.spikes<4>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<8, 4>
  snn.train mnist epochs 1
}
