// snn-translate rejects input at the wrong level or incomplete programs with
// a located diagnostic and a non-zero exit.
// RUN: not snn-translate --snn-to-program %examples/tiny.mlir -o %t.snnp 2>&1 | FileCheck %s --check-prefix=LEVEL
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram --snn-cbram-quantize -o %t.unplaced.mlir
// RUN: not snn-translate --snn-to-program %t.unplaced.mlir -o %t.snnp 2>&1 | FileCheck %s --check-prefix=UNPLACED
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram -o %t.unquantized.mlir
// RUN: not snn-translate --snn-to-program %t.unquantized.mlir -o %t.snnp 2>&1 | FileCheck %s --check-prefix=UNQUANTIZED
// RUN: not snn-translate --program-to-json %s 2>&1 | FileCheck %s --check-prefix=NOTPROGRAM
// RUN: snn-opt %examples/tiny.mlir --snn-to-cbram-pipeline | snn-translate --snn-to-program -o %t.good.snnp
// RUN: head -c 200 %t.good.snnp > %t.truncated.snnp
// RUN: not snn-translate --program-to-json %t.truncated.snnp 2>&1 | FileCheck %s --check-prefix=TRUNCATED

// LEVEL: tiny.mlir:{{[0-9]+}}:1: error: snn-translate --snn-to-program needs the cbram level, found an 'snn.network'; run snn-opt --snn-to-cbram-pipeline first
// UNPLACED: error: program @tiny is not placed; run snn-opt --snn-to-cbram-pipeline
// UNQUANTIZED: error: program @tiny is not quantized
// NOTPROGRAM: error: {{.*}}errors.mlir: not an SNN program (no 'SNNP' file identifier)
// TRUNCATED: error: {{.*}}truncated.snnp: malformed SNN program: the FlatBuffers verifier rejects it
