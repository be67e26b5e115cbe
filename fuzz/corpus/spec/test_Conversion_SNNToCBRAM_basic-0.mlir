snn.network @tiny {
  %x = snn.input #snn.poisson<max_rate_hz = 32.0> image(28, 28) crop 64 : !snn.spikes<64>
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 100.0> -> !snn.spikes<20>
  %w = snn.projection %x -> %y init uniform {init_low = -0.5, init_high = 0.5} : !snn.spikes<64> -> !snn.spikes<20>
  snn.stdp %w ltp nessler_exp ltd constant {eta_ltp = 0.02, anneal_to = 0.1} : !snn.synapses<64, 20>
  snn.prune #snn.soft_prune<start = 100, ramp = 100, interval = 50, target_fraction = 0.5> on %w : !snn.synapses<64, 20>
  snn.train mnist epochs 2 images 300 seed 5
  snn.evaluate max_total_spikes assign_images 100 test_images 200
}
