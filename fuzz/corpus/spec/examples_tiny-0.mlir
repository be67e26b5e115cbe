snn.network @tiny {
  %x = snn.input #snn.poisson<> image(28, 28) crop 64 : !snn.spikes<64>
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 200.0> -> !snn.spikes<20>
  %w = snn.projection %x -> %y : !snn.spikes<64> -> !snn.spikes<20>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<64, 20>
  snn.prune #snn.soft_prune<start = 100, ramp = 100, interval = 50, target_fraction = 0.5> on %w : !snn.synapses<64, 20>
  snn.train mnist epochs 1 images 300
  snn.evaluate max_average_response test_images 200
}
