snn.network @resource {
  %x = snn.input #snn.poisson<> image(1, 1) : !snn.spikes<1>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<1>
  %w = snn.projection %x -> %y init dense {initial_weights = dense_resource<w0> : tensor<2x1xf32>} : !snn.spikes<1> -> !snn.spikes<1>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<1, 1>
  snn.train mnist epochs 1
}
{-#
  dialect_resources: {
    builtin: {
      w0: "0x040000000000003F000080BE"
    }
  }
#-}
