snn.network @n {
  %x = snn.input #snn.poisson<> image(2, 1) : !snn.spikes<2>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y init dense {initial_weights = dense<0.0> : tensor<2x2xf32>} : !snn.spikes<2> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<2, 2>
  snn.train mnist epochs 1
}
