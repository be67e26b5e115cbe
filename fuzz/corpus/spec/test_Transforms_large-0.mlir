snn.network @large attributes {
    cbram.chip = #cbram.chip<"cbram-512k", num_tiles = 65536, tile_rows = 8,
                             tile_cols = 8, write_drivers_per_tile = 8>,
    cbram.mapping = #cbram.mapping<encoding = digital, cells_per_weight = 1>} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 1 : !snn.spikes<1>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<1000000>
  %w = snn.projection %x -> %y : !snn.spikes<1> -> !snn.spikes<1000000>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<1, 1000000>
  snn.train mnist epochs 1
}
