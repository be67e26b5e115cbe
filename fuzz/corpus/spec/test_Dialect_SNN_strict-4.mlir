snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 {keepstate} : !snn.spikes<4>
}
