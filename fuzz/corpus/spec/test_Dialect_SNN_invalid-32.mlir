snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<homeostasis = sometimes> -> !snn.spikes<10>
}
