// The tiny example end to end through the compiler: pipeline, FlatBuffer
// emission, and back to JSON both with snn-translate and with flatc.
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram-pipeline | snn-translate --snn-to-program -o %t.snnp
// RUN: snn-translate --program-to-json %t.snnp | FileCheck %s
// RUN: snn-translate --program-to-json %t.snnp | %python -c "import json,sys; p=json.load(sys.stdin); print('blocks', len(p['placement']))" | FileCheck %s --check-prefix=JSON
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cp %t.snnp %t.dir/tiny.snnp
// RUN: flatc --json --strict-json --raw-binary -o %t.dir %S/../../schema/program.fbs -- %t.dir/tiny.snnp
// RUN: FileCheck %s --check-prefix=FLATC < %t.dir/tiny.json

// CHECK:      "format_version": 4,
// CHECK-NEXT: "name": "tiny",
// CHECK-NEXT: "producer": "snn-translate {{[0-9]+\.[0-9]+\.[0-9]+}}",
// CHECK:      "device": {
// CHECK-NEXT:   "name": "subquantum-cbram",
// CHECK:        "levels": 2,
// CHECK:      "chip": {
// CHECK-NEXT:   "name": "cbram-512k",
// CHECK:        "num_tiles": 4,
// CHECK-NEXT:   "tile_rows": 512,
// CHECK-NEXT:   "tile_cols": 1024,
// CHECK:        "write_drivers_per_tile": 64,
// CHECK:      "quantization": {
// CHECK-NEXT:   "encoding": "DigitalBits",
// CHECK-NEXT:   "cells_per_weight": 4,
// CHECK-NEXT:   "levels": 16,
// CHECK-NEXT:   "w_min": -1.0,
// CHECK-NEXT:   "w_max": 1.0,
// CHECK-NEXT:   "rounding": "Stochastic",
// CHECK-NEXT:   "pruned_level": 0,
// CHECK-NEXT:   "conductance_us": [
// CHECK-NEXT:     0.5,
// CHECK-NEXT:     50.0
// CHECK-NEXT:   ]
// CHECK:      "encoding": {
// CHECK:        "crop_pixels": 64,
// CHECK:      "population": {
// CHECK-NEXT:   "model": "BayesianWTA",
// CHECK-NEXT:   "size": 20,
// CHECK-NEXT:   "total_rate_hz": 200.0,
// CHECK:      "projection": {
// CHECK-NEXT:   "pre_size": 64,
// CHECK-NEXT:   "post_size": 20,
// CHECK-NEXT:   "has_bias": true,
// CHECK:      "stdp": {
// CHECK-NEXT:   "window_ms": 10.0,
// CHECK-NEXT:   "ltp": "NesslerExp",
// CHECK-NEXT:   "ltd": "Constant",
// CHECK-NEXT:   "eta_ltp": 0.01,
// CHECK-NEXT:   "eta_ltd": 0.01,
// CHECK-NEXT:   "ltp_c": 2.718282,
// CHECK-NEXT:   "learn_bias": true,
// CHECK-NEXT:   "anneal_to": 1.0
// CHECK:      "pruning": {
// CHECK-NEXT:   "mode": "Soft",
// CHECK-NEXT:   "trigger": "Images",
// CHECK-NEXT:   "criterion": "LowestWeight",
// CHECK-NEXT:   "start": 100,
// CHECK-NEXT:   "ramp": 100,
// CHECK-NEXT:   "interval": 50,
// CHECK-NEXT:   "target_fraction": 0.5,
// CHECK-NEXT:   "value": -1.0,
// CHECK:      "write_schedule": {
// CHECK-NEXT:   "skip_unchanged": true,
// CHECK-NEXT:   "skip_pruned": true,
// CHECK-NEXT:   "order": "RowOrder",
// CHECK-NEXT:   "batch_size": 64
// CHECK:      "training": {
// CHECK-NEXT:   "dataset": "MNIST",
// CHECK-NEXT:   "epochs": 1,
// CHECK-NEXT:   "train_limit": 300,
// CHECK-NEXT:   "test_limit": 200,
// CHECK-NEXT:   "assign_limit": 0,
// CHECK-NEXT:   "seed": 1,
// CHECK:      "placement": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "tile": 0,
// CHECK-NEXT:     "tile_row": 0,
// CHECK-NEXT:     "tile_col": 0,
// CHECK-NEXT:     "pre_begin": 0,
// CHECK-NEXT:     "pre_count": 65,
// CHECK-NEXT:     "post_begin": 0,
// CHECK-NEXT:     "post_count": 20
// CHECK-NEXT:   }
// CHECK-NEXT: ],
// The spec's name and digest, the compiler, and no overrides: the spec
// alone is the experiment.
// CHECK-NEXT: "provenance": {
// CHECK-NEXT:   "spec_name": "tiny",
// CHECK-NEXT:   "spec_digest": "{{[0-9a-f]+}}",
// CHECK-NEXT:   "compiler": "snn-translate {{.*}}",
// CHECK-NEXT:   "git": "{{.+}}",
// CHECK-NEXT:   "overrides": [
// CHECK-NOT:      "key"
// CHECK:        ]

// JSON: blocks 1

// FLATC: "format_version": 4,
// FLATC: "producer": "snn-translate {{.*}}",
// FLATC: "cells_per_weight": 4,
// FLATC: "pre_count": 65,
