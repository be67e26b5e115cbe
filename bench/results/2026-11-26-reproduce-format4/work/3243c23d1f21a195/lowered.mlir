module {
  cbram.program @shi2018 device #cbram.device<"subquantum-cbram"> chip #cbram.chip<"cbram-512k"> overrides [#cbram.override<"cells-per-weight", "8", "4">] attributes {spec_digest = "4fa6ac5bd173c09d681cea0b6cac1fc23a6b7a66403ed0cf0cc3a9158387943b"} {
    cbram.encoder #snn.poisson<max_rate_hz = 127.5> image(28, 28) crop 397
    %0 = cbram.weights init uniform [-1.0, 1.0] bias [-1.0, 1.0] range [-1.0, 1.0] : !cbram.matrix<398, 500>
    cbram.neurons 500 #snn.bayesian_wta<homeostasis = adaptive_bias, homeostasis_rate = 0.05> units 32
    cbram.stdp_engine %0 ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.005 eta_ltd 0.005 ltp_c 4.0 learn_bias true anneal_to 0.1 : !cbram.matrix<398, 500>
    cbram.prune_controller #snn.soft_prune<trigger = neuron_spikes, start = 1000, ramp = 60000> on %0 : !cbram.matrix<398, 500>
    cbram.train mnist epochs 3 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
    cbram.quantize %0 digital cells_per_weight 4 levels 16 rounding stochastic pruned_level 0 values [-1.0, -0.866666666666667, -0.733333333333333, -0.6, -0.466666666666667, -0.333333333333333, -0.2, -0.0666666666666667, 0.0666666666666667, 0.2, 0.333333333333333, 0.466666666666667, 0.6, 0.733333333333333, 0.866666666666667, 1.0] conductance_us [0.5, 50.0] : !cbram.matrix<398, 500>
    cbram.tile 0 {
      cbram.block %0 rows [0, 398) cols [0, 1024) pre [0, 398) post [0, 256) cells [0, 4) : !cbram.matrix<398, 500>
    }
    cbram.tile 1 {
      cbram.block %0 rows [0, 398) cols [0, 976) pre [0, 398) post [256, 500) cells [0, 4) : !cbram.matrix<398, 500>
    }
    cbram.write_schedule %0 batch 64 order row skip_unchanged skip_pruned : !cbram.matrix<398, 500> {
      cbram.tile_writes tile 0 neurons 256 cells 1592 batches 25
      cbram.tile_writes tile 1 neurons 244 cells 1592 batches 25
    }
  }
}

