//===- NIR.h - NIR graphs in and out of the snn dialect ----------*- C++ -*-===//
#ifndef SNN_TARGET_NIR_H
#define SNN_TARGET_NIR_H

namespace mlir::snn {
/// Registers --import-nir and --export-nir (with --nir-model) with
/// mlir-translate. docs/nir.md describes the mapping.
void registerNIRTranslations();
} // namespace mlir::snn

#endif // SNN_TARGET_NIR_H
