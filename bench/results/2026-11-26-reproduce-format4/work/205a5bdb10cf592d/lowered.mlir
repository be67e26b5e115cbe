module {
  cbram.program @shi2018 device #cbram.device<"subquantum-cbram"> chip #cbram.chip<"cbram-512k"> mapping #cbram.mapping<cells_per_weight = 6> overrides [#cbram.override<"cells-per-weight", "8", "6">] attributes {spec_digest = "4fa6ac5bd173c09d681cea0b6cac1fc23a6b7a66403ed0cf0cc3a9158387943b"} {
    cbram.encoder #snn.poisson<max_rate_hz = 127.5> image(28, 28) crop 397
    %0 = cbram.weights init uniform [-1.0, 1.0] bias [-1.0, 1.0] range [-1.0, 1.0] : !cbram.matrix<398, 500>
    cbram.neurons 500 #snn.bayesian_wta<homeostasis = adaptive_bias, homeostasis_rate = 0.05> units 32
    cbram.stdp_engine %0 ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.005 eta_ltd 0.005 ltp_c 4.0 learn_bias true anneal_to 0.1 : !cbram.matrix<398, 500>
    cbram.prune_controller #snn.soft_prune<trigger = neuron_spikes, start = 1000, ramp = 60000> on %0 : !cbram.matrix<398, 500>
    cbram.train mnist epochs 3 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
    cbram.quantize %0 digital cells_per_weight 6 levels 64 rounding stochastic pruned_level 0 values [-1.0, -0.968253968253968, -0.936507936507937, -0.904761904761905, -0.873015873015873, -0.841269841269841, -0.80952380952381, -0.777777777777778, -0.746031746031746, -0.714285714285714, -0.682539682539683, -0.650793650793651, -0.619047619047619, -0.587301587301587, -0.555555555555556, -0.523809523809524, -0.492063492063492, -0.46031746031746, -0.428571428571429, -0.396825396825397, -0.365079365079365, -0.333333333333333, -0.301587301587302, -0.26984126984127, -0.238095238095238, -0.206349206349206, -0.174603174603175, -0.142857142857143, -0.111111111111111, -0.0793650793650794, -0.0476190476190477, -0.0158730158730159, 0.0158730158730158, 0.0476190476190477, 0.0793650793650793, 0.111111111111111, 0.142857142857143, 0.174603174603175, 0.206349206349206, 0.238095238095238, 0.26984126984127, 0.301587301587302, 0.333333333333333, 0.365079365079365, 0.396825396825397, 0.428571428571429, 0.46031746031746, 0.492063492063492, 0.523809523809524, 0.555555555555556, 0.587301587301587, 0.619047619047619, 0.650793650793651, 0.682539682539683, 0.714285714285714, 0.746031746031746, 0.777777777777778, 0.80952380952381, 0.841269841269841, 0.873015873015873, 0.904761904761905, 0.936507936507937, 0.968253968253968, 1.0] conductance_us [0.5, 50.0] : !cbram.matrix<398, 500>
    cbram.tile 0 {
      cbram.block %0 rows [0, 398) cols [0, 1020) pre [0, 398) post [0, 170) cells [0, 6) : !cbram.matrix<398, 500>
    }
    cbram.tile 1 {
      cbram.block %0 rows [0, 398) cols [0, 1020) pre [0, 398) post [170, 340) cells [0, 6) : !cbram.matrix<398, 500>
    }
    cbram.tile 2 {
      cbram.block %0 rows [0, 398) cols [0, 960) pre [0, 398) post [340, 500) cells [0, 6) : !cbram.matrix<398, 500>
    }
    cbram.write_schedule %0 batch 64 order row skip_unchanged skip_pruned : !cbram.matrix<398, 500> {
      cbram.tile_writes tile 0 neurons 170 cells 2388 batches 38
      cbram.tile_writes tile 1 neurons 170 cells 2388 batches 38
      cbram.tile_writes tile 2 neurons 160 cells 2388 batches 38
    }
  }
}

