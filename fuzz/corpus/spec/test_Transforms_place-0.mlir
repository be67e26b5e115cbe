snn.network @shelves {
  %x = snn.input #snn.poisson<> image(28, 28) crop 100 : !snn.spikes<100>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<600>
  %w = snn.projection %x -> %y : !snn.spikes<100> -> !snn.spikes<600>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<100, 600>
  snn.train mnist epochs 1
}
