// A Diehl & Cook (2015)-style network: 784 Poisson inputs, 400 leaky
// integrate-and-fire neurons with adaptive thresholds and lateral inhibition,
// trained by STDP without labels. Commonly cited accuracy for 400 neurons:
// about 87%.
//
// Differences from the original are deliberate and keep it on the same
// runtime: the synapses live in [0, 1] on a CBRAM array, the STDP rule is the
// project's Nessler-style rule, and there is no bias row.
snn.network @diehl_cook_400 {
  %pixels = snn.input #snn.poisson<max_rate_hz = 63.75, dt_ms = 1.0,
                                   presentation_ms = 350.0, window_ms = 10.0>
      image(28, 28) : !snn.spikes<784>

  %exc = snn.population #snn.lif_adaptive<v_rest_mv = -65.0, v_reset_mv = -65.0,
                                          v_thresh_mv = -52.0,
                                          tau_membrane_ms = 100.0,
                                          refractory_ms = 5.0,
                                          theta_plus_mv = 0.05,
                                          tau_theta_ms = 10000000.0,
                                          inhibition_mv = 17.0,
                                          input_gain_mv = 1.0>
      -> !snn.spikes<400>

  %w = snn.projection %pixels -> %exc init uniform {
         w_min = 0.0, w_max = 1.0, init_low = 0.0, init_high = 0.3,
         bias = false}
      : !snn.spikes<784> -> !snn.spikes<400>

  snn.stdp %w ltp nessler_exp ltd constant {
      window_ms = 20.0, eta_ltp = 0.005, eta_ltd = 0.001}
      : !snn.synapses<784, 400>

  snn.train mnist epochs 1 seed 1
  snn.evaluate max_average_response
}
