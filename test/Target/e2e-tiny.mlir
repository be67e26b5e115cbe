// End to end: the tiny example through the compiler, then trained and tested
// on the simulated chip. Chance is 10%; this network reaches 26-38% on 300
// training images over seeds 1-4, so 20% catches a broken mapping.
// REQUIRES: mnist
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram-pipeline | snn-translate --snn-to-program -o %t.snnp
// RUN: snn-run %t.snnp --data %mnist --report %t.json --quiet
// RUN: %python -c "import json; r = json.load(open(r'%t.json')); a = r['accuracy']['test']; print('accuracy', 'ok' if a >= 0.20 else 'LOW %%f' %% a); print('program', r['program']['producer'], r['program']['device'], r['program']['chip']); print('writes issued', r['write_scheduling']['writes_issued'] > 0)" | FileCheck %s

// CHECK: accuracy ok
// CHECK: program snn-translate {{[0-9.]+}} subquantum-cbram cbram-512k
// CHECK: writes issued True
