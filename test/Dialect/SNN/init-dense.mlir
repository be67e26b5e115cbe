// RUN: snn-opt %s -split-input-file -verify-diagnostics | FileCheck %s
//
// Explicit initial weights: `init dense` with a 2-D float elements attribute
// of shape [inputs + bias row, neurons], each value in the weight range.

// CHECK-LABEL: snn.network @ok
// CHECK: snn.projection %{{.*}} -> %{{.*}} init dense {initial_weights = dense<{{\[\[}}1.000000e-01, -2.000000e-01], [0.000000e+00, 5.000000e-01], [2.500000e-01, -1.000000e+00]]> : tensor<3x2xf32>}
snn.network @ok {
  %x = snn.input #snn.poisson<> image(2, 1) : !snn.spikes<2>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y init dense {initial_weights = dense<[[0.1, -0.2], [0.0, 0.5], [0.25, -1.0]]> : tensor<3x2xf32>} : !snn.spikes<2> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<2, 2>
  snn.train mnist epochs 1
}

// -----

// A dense resource works too (the blob: alignment 4, then f32 values).
// CHECK-LABEL: snn.network @resource
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

// -----

snn.network @n {
  %x = snn.input #snn.poisson<> image(2, 1) : !snn.spikes<2>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
// expected-error @+1 {{'init dense' needs 'initial_weights'}}
  %w = snn.projection %x -> %y init dense : !snn.spikes<2> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<2, 2>
  snn.train mnist epochs 1
}

// -----

snn.network @n {
  %x = snn.input #snn.poisson<> image(2, 1) : !snn.spikes<2>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
// expected-error @+1 {{'initial_weights' needs 'init dense'}}
  %w = snn.projection %x -> %y {initial_weights = dense<0.0> : tensor<3x2xf32>} : !snn.spikes<2> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<2, 2>
  snn.train mnist epochs 1
}

// -----

snn.network @n {
  %x = snn.input #snn.poisson<> image(2, 1) : !snn.spikes<2>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
// expected-error @+1 {{'initial_weights' must be a float matrix of shape 3x2 (inputs + bias row x neurons), got 'tensor<2x2xf32>'}}
  %w = snn.projection %x -> %y init dense {initial_weights = dense<0.0> : tensor<2x2xf32>} : !snn.spikes<2> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<2, 2>
  snn.train mnist epochs 1
}

// -----

snn.network @n {
  %x = snn.input #snn.poisson<> image(2, 1) : !snn.spikes<2>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
// expected-error @+1 {{initial weight [1, 1] = 1.5 leaves the weight range [-1, 1]}}
  %w = snn.projection %x -> %y init dense {initial_weights = dense<[[0.0, 0.0], [0.0, 1.5], [0.0, 0.0]]> : tensor<3x2xf32>} : !snn.spikes<2> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<2, 2>
  snn.train mnist epochs 1
}
