snn.network @readout {
  %x = snn.input #snn.poisson<> image(28, 28) crop 64 : !snn.spikes<64>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<20>
  %w = snn.projection %x -> %y : !snn.spikes<64> -> !snn.spikes<20>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<64, 20>
  snn.train mnist epochs 1 images 20
  snn.evaluate max_average_response presentation_ms 250.0 total_rate_hz 400.0
}
