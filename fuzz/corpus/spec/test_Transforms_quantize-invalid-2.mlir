snn.network @sram attributes {cbram.device = #cbram.device<"sram">} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 8 : !snn.spikes<8>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<4>
  %w = snn.projection %x -> %y : !snn.spikes<8> -> !snn.spikes<4>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<8, 4>
  snn.train mnist epochs 1
}
