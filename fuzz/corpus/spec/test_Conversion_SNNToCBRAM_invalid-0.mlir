snn.network @two_layers {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %h = snn.population #snn.bayesian_wta<> -> !snn.spikes<3>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w1 = snn.projection %x -> %h : !snn.spikes<4> -> !snn.spikes<3>
  %w2 = snn.projection %h -> %y : !snn.spikes<3> -> !snn.spikes<2>
  snn.stdp %w1 ltp nessler_exp ltd constant : !snn.synapses<4, 3>
  snn.train mnist epochs 1
}
