// RUN: snn-opt %s -split-input-file -verify-diagnostics
//
// Every invariant of the snn dialect, one rejected spec each.

// crop larger than the image
snn.network @n {
// expected-error @+1 {{crops to 900 pixels, but a 28x28 image has 784}}
  %x = snn.input #snn.poisson<> image(28, 28) crop 900 : !snn.spikes<900>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<900> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<900, 10>
  snn.train mnist epochs 1
}

// -----

// crop and mask together
snn.network @n {
// expected-error @+1 {{has both 'crop' and 'mask'}}
  %x = snn.input #snn.poisson<> image(28, 28) crop 2 mask [1, 2] : !snn.spikes<2>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<2> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<2, 10>
  snn.train mnist epochs 1
}

// -----

// mask index outside the image
snn.network @n {
// expected-error @+1 {{mask index 784 is outside the 28x28 image}}
  %x = snn.input #snn.poisson<> image(28, 28) mask [3, 784] : !snn.spikes<2>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<2> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<2, 10>
  snn.train mnist epochs 1
}

// -----

// mask lists a pixel twice
snn.network @n {
// expected-error @+1 {{mask lists pixel 3 twice}}
  %x = snn.input #snn.poisson<> image(28, 28) mask [3, 3] : !snn.spikes<2>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<2> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<2, 10>
  snn.train mnist epochs 1
}

// -----

// result size differs from the kept pixels
snn.network @n {
// expected-error @+1 {{result has 16 channels, but the input keeps 20 pixels}}
  %x = snn.input #snn.poisson<> image(28, 28) crop 20 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// non-positive time step
snn.network @n {
// expected-error @+1 {{'dt_ms' must be positive, got 0}}
  %x = snn.input #snn.poisson<dt_ms = 0.0> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// presentation shorter than a step
snn.network @n {
// expected-error @+1 {{'presentation_ms' (0.5) is shorter than one time step (1)}}
  %x = snn.input #snn.poisson<presentation_ms = 0.5> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// spike probability above one
snn.network @n {
// expected-error @+1 {{gives a spike probability above 1 per step (2)}}
  %x = snn.input #snn.poisson<max_rate_hz = 2000.0> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// non-positive window
snn.network @n {
// expected-error @+1 {{'window_ms' must be positive, got -1}}
  %x = snn.input #snn.poisson<window_ms = -1.0> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// layer that never fires
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
// expected-error @+1 {{'total_rate_hz' must be positive, got 0}}
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 0.0> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// homeostasis without a rate
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
// expected-error @+1 {{homeostasis 'adaptive_bias' needs a positive 'homeostasis_rate'}}
  %y = snn.population #snn.bayesian_wta<homeostasis = adaptive_bias> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// LIF threshold below rest
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
// expected-error @+1 {{'v_thresh_mv' (-70) must lie above 'v_rest_mv' and 'v_reset_mv'}}
  %y = snn.population #snn.lif_adaptive<v_thresh_mv = -70.0> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// empty weight range
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
// expected-error @+1 {{weight range is empty: 'w_min' (1) must be below 'w_max' (1)}}
  %w = snn.projection %x -> %y {w_min = 1.0} : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// initial weights outside the weight range
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
// expected-error @+1 {{initial weight range [-2, 1] leaves the weight range [-1, 1]}}
  %w = snn.projection %x -> %y {init_low = -2.0} : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// reversed bias range
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
// expected-error @+1 {{bias range [0.5, 0.2] is reversed}}
  %w = snn.projection %x -> %y {bias_low = 0.5, bias_high = 0.2} : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// projection into the input
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
// expected-error @+1 {{target must be an 'snn.population'}}
  %w = snn.projection %x -> %x : !snn.spikes<16> -> !snn.spikes<16>
  snn.train mnist epochs 1
}

// -----

// zero STDP window
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
// expected-error @+1 {{'window_ms' must be positive, got 0}}
  snn.stdp %w ltp nessler_exp ltd constant {window_ms = 0.0} : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// negative learning rate
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
// expected-error @+1 {{learning rates 'eta_ltp' and 'eta_ltd' must be positive}}
  snn.stdp %w ltp nessler_exp ltd constant {eta_ltd = -0.01} : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// two learning rules on one projection
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  // expected-note @+1 {{the first one is here}}
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
// expected-error @+1 {{is a second learning rule on the same projection}}
  snn.stdp %w ltp constant ltd constant : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// pruned fraction above one
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
// expected-error @+1 {{'target_fraction' must be in [0, 1], got 1.5}}
  snn.prune #snn.soft_prune<target_fraction = 1.5> on %w : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// controller that never runs
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
// expected-error @+1 {{'interval' must be at least one image}}
  snn.prune #snn.conventional_prune<interval = 0> on %w : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// adaptive tolerance of zero
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
// expected-error @+1 {{'tolerance' must be in (0, 1], got 0}}
  snn.prune #snn.soft_prune<trigger = adaptive, tolerance = 0.0> on %w : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// maturity counted beyond the runtime's one byte per weight
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
// expected-error @+1 {{'maturity' must be at most 255 controller steps, got 256}}
  snn.prune #snn.soft_prune<maturity = 256> on %w : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// soft-pruned value outside the weight range
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
// expected-error @+1 {{soft-pruned weights hold -3, outside the projection's weight range [-1, 1]}}
  snn.prune #snn.soft_prune<value = -3.0> on %w : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// pruning without learning
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
// expected-error @+1 {{prunes a projection that has no 'snn.stdp'}}
  snn.prune #snn.soft_prune<> on %w : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// no training epochs
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 10>
// expected-error @+1 {{attribute 'epochs' failed to satisfy constraint}}
  snn.train mnist epochs 0
}

// -----

// A network without training setup.
// expected-error @+1 {{has no 'snn.train'; say which data set to learn from}}
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
}

// -----

// Two image inputs.
snn.network @n {
  // expected-note @+1 {{the first one is here}}
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  // expected-error @+1 {{is a second input; a network reads exactly one image stream}}
  %x2 = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.train mnist epochs 1
}

// -----

// A population nothing drives.
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  // expected-error @+1 {{has no incoming projection; it could never fire or learn}}
  %z = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.train mnist epochs 1
}

// -----

// Two projections into one population.
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  // expected-note @+1 {{the first one is here}}
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  // expected-error @+1 {{is a second projection into the same population}}
  %v = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  snn.train mnist epochs 1
}

