// A pipeline option that changes the spec's experiment travels into the
// program and is printed by snn-run (summary and report); the spec's own
// target is printed too.
// REQUIRES: mnist
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram-pipeline="cells-per-weight=3 order=wear-leveling" | snn-translate --snn-to-program -o %t.snnp
// RUN: snn-run %t.snnp --data %mnist --train-limit 10 --assign-limit 10 --test-limit 10 2>/dev/null | FileCheck %s
// RUN: snn-run %t.snnp --data %mnist --train-limit 10 --assign-limit 10 --test-limit 10 --quiet --report - | %python -c "import json,sys; p=json.load(sys.stdin)['program']; print('spec', p['spec_name'], len(p['spec_digest'])); print('overrides', [(o['key'], o['spec_value'], o['value']) for o in p['overrides']])" | FileCheck %s --check-prefix=JSON
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram-pipeline | snn-translate --snn-to-program -o %t.plain.snnp
// RUN: snn-run %t.plain.snnp --data %mnist --train-limit 10 --assign-limit 10 --test-limit 10 2>/dev/null | FileCheck %s --check-prefix=PLAIN

// CHECK:      weights digital words, 3 cell(s) per weight, 8 levels; writes: batch 64, wear-leveling order, skip unchanged, skip pruned
// CHECK-NEXT: spec @tiny (sha256 {{[0-9a-f]+}}), snn-translate {{.*}}
// CHECK-NEXT: override cells-per-weight: 3 (spec: 4)
// CHECK-NEXT: override order: wear_leveling (spec: row)

// JSON: spec tiny 64
// JSON: overrides [('cells-per-weight', '4', '3'), ('order', 'row', 'wear_leveling')]

// PLAIN:     weights digital words, 4 cell(s) per weight, 16 levels; writes: batch 64, row order, skip unchanged, skip pruned
// PLAIN-NOT: override
