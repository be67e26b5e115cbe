//===- InitAll.h - register every dialect and pass of the project -*- C++ -*-=//
#ifndef SNN_INITALL_H
#define SNN_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace snn {
/// Adds the project's dialects (and the upstream ones specs may use).
void registerAllDialects(mlir::DialectRegistry &registry);
/// Registers the project's passes and pass pipelines with the global registry.
void registerAllPasses();
} // namespace snn

#endif // SNN_INITALL_H
