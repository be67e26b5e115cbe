snn.network @n {
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<0>
}
