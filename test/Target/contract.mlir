// RUN: snn-opt %s -split-input-file -verify-diagnostics --snn-to-cbram-pipeline
// RUN: not snn-opt %s -split-input-file --snn-to-cbram-pipeline="snn-device=pcm levels=4" 2>/dev/null | FileCheck %s --check-prefix=PCM4
//
// Specs the runtime would reject no longer compile: the pipeline ends with
// the runtime's own verifier (snn-verify-program), and each violation points
// at the spec line that holds the value. (These four compiled cleanly before
// and failed in snn-run.)

snn.network @lif {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.lif_adaptive<> -> !snn.spikes<2>
  // expected-error @+1 {{the runtime would reject this program: field 'projection.has_bias' LIFAdaptive neurons take no bias row}}
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}

// -----

snn.network @rate {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  // expected-error @+1 {{field 'population.total_rate_hz' total_rate_hz * dt must be <= 1 spike per step (got 2)}}
  %y = snn.population #snn.bayesian_wta<total_rate_hz = 2000.0> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}

// -----

// The readout's presentation obeys training's limit on steps per image.
snn.network @readout {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  // The program field is located at the training setup it belongs to.
  // expected-error @+1 {{field 'training.readout_presentation_ms' 2e+06 ms / dt_ms 1 ms = 2e+06 steps per image, more than the limit of 1000000}}
  snn.train mnist epochs 1
  snn.evaluate max_average_response presentation_ms 2000000.0
}

// -----

// Four weight levels on a 16-state PCM cell: the program uses four of the
// cell's states (every fifth), and the runtime accepts it (it used to demand
// as many levels as the cell has states).
// PCM4: cbram.program @pcm4 device #cbram.device<"pcm">
// PCM4-SAME: mapping #cbram.mapping<levels = 4>
// PCM4-SAME: overrides [#cbram.override<"snn-device", "subquantum-cbram", "pcm">, #cbram.override<"levels", "0", "4">, #cbram.override<"adc-bits", "1", "2">]
// PCM4: cbram.quantize {{.*}} multi_level cells_per_weight 1 levels 4 {{.*}} conductance_us [0.1, 8.4, 16.7, 25.0]
snn.network @pcm4 {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<4, 2>
  snn.train mnist epochs 1
}
