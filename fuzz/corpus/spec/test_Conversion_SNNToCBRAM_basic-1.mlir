snn.network @picked attributes {cbram.device = #cbram.device<"cbram">,
                                cbram.chip = #cbram.chip<"cbram-512k", neuron_units = 8>} {
  %x = snn.input #snn.poisson<> image(28, 28) mask [10, 20, 30] : !snn.spikes<3>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<40>
  %w = snn.projection %x -> %y init constant {w_min = 0.0, w_max = 1.0, init_low = 0.0, init_high = 0.0, bias = false} : !snn.spikes<3> -> !snn.spikes<40>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<3, 40>
  snn.train fashion_mnist epochs 1
}
