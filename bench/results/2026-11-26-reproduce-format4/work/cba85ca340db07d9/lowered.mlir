module {
  cbram.program @diehl_cook_400 device #cbram.device<"subquantum-cbram"> chip #cbram.chip<"cbram-512k"> attributes {spec_digest = "b60d14ab46d1c873c2b9ab0f2115d4ae4378e716be0720a3212dea7084614f14"} {
    cbram.encoder #snn.poisson<presentation_ms = 350.0> image(28, 28)
    %0 = cbram.weights init uniform [0.0, 0.3]  range [0.0, 1.0] : !cbram.matrix<784, 400>
    cbram.neurons 400 #snn.lif_adaptive<> units 32
    cbram.stdp_engine %0 ltp nessler_exp ltd constant window_ms 20.0 eta_ltp 0.005 eta_ltd 0.001 ltp_c 2.718281828459045 learn_bias true anneal_to 1.0 : !cbram.matrix<784, 400>
    cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
    cbram.quantize %0 digital cells_per_weight 4 levels 16 rounding stochastic pruned_level 0 values [0.0, 0.0666666666666667, 0.133333333333333, 0.2, 0.266666666666667, 0.333333333333333, 0.4, 0.466666666666667, 0.533333333333333, 0.6, 0.666666666666667, 0.733333333333333, 0.8, 0.866666666666667, 0.933333333333333, 1.0] conductance_us [0.5, 50.0] : !cbram.matrix<784, 400>
    cbram.tile 0 {
      cbram.block %0 rows [0, 256) cols [0, 1024) pre [0, 256) post [0, 256) cells [0, 4) : !cbram.matrix<784, 400>
      cbram.block %0 rows [256, 512) cols [0, 576) pre [0, 256) post [256, 400) cells [0, 4) : !cbram.matrix<784, 400>
      cbram.block %0 rows [256, 512) cols [576, 1024) pre [256, 512) post [0, 112) cells [0, 4) : !cbram.matrix<784, 400>
    }
    cbram.tile 1 {
      cbram.block %0 rows [0, 256) cols [0, 1024) pre [256, 512) post [112, 368) cells [0, 4) : !cbram.matrix<784, 400>
      cbram.block %0 rows [256, 512) cols [0, 128) pre [256, 512) post [368, 400) cells [0, 4) : !cbram.matrix<784, 400>
      cbram.block %0 rows [256, 512) cols [128, 1024) pre [512, 768) post [0, 224) cells [0, 4) : !cbram.matrix<784, 400>
    }
    cbram.tile 2 {
      cbram.block %0 rows [0, 256) cols [0, 704) pre [512, 768) post [224, 400) cells [0, 4) : !cbram.matrix<784, 400>
      cbram.block %0 rows [256, 272) cols [0, 704) pre [768, 784) post [0, 176) cells [0, 4) : !cbram.matrix<784, 400>
      cbram.block %0 rows [272, 288) cols [0, 704) pre [768, 784) post [176, 352) cells [0, 4) : !cbram.matrix<784, 400>
      cbram.block %0 rows [288, 304) cols [0, 192) pre [768, 784) post [352, 400) cells [0, 4) : !cbram.matrix<784, 400>
    }
    cbram.write_schedule %0 batch 64 order row skip_unchanged skip_pruned : !cbram.matrix<784, 400> {
      cbram.tile_writes tile 0 neurons 400 cells 2048 batches 32
      cbram.tile_writes tile 1 neurons 400 cells 2048 batches 32
      cbram.tile_writes tile 2 neurons 400 cells 1088 batches 17
    }
  }
}

