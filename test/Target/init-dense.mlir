// RUN: snn-opt %s --snn-to-cbram-pipeline | FileCheck %s --check-prefix=IR
// RUN: snn-opt %s --snn-to-cbram-pipeline | snn-translate --snn-to-program -o %t.snnp
// RUN: snn-translate --program-to-json %t.snnp | FileCheck %s --check-prefix=JSON
//
// Explicit initial weights travel from the spec to the program.

// IR: cbram.weights init dense [-1.0, 1.0] bias [-1.0, 1.0] range [-1.0, 1.0] {initial_weights = dense<{{.*}}> : tensor<3x2xf32>} : !cbram.matrix<3, 2>
// JSON: "init": "Dense"
// JSON: "initial_weights": [
// JSON-NEXT: 0.1,
// JSON-NEXT: -0.2,
// JSON-NEXT: 0.0,
// JSON-NEXT: 0.5,
// JSON-NEXT: 0.25,
// JSON-NEXT: -1.0
// JSON-NEXT: ]
snn.network @dense {
  %x = snn.input #snn.poisson<> image(2, 1) : !snn.spikes<2>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<2>
  %w = snn.projection %x -> %y init dense {initial_weights = dense<[[0.1, -0.2], [0.0, 0.5], [0.25, -1.0]]> : tensor<3x2xf32>} : !snn.spikes<2> -> !snn.spikes<2>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<2, 2>
  snn.train mnist epochs 1
}
