snn.network @mid {
  %x = snn.input #snn.poisson<> image(28, 28) crop 8 : !snn.spikes<8>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<4>
  %w = snn.projection %x -> %y : !snn.spikes<8> -> !snn.spikes<4>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<8, 4>
  snn.prune #snn.soft_prune<value = 0.3333333333333333> on %w : !snn.synapses<8, 4>
  snn.train mnist epochs 1
}
