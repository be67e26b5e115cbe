// RUN: snn-opt %s -split-input-file -verify-diagnostics
//
// The spec is the experiment: an attribute an op does not declare is an
// error that lists the valid keys and suggests the nearest, never silently
// dropped (it used to compile and run with the default instead).

// A misspelled learning rate (transposed letters count as one edit).
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  // expected-error @+1 {{'snn.stdp' op has no attribute 'eta_lpt'; did you mean 'eta_ltp'? (valid: anneal_to, eta_ltd, eta_ltp, learn_bias, ltd, ltp, ltp_c, window_ms)}}
  snn.stdp %w ltp nessler_exp ltd constant {eta_lpt = 0.5} : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}

// -----

snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  // expected-error @+1 {{'snn.projection' op has no attribute 'wmax'; did you mean 'w_max'?}}
  %w = snn.projection %x -> %y {wmax = 0.5} : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}

// -----

// Hardware is chosen with the cbram dialect's attributes.
// expected-error @+1 {{'snn.network' op has no attribute 'device'; did you mean 'cbram.device'? (valid: sym_name, cbram.device, cbram.chip, cbram.mapping)}}
snn.network @n attributes {device = "pcm"} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}

// -----

// A key nothing resembles: no suggestion, just the valid keys.
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  // expected-error-re @+1 {{'snn.stdp' op has no attribute 'colour' (valid: {{.*}})}}
  snn.stdp %w ltp nessler_exp ltd constant {colour = 3} : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}

// -----

snn.network @n {
  // expected-error @+1 {{'snn.input' op has no attribute 'keepstate'; did you mean 'keep_state'?}}
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 {keepstate} : !snn.spikes<4>
}

// -----

snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  // expected-error @+1 {{'snn.population' op has no attribute 'size'}}
  %y = snn.population #snn.bayesian_wta<> {size = 10} -> !snn.spikes<2>
}

// -----

snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  // expected-error @+1 {{'snn.prune' op has no attribute 'target'}}
  snn.prune #snn.soft_prune<> on %w {target = 0.9} : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}

// -----

snn.network @n {
  // expected-error @+1 {{'snn.train' op has no attribute 'seeds'; did you mean 'seed'?}}
  snn.train mnist epochs 1 {seeds = 3}
}

// -----

snn.network @n {
  // expected-error @+1 {{'snn.evaluate' op has no attribute 'test_image'; did you mean 'test_images'?}}
  snn.evaluate max_average_response {test_image = 10}
}

// -----

snn.network @n {
  // expected-error @+1 {{'snn.evaluate' op has no attribute 'presentation'; did you mean 'presentation_ms'?}}
  snn.evaluate max_average_response {presentation = 300.0}
}

// -----

// Another dialect's namespace does not make a key valid.
// expected-error @+1 {{'snn.network' op has no attribute 'nir.version'}}
snn.network @n attributes {nir.version = "1.0"} {
  snn.train mnist epochs 1
}

// -----

// Parameters of the model attributes are checked by their parsers.
snn.network @n {
  // expected-error @+1 {{duplicate or unknown struct parameter name: max_rate}}
  %x = snn.input #snn.poisson<max_rate = 10.0> image(28, 28) crop 4 : !snn.spikes<4>
}

// -----

// Keywords in the wrong order say what was expected.
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  // expected-error @+1 {{expected 'ltp'}}
  snn.stdp %w ltd constant ltp nessler_exp : !snn.synapses<4, 2>
}

// -----

snn.network @n {
  // expected-error @+1 {{expected 'image'}}
  %x = snn.input #snn.poisson<> crop 4 image(28, 28) : !snn.spikes<4>
}

// -----

// The mapping's keys are checked like any other.
// expected-error @+1 {{duplicate or unknown struct parameter name: bits}}
snn.network @n attributes {cbram.mapping = #cbram.mapping<bits = 8>} {
  snn.train mnist epochs 1
}

// -----

// Counts do not wrap: a negative start used to become 4294967295 (pruning
// never started).
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  // expected-error @+2 {{expected an integer in [0, 4294967295]}}
  // expected-error @+1 {{failed to parse SNN_SoftPruneAttr parameter 'start'}}
  snn.prune #snn.soft_prune<start = -1> on %w : !snn.synapses<4, 2>
}

// -----

snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  // expected-error @+2 {{expected an integer in [0, 4294967295]}}
  // expected-error @+1 {{failed to parse SNN_ConventionalPruneAttr parameter 'interval'}}
  snn.prune #snn.conventional_prune<interval = 4294967296> on %w : !snn.synapses<4, 2>
}

// -----

// A spec's reals are finite: inf used to compile and be rejected by snn-run.
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  // expected-error @+2 {{expected a finite number}}
  // expected-error @+1 {{failed to parse SNN_BayesianWTAAttr parameter 'total_rate_hz'}}
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 0x7FF0000000000000> -> !snn.spikes<2>
}

// -----

snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  // expected-error @+1 {{'snn.projection' op 'w_max' must be a finite number}}
  %w = snn.projection %x -> %y {w_max = 0x7FF0000000000000 : f64} : !snn.spikes<4> -> !snn.spikes<2>
}

// -----

snn.network @n {
  // expected-error @+1 {{'snn.train' op attribute 'seed' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  snn.train mnist epochs 1 seed -3
}

// -----

// The runtime's size limits, refused by the spec's verifier before any pass
// works on the network.
snn.network @n {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  // expected-error @+1 {{a spike group of 1000000000 channels exceeds the limit of 2^24 = 16777216}}
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<1000000000>
}

// -----

snn.network @n {
  // expected-error @+1 {{'snn.input' op reads 2048x1024 images (2097152 pixels), more than the limit of 2^20 = 1048576}}
  %x = snn.input #snn.poisson<> image(2048, 1024) crop 4 : !snn.spikes<4>
}
