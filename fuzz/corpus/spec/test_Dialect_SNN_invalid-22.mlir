snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
  snn.prune #snn.soft_prune<maturity = 256> on %w : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}
