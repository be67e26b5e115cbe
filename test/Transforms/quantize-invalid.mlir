// A device card with no states for the requested weight levels: located
// errors (at the projection whose weights cannot be stored).
// RUN: snn-opt %s --split-input-file --snn-to-cbram --snn-cbram-quantize="encoding=multi-level levels=16" -verify-diagnostics
// RUN: not snn-opt %s --split-input-file --snn-to-cbram --snn-cbram-quantize="encoding=multi-level levels=2" 2>&1 | FileCheck %s --check-prefix=SRAM
// RUN: not snn-opt %s --split-input-file --snn-to-cbram --snn-cbram-quantize="cells-per-weight=2 levels=5" 2>&1 | FileCheck %s --check-prefix=BITS

// BITS: error: cannot store 5 weight levels in 2 binary cells (2 to 4)
snn.network @binary attributes {cbram.device = #cbram.device<"subquantum-cbram">} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 8 : !snn.spikes<8>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<4>
  // expected-error @+1 {{device card 'subquantum-cbram' has 2 states per cell: no states for 16 weight levels over [-1, 1] in one multi-level cell; use encoding=digital or at most 2 levels}}
  %w = snn.projection %x -> %y : !snn.spikes<8> -> !snn.spikes<4>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<8, 4>
  snn.train mnist epochs 1
}

// -----

snn.network @too_many attributes {cbram.device = #cbram.device<"pcm", levels = 8>} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 8 : !snn.spikes<8>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<4>
  // expected-error @+1 {{device card 'pcm' has 8 states per cell: no states for 16 weight levels over [0, 1]}}
  %w = snn.projection %x -> %y {w_min = 0.0, w_max = 1.0, init_low = 0.0, init_high = 1.0, bias = false} : !snn.spikes<8> -> !snn.spikes<4>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<8, 4>
  snn.train mnist epochs 1
}

// -----

// SRAM: offset :8:8: error: device card 'sram' has no conductance range (g_min_us = g_max_us); it has no analog states for weights over [-1, 1]; use encoding=digital
snn.network @sram attributes {cbram.device = #cbram.device<"sram">} {
  %x = snn.input #snn.poisson<> image(28, 28) crop 8 : !snn.spikes<8>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<4>
  // expected-error @+1 {{device card 'sram' has 2 states per cell: no states for 16 weight levels}}
  %w = snn.projection %x -> %y : !snn.spikes<8> -> !snn.spikes<4>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<8, 4>
  snn.train mnist epochs 1
}
