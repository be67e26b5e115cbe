snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) mask [3, 3] : !snn.spikes<2>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<2> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<2, 10>
  snn.train mnist epochs 1
}
