// The readout presentation of snn.evaluate travels to the program (Training
// table, 0 = as in training); a spec without it emits zeros.
// readout-run.test runs this spec.
// RUN: snn-opt %s --snn-to-cbram-pipeline | snn-translate --snn-to-program -o %t.snnp
// RUN: snn-translate --program-to-json %t.snnp | FileCheck %s
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram-pipeline | snn-translate --snn-to-program -o %t.tiny.snnp
// RUN: snn-translate --program-to-json %t.tiny.snnp | FileCheck %s --check-prefix=NONE

// CHECK:      "training": {
// CHECK:        "assignment": "MaxAverageResponse",
// CHECK-NEXT:   "readout_presentation_ms": 250.0,
// CHECK-NEXT:   "readout_max_rate_hz": 0.0,
// CHECK-NEXT:   "readout_total_rate_hz": 400.0
// CHECK-NEXT: },

// NONE:      "training": {
// NONE:        "readout_presentation_ms": 0.0,
// NONE-NEXT:   "readout_max_rate_hz": 0.0,
// NONE-NEXT:   "readout_total_rate_hz": 0.0
// NONE-NEXT: },

snn.network @readout {
  %x = snn.input #snn.poisson<> image(28, 28) crop 64 : !snn.spikes<64>
  %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<20>
  %w = snn.projection %x -> %y : !snn.spikes<64> -> !snn.spikes<20>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<64, 20>
  snn.train mnist epochs 1 images 20
  snn.evaluate max_average_response presentation_ms 250.0 total_rate_hz 400.0
}
