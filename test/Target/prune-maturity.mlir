// Pruning maturity flows from the spec into the program, and snn-run prunes
// only weights that have stopped changing: with a maturity longer than the
// run nothing can be pruned, while the same schedule without it prunes.
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed 's/interval = 50, target_fraction = 0.5>/interval = 5, target_fraction = 0.5, maturity = 7>/; s/start = 100, ramp = 100/start = 0, ramp = 0/' %examples/tiny.mlir > %t/mature.mlir
// RUN: snn-opt %t/mature.mlir --snn-to-cbram-pipeline | snn-translate --snn-to-program -o %t/mature.snnp
// RUN: snn-translate --program-to-json %t/mature.snnp | FileCheck %s
// CHECK:      "pruning": {
// CHECK:        "interval": 5,
// CHECK:        "maturity": 7
// REQUIRES: mnist
// RUN: snn-run %t/mature.snnp --data %mnist --train-limit 30 --test-limit 10 --quiet --report %t/mature.json
// RUN: %python -c "import json; r = json.load(open('%t/mature.json')); print('pruned %.2f' % r['pruning']['final_fraction'])" | FileCheck %s --check-prefix=MATURE
// MATURE: pruned 0.00
// RUN: sed 's/, maturity = 7//' %t/mature.mlir | snn-opt --snn-to-cbram-pipeline | snn-translate --snn-to-program -o %t/plain.snnp
// RUN: snn-run %t/plain.snnp --data %mnist --train-limit 30 --test-limit 10 --quiet --report %t/plain.json
// RUN: %python -c "import json; r = json.load(open('%t/plain.json')); print('pruned %.2f' % r['pruning']['final_fraction'])" | FileCheck %s --check-prefix=PLAIN
// PLAIN: pruned 0.50
