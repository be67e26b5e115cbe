snn.network @n {
  %x = snn.input #snn.poisson<max_rate = 10.0> image(28, 28) crop 4 : !snn.spikes<4>
}
