// RUN: snn-opt %s -split-input-file -verify-diagnostics
//
// Invariants of the cbram dialect: cards, chips, placement, storage and
// write budget, one rejected program each.

// expected-error @+1 {{unknown device card 'quantum-foam'; shipped: 'subquantum-cbram', 'cbram', 'pcm', 'sram'}}
cbram.program @p device #cbram.device<"quantum-foam"> chip #cbram.chip<"cbram-512k"> {
}

// -----

// expected-error @+1 {{unknown chip 'cbram-1g'; shipped: 'cbram-512k'}}
cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-1g"> {
}

// -----

// expected-error @+1 {{unknown device card field 'colour' (fields: name, technology, levels,}}
cbram.program @p device #cbram.device<"pcm", colour = 3> chip #cbram.chip<"cbram-512k"> {
}

// -----

// expected-error @+1 {{field 'levels' given twice}}
cbram.program @p device #cbram.device<"pcm", levels = 4, levels = 8> chip #cbram.chip<"cbram-512k"> {
}

// -----

// An inline card has no base: a field left out would silently be 0.
// expected-error @+1 {{an inline device card must give every field; missing: name, technology, g_min_us,}}
cbram.program @p device #cbram.device<levels = 4> chip #cbram.chip<"cbram-512k"> {
}

// -----

// expected-error @+1 {{device card 'pcm': field 'levels' must be in [2, 65536] (got 1)}}
cbram.program @p device #cbram.device<"pcm", levels = 1> chip #cbram.chip<"cbram-512k"> {
}

// -----

// expected-error @+1 {{device card 'pcm': field 'stuck_at_set_rate' must be in [0, 1] (got 1.5)}}
cbram.program @p device #cbram.device<"pcm", stuck_at_set_rate = 1.5> chip #cbram.chip<"cbram-512k"> {
}

// -----

// expected-error @+1 {{chip 'cbram-512k': field 'write_drivers_per_tile' must be in [1, 65536] (got 0)}}
cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k", write_drivers_per_tile = 0> {
}

// -----

// A resistive card reads with V^2 G t: a flat read energy would be unused.
// expected-error @+1 {{device card 'cbram': field 'read_energy_pj' applies only to cards without conductances}}
cbram.program @p device #cbram.device<"cbram", read_energy_pj = 0.1> chip #cbram.chip<"cbram-512k"> {
}

// -----

// The assumptions a card lists must be its own fields.
// expected-error @+1 {{chip 'cbram-512k': field 'assumed_fields' 'clock' is not a value field of the card}}
cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k", assumed_fields = "num_tiles, clock"> {
}

// -----

// expected-error @+1 {{chip 'cbram-512k': field 'adc_bits' must be in [1, 16] (got 0)}}
cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k", adc_bits = 0> {
}

// -----

// The runtime's range, enforced at parse time: a nonlinearity above 1 used to
// compile and then be rejected by snn-run.
// expected-error @+1 {{device card 'pcm': field 'nonlinearity' must be in [0, 1] (got 1.5)}}
cbram.program @p device #cbram.device<"pcm", nonlinearity = 1.5> chip #cbram.chip<"cbram-512k"> {
}

// -----

// expected-error @+1 {{device card 'pcm': field 'set_pulse_ns' must be in [0, 1e+09] (got 1e+30)}}
cbram.program @p device #cbram.device<"pcm", set_pulse_ns = 1.0e30> chip #cbram.chip<"cbram-512k"> {
}

// -----

// expected-error @+1 {{unknown device card 'pcn'; shipped: 'subquantum-cbram', 'cbram', 'pcm', 'sram' (did you mean 'pcm'?)}}
cbram.program @p device #cbram.device<"pcn"> chip #cbram.chip<"cbram-512k"> {
}

// -----

// expected-error @+1 {{unknown device card field 'level'; did you mean 'levels'?}}
cbram.program @p device #cbram.device<"pcm", level = 4> chip #cbram.chip<"cbram-512k"> {
}

// -----

// expected-error @+1 {{'order = wear_leveling' needs a 'rotation_period' of at least one image}}
snn.network @n attributes {cbram.mapping = #cbram.mapping<order = wear_leveling, rotation_period = 0>} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}

// -----

// expected-error @+1 {{'cbram.device' must be a #cbram.device}}
snn.network @n attributes {cbram.device = "pcm"} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}

// -----

// expected-error @+1 {{needs exactly one 'cbram.stdp_engine', found 0}}
cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
}

// -----

cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 3
  // expected-error @+1 {{has 2 input rows, but the encoder keeps 3 pixels}}
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 1>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
}

// -----

cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 64>
  // expected-error @+1 {{uses 64 neuron units; chip 'cbram-512k' has 32}}
  cbram.neurons 64 #snn.bayesian_wta<> units 64
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 64>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
}

// -----

cbram.program @p device #cbram.device<"subquantum-cbram"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 1>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
  // expected-error @+1 {{needs 4 states per cell; device card 'subquantum-cbram' has 2}}
  cbram.quantize %w multi_level cells_per_weight 1 levels 4 rounding nearest pruned_level 0 values [0.0, 0.25, 0.5, 1.0] conductance_us [0.5, 17.0, 33.5, 50.0] : !cbram.matrix<2, 1>
}

// -----

cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 1>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
  // expected-error @+1 {{stores 8 levels in 2 binary cells; they hold at most 2^2}}
  cbram.quantize %w digital cells_per_weight 2 levels 8 rounding nearest pruned_level 0 values [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7] conductance_us [0.1, 25.0] : !cbram.matrix<2, 1>
}

// -----

cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 1>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
  cbram.quantize %w digital cells_per_weight 1 levels 2 rounding nearest pruned_level 0 values [0.0, 1.0] conductance_us [0.1, 25.0] : !cbram.matrix<2, 1>
  // expected-error @+1 {{is tile 4, but chip 'cbram-512k' has 4 tiles}}
  cbram.tile 4 {
    cbram.block %w rows [0, 2) cols [0, 1) pre [0, 2) post [0, 1) cells [0, 1) : !cbram.matrix<2, 1>
  }
}

// -----

cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 1>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
  cbram.quantize %w digital cells_per_weight 1 levels 2 rounding nearest pruned_level 0 values [0.0, 1.0] conductance_us [0.1, 25.0] : !cbram.matrix<2, 1>
  cbram.tile 0 {
    // expected-error @+1 {{uses tile rows [511, 513) and columns [0, 1), outside the 512x1024 tile}}
    cbram.block %w rows [511, 513) cols [0, 1) pre [0, 2) post [0, 1) cells [0, 1) : !cbram.matrix<2, 1>
  }
}

// -----

cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 2>
  cbram.neurons 2 #snn.bayesian_wta<> units 2
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 2>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
  cbram.quantize %w digital cells_per_weight 1 levels 2 rounding nearest pruned_level 0 values [0.0, 1.0] conductance_us [0.1, 25.0] : !cbram.matrix<2, 2>
  cbram.tile 0 {
    // expected-note @+1 {{the other block}}
    cbram.block %w rows [0, 2) cols [0, 1) pre [0, 2) post [0, 1) cells [0, 1) : !cbram.matrix<2, 2>
    // expected-error @+1 {{overlaps another block on tile 0}}
    cbram.block %w rows [1, 3) cols [0, 1) pre [0, 2) post [1, 2) cells [0, 1) : !cbram.matrix<2, 2>
  }
}

// -----

// expected-error @+1 {{placement covers 2 of the 4 weights; every weight needs exactly one place}}
cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 2>
  cbram.neurons 2 #snn.bayesian_wta<> units 2
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 2>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
  cbram.quantize %w digital cells_per_weight 1 levels 2 rounding nearest pruned_level 0 values [0.0, 1.0] conductance_us [0.1, 25.0] : !cbram.matrix<2, 2>
  cbram.tile 0 {
    cbram.block %w rows [0, 2) cols [0, 1) pre [0, 2) post [0, 1) cells [0, 1) : !cbram.matrix<2, 2>
  }
}

// -----

cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 2>
  cbram.neurons 2 #snn.bayesian_wta<> units 2
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 2>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
  cbram.quantize %w digital cells_per_weight 4 levels 16 rounding nearest pruned_level 0 values [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 1.0] conductance_us [0.1, 25.0] : !cbram.matrix<2, 2>
  cbram.tile 0 {
    // expected-error @+1 {{spans 4 tile columns for 2 neurons of 1 cell(s) each}}
    cbram.block %w rows [0, 2) cols [0, 4) pre [0, 2) post [0, 2) cells [0, 1) : !cbram.matrix<2, 2>
  }
}

// -----

cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 1>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
  // expected-error @+1 {{batches 128 writes, but a tile of chip 'cbram-512k' has 64 write drivers}}
  cbram.write_schedule %w batch 128 order row : !cbram.matrix<2, 1> {
  }
}

// -----

cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 1>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
  // expected-error @+1 {{wear_leveling needs 'rotate_every' of at least one image}}
  cbram.write_schedule %w batch 8 order wear_leveling : !cbram.matrix<2, 1> {
  }
}

// -----

cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 1>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
  // expected-error @+1 {{'rotate_every' applies only to wear_leveling order}}
  cbram.write_schedule %w batch 8 order row rotate_every 10 : !cbram.matrix<2, 1> {
  }
}

// -----

cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k"> {
  cbram.encoder #snn.poisson<> image(28, 28) crop 2
  %w = cbram.weights init constant [0.0, 0.0] range [0.0, 1.0] : !cbram.matrix<2, 1>
  cbram.neurons 1 #snn.bayesian_wta<> units 1
  cbram.stdp_engine %w ltp nessler_exp ltd constant window_ms 10.0 eta_ltp 0.01 eta_ltd 0.01 ltp_c 2.0 learn_bias true anneal_to 1.0 : !cbram.matrix<2, 1>
  cbram.train mnist epochs 1 images 0 seed 1 assignment max_average_response assign_images 0 test_images 0
  cbram.quantize %w multi_level cells_per_weight 1 levels 4 rounding nearest pruned_level 0 values [0.0, 0.25, 0.5, 1.0] conductance_us [0.1, 10.0, 20.0, 25.0] : !cbram.matrix<2, 1>
  // expected-error @+1 {{wear_leveling rotates the cells of a digital weight word, but weights are stored in 1 cell each}}
  cbram.write_schedule %w batch 8 order wear_leveling rotate_every 10 : !cbram.matrix<2, 1> {
  }
}
