//===- Mapping.cpp - a program's mapping and the options overriding it ----===//
#include "snn/Dialect/CBRAM/CBRAMOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::cbram;

namespace {
std::string text(uint32_t v) { return std::to_string(v); }
std::string text(bool v) { return v ? "true" : "false"; }
std::string text(StorageChoice v) { return stringifyStorageChoice(v).str(); }
std::string text(Rounding v) { return stringifyRounding(v).str(); }
std::string text(PlacementObjective v) {
  return stringifyPlacementObjective(v).str();
}
std::string text(WriteOrder v) { return stringifyWriteOrder(v).str(); }
std::string text(Accumulation v) { return stringifyAccumulation(v).str(); }
} // namespace

LogicalResult mlir::cbram::applyMappingOverrides(
    ProgramOp program, MappingAttr mapping, const MappingOverrides &o) {
  MLIRContext *ctx = program.getContext();
  // Previously recorded overrides, by key, keep the spec's value.
  SmallVector<OverrideAttr> recorded;
  if (ArrayAttr old = program.getOverridesAttr())
    for (Attribute a : old)
      recorded.push_back(cast<OverrideAttr>(a));
  auto record = [&](StringRef key, const std::string &was,
                    const std::string &now) {
    for (OverrideAttr &r : recorded)
      if (r.getKey() == key) {
        r = OverrideAttr::get(ctx, key, r.getSpecValue(), now);
        return;
      }
    if (was != now)
      recorded.push_back(OverrideAttr::get(ctx, key, was, now));
  };
  auto take = [&](StringRef key, auto current, const auto &given) {
    if (!given)
      return current;
    record(key, text(current), text(*given));
    return *given;
  };
  auto encoding = take("encoding", mapping.getEncoding(), o.encoding);
  auto cells = take("cells-per-weight", mapping.getCellsPerWeight(), o.cellsPerWeight);
  auto levels = take("levels", mapping.getLevels(), o.levels);
  auto rounding = take("rounding", mapping.getRounding(), o.rounding);
  auto objective = take("objective", mapping.getObjective(), o.objective);
  auto maxTiles = take("max-tiles", mapping.getMaxTiles(), o.maxTiles);
  auto batch = take("batch-size", mapping.getBatchSize(), o.batchSize);
  auto order = take("order", mapping.getOrder(), o.order);
  auto rotation = take("rotation-period", mapping.getRotationPeriod(), o.rotationPeriod);
  auto skipUnchanged = take("skip-unchanged", mapping.getSkipUnchanged(), o.skipUnchanged);
  auto skipPruned = take("skip-pruned", mapping.getSkipPruned(), o.skipPruned);
  auto accumulation = take("accumulation", mapping.getAccumulation(), o.accumulation);

  MappingAttr result = MappingAttr::getChecked(
      [&] { return program.emitError("with the given options, "); }, ctx,
      encoding, cells, levels, rounding, objective, maxTiles, batch, order,
      rotation, skipUnchanged, skipPruned, accumulation);
  if (!result)
    return failure();
  program.setMappingAttr(result);
  // An override back to the spec's value is no override.
  llvm::erase_if(recorded, [](OverrideAttr r) {
    return r.getSpecValue() == r.getValue();
  });
  if (recorded.empty())
    program.removeOverridesAttr();
  else
    program.setOverridesAttr(ArrayAttr::get(
        ctx, SmallVector<Attribute>(recorded.begin(), recorded.end())));
  return success();
}
