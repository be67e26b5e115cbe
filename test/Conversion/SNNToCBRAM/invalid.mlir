// Networks and hardware choices snn-to-cbram cannot map: located errors.
// RUN: snn-opt %s --split-input-file --snn-to-cbram -verify-diagnostics
// RUN: not snn-opt %s --split-input-file --snn-to-cbram="snn-device=quantum-foam" 2>&1 | FileCheck %s --check-prefix=DEVICE
// RUN: not snn-opt %s --split-input-file --snn-to-cbram="snn-chip=cbram-1g" 2>&1 | FileCheck %s --check-prefix=CHIP

// DEVICE: offset :[[@LINE+3]]:1: error: unknown device card 'quantum-foam' (from --snn-device); shipped: 'subquantum-cbram', 'cbram', 'pcm', 'sram'
// CHIP: offset :[[@LINE+2]]:1: error: unknown chip 'cbram-1g' (from --snn-chip); shipped: 'cbram-512k'
// Two layers: the chip runs one plastic layer.
snn.network @two_layers {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %h = snn.population #snn.bayesian_wta<> -> !snn.spikes<3>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  // expected-note @+1 {{the first projection}}
  %w1 = snn.projection %x -> %h : !snn.spikes<4> -> !snn.spikes<3>
  // expected-error @+1 {{cannot map a second projection: the chip runs one plastic layer}}
  %w2 = snn.projection %h -> %y : !snn.spikes<3> -> !snn.spikes<2>
  snn.stdp %w1 ltp nessler_exp ltd constant : !snn.synapses<4, 3>
  snn.train mnist epochs 1
}

// -----

snn.network @no_rule {
  %x = snn.input #snn.poisson<> image(28, 28) crop 4 : !snn.spikes<4>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  // expected-error @+1 {{cannot map a projection without 'snn.stdp'}}
  %w = snn.projection %x -> %y : !snn.spikes<4> -> !snn.spikes<2>
  snn.train mnist epochs 1
}
