// The paper's network compiles to a program exactly as its spec states it:
// 397 inputs + bias as 8-bit words onto the four tiles of cbram-512k,
// soft-pruning at 75% with pruned weights in level 0, no overrides.
// RUN: snn-opt %examples/shi2018.mlir --snn-to-cbram-pipeline | snn-translate --snn-to-program -o %t.snnp
// RUN: snn-translate --program-to-json %t.snnp | FileCheck %s

// CHECK:      "name": "shi2018",
// The spec's own target: 8-bit digital words, no option needed.
// CHECK:      "quantization": {
// CHECK-NEXT:   "encoding": "DigitalBits",
// CHECK-NEXT:   "cells_per_weight": 8,
// CHECK-NEXT:   "levels": 256,
// CHECK:      "encoding": {
// CHECK:        "crop_pixels": 397,
// CHECK:      "population": {
// CHECK-NEXT:   "model": "BayesianWTA",
// CHECK-NEXT:   "size": 500,
// CHECK:      "projection": {
// CHECK-NEXT:   "pre_size": 397,
// CHECK-NEXT:   "post_size": 500,
// CHECK-NEXT:   "has_bias": true,
// CHECK:      "pruning": {
// CHECK-NEXT:   "mode": "Soft",
// CHECK-NEXT:   "trigger": "NeuronSpikes",
// CHECK-NEXT:   "criterion": "LowestWeight",
// CHECK-NEXT:   "start": 1000,
// CHECK-NEXT:   "ramp": 60000,
// CHECK-NEXT:   "interval": 1000,
// CHECK-NEXT:   "target_fraction": 0.75,
// CHECK-NEXT:   "value": -1.0,
// CHECK:      "training": {
// CHECK-NEXT:   "dataset": "MNIST",
// CHECK-NEXT:   "epochs": 3,
// CHECK-NEXT:   "train_limit": 0,
// CHECK:      "placement": [
// CHECK:          "tile": 0,
// CHECK-NEXT:     "tile_row": 0,
// CHECK-NEXT:     "tile_col": 0,
// CHECK-NEXT:     "pre_begin": 0,
// CHECK-NEXT:     "pre_count": 398,
// CHECK-NEXT:     "post_begin": 0,
// CHECK-NEXT:     "post_count": 128
// CHECK:          "tile": 1,
// CHECK-NEXT:     "tile_row": 0,
// CHECK-NEXT:     "tile_col": 0,
// CHECK-NEXT:     "pre_begin": 0,
// CHECK-NEXT:     "pre_count": 398,
// CHECK-NEXT:     "post_begin": 128,
// CHECK-NEXT:     "post_count": 128
// CHECK:          "tile": 2,
// CHECK-NEXT:     "tile_row": 0,
// CHECK-NEXT:     "tile_col": 0,
// CHECK-NEXT:     "pre_begin": 0,
// CHECK-NEXT:     "pre_count": 398,
// CHECK-NEXT:     "post_begin": 256,
// CHECK-NEXT:     "post_count": 128
// CHECK:          "tile": 3,
// CHECK-NEXT:     "tile_row": 0,
// CHECK-NEXT:     "tile_col": 0,
// CHECK-NEXT:     "pre_begin": 0,
// CHECK-NEXT:     "pre_count": 398,
// CHECK-NEXT:     "post_begin": 384,
// CHECK-NEXT:     "post_count": 116
// CHECK-NEXT:   }
// CHECK-NEXT: ],
// CHECK-NEXT: "provenance": {
// CHECK-NEXT:   "spec_name": "shi2018",
// CHECK:        "overrides": [
// CHECK-NOT:      "key"
// CHECK:        ]
