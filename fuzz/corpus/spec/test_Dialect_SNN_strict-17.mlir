snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 0x7FF0000000000000> -> !snn.spikes<2>
}
