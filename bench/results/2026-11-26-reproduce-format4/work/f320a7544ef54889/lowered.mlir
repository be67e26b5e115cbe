module {
  cbram.program @shi2018 device #cbram.device<"subquantum-cbram"> chip #cbram.chip<"cbram-512k"> mapping #cbram.mapping<cells_per_weight = 3> overrides [#cbram.override<"cells-per-weight", "8", "3">] attributes {spec_digest = "06988018d10205c247df5bc29440bf9de031960ce6390fdb7d3bb728b1c73f07"} {
    cbram.encoder #snn.poisson<max_rate_hz = 127.5> image(28, 28) crop 397
    %0 = cbram.weights init uniform [-1.0, 1.0] bias [-1.0, 1.0] range [-1.0, 1.0] : !cbram.matrix<398, 500>
    cbram.neurons 500 #snn.bayesian_wta<homeostasis = adaptive_bias, homeostasis_rate = 0.05> units 32
    cbram.stdp_engine %0 ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.005 eta_ltd 0.005 ltp_c 4.0 learn_bias true anneal_to 0.1 : !cbram.matrix<398, 500>
    cbram.train mnist epochs 3 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
    cbram.quantize %0 digital cells_per_weight 3 levels 8 rounding stochastic pruned_level 0 values [-1.0, -0.714285714285714, -0.428571428571429, -0.142857142857143, 0.142857142857143, 0.428571428571429, 0.714285714285714, 1.0] conductance_us [0.5, 50.0] : !cbram.matrix<398, 500>
    cbram.tile 0 {
      cbram.block %0 rows [0, 398) cols [0, 1023) pre [0, 398) post [0, 341) cells [0, 3) : !cbram.matrix<398, 500>
    }
    cbram.tile 1 {
      cbram.block %0 rows [0, 398) cols [0, 477) pre [0, 398) post [341, 500) cells [0, 3) : !cbram.matrix<398, 500>
    }
    cbram.write_schedule %0 batch 64 order row skip_unchanged skip_pruned : !cbram.matrix<398, 500> {
      cbram.tile_writes tile 0 neurons 341 cells 1194 batches 19
      cbram.tile_writes tile 1 neurons 159 cells 1194 batches 19
    }
  }
}

