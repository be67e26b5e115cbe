snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
}