// -----

snn.network @n {
  // expected-error @+1 {{a spike group needs at least one channel}}
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<0>
}

// -----

snn.network @n {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'dataset' [mnist, fashion_mnist]}}
  snn.train imagenet epochs 1
}

// -----

snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  // expected-error @+2 {{invalid homeostasis mechanism specification: sometimes}}
  // expected-error @+1 {{failed to parse SNN_BayesianWTAAttr parameter 'homeostasis'}}
  %y = snn.population #snn.bayesian_wta<homeostasis = sometimes> -> !snn.spikes<10>
}

// -----

// Annealing to zero would freeze learning before training ends.
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
  %w = snn.projection %x -> %y : !snn.spikes<16> -> !snn.spikes<10>
  // expected-error @+1 {{'anneal_to' must be in (0, 1], got 0}}
  snn.stdp %w ltp nessler_exp ltd constant {anneal_to = 0.0} : !snn.synapses<16, 10>
  snn.train mnist epochs 1
}

// -----

// a readout value of 0: leaving it out keeps training's
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
// expected-error @+1 {{'presentation_ms' must be a positive, finite number (leave it out to keep training's), got 0}}
  snn.evaluate max_average_response presentation_ms 0.0
}

// -----

// a negative readout rate
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
// expected-error @+1 {{'max_rate_hz' must be a positive, finite number (leave it out to keep training's), got -5}}
  snn.evaluate max_average_response max_rate_hz -5.0
}

// -----

// a readout presentation shorter than the input's time step
snn.network @n {
  %x = snn.input #snn.poisson<dt_ms = 2.0> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
// expected-error @+1 {{'presentation_ms' (1.5) is shorter than one time step (2)}}
  snn.evaluate max_average_response presentation_ms 1.5
}

// -----

// a readout input rate above one spike per step
snn.network @n {
  %x = snn.input #snn.poisson<dt_ms = 2.0> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
// expected-error @+1 {{'max_rate_hz' * 'dt_ms' gives a spike probability above 1 per step (1.2)}}
  snn.evaluate max_average_response max_rate_hz 600.0
}

// -----

// a readout output rate above one spike per step
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
// expected-error @+1 {{'total_rate_hz' * 'dt_ms' gives a spike probability above 1 per step (1.5)}}
  snn.evaluate max_average_response total_rate_hz 1500.0
}

// -----

// a readout output rate for LIF neurons, which have none
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
// expected-note @+1 {{the population is here}}
  %y = snn.population #snn.lif_adaptive<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y {bias = false} : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
// expected-error @+1 {{sets 'total_rate_hz', the output rate of a '#snn.bayesian_wta' layer; LIF neurons fire from their potentials}}
  snn.evaluate max_average_response presentation_ms 200.0 total_rate_hz 300.0
}
