snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y {w_max = 0x7FF0000000000000 : f64} : !snn.spikes<4> -> !snn.spikes<2>
}
