cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 1>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
  cbram.write_schedule %w batch 128 order row : !cbram.matrix<2, 1> {
  }
}
