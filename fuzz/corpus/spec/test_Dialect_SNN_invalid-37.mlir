snn.network @n {
  %x = snn.input #snn.poisson<dt_ms = 2.0> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
  snn.evaluate max_average_response max_rate_hz 600.0
}
