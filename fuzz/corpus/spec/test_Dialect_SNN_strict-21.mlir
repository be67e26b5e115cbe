snn.network @n {
  %x = snn.input #snn.poisson<> image(2048, 1024) crop 4 : !snn.spikes<4>
}
