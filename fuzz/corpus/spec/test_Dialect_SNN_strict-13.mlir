snn.network @n {
  %x = snn.input #snn.poisson<> crop 4 image(28, 28) : !snn.spikes<4>
}
