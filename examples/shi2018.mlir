// Shi et al., Nature Communications 9, 5312 (2018): unsupervised learning and
// soft-pruning on subquantum CBRAM arrays.
//
// [paper] MNIST cropped to 397 pixels plus a bias; 500 Bayesian winner-take-all
// outputs; STDP with a 10 ms window (LTP exponential in the current weight,
// LTD constant); weights in [-1, 1]; 75% of the weights soft-pruned during
// training; 3 epochs over the 60,000 training images.
// Everything else is the reconstruction of ../shared/design/MODEL.md and is
// spelled out here even where it equals the default, so the spec documents
// the experiment on its own.
snn.network @shi2018 {
  // 397 highest-mean-intensity pixels, Poisson rate coded, 100 ms per image.
  %pixels = snn.input #snn.poisson<max_rate_hz = 63.75, dt_ms = 1.0,
                                   presentation_ms = 100.0, window_ms = 10.0>
      image(28, 28) crop 397 : !snn.spikes<397>

  // The layer fires at 200 Hz in total; softmax(u) picks the winner.
  %out = snn.population #snn.bayesian_wta<total_rate_hz = 200.0>
      -> !snn.spikes<500>

  %w = snn.projection %pixels -> %out init uniform {
         w_min = -1.0, w_max = 1.0, init_low = -1.0, init_high = 1.0,
         bias = true, bias_low = -1.0, bias_high = 1.0}
      : !snn.spikes<397> -> !snn.spikes<500>

  // Nessler et al. 2013: LTP dw = eta (c e^-w - 1), LTD dw = -eta.
  snn.stdp %w ltp nessler_exp ltd constant {
      window_ms = 10.0, eta_ltp = 0.01, eta_ltd = 0.01}
      : !snn.synapses<397, 500>

  // Soft-pruning: from 1/3 of the first epoch, ramp to 75% of each neuron's
  // weights over the next epoch; pruned weights hold w_min (a low-energy
  // state) and are never written again.
  snn.prune #snn.soft_prune<trigger = images, criterion = lowest_weight,
                            start = 20000, ramp = 60000, interval = 1000,
                            target_fraction = 0.75, value = -1.0>
      on %w : !snn.synapses<397, 500>

  snn.train mnist epochs 3 seed 1
  snn.evaluate max_average_response
}
