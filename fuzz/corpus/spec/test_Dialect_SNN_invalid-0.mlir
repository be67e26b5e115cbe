snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 900 : !snn.spikes<900>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<900> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<900, 10>
  snn.train mnist epochs 1
}
