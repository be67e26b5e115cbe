//===- Quantize.cpp - weights to device states ----------------------------===//
#include "snn/Dialect/CBRAM/CBRAMOps.h"
#include "snn/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mlir::snn {
#define GEN_PASS_DEF_CBRAMQUANTIZE
#include "snn/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;
using namespace mlir::cbram;
using mlir::snn::formatReal;

namespace {
struct QuantizePass : snn::impl::CBRAMQuantizeBase<QuantizePass> {
  using Base::Base;

  LogicalResult quantize(ProgramOp program) {
    auto weights = program.getFirst<WeightsOp>();
    if (auto existing = program.getFirst<QuantizeOp>())
      return existing.emitError("program @")
             << program.getSymName() << " is already quantized";
    DeviceAttr device = program.getDevice();
    double wMin = weights.getWMin().convertToDouble();
    double wMax = weights.getWMax().convertToDouble();
    std::string range = "[" + formatReal(wMin) + ", " + formatReal(wMax) + "]";

    bool multiLevel = encoding == snn::EncodingChoice::multi_level ||
                      (encoding == snn::EncodingChoice::automatic &&
                       device.getLevels() > 2);
    uint32_t cells, numLevels;
    if (!multiLevel) {
      if (bits < 1 || bits > 16)
        return weights.emitError("digital storage needs 1 to 16 bits per "
                                 "weight, got ")
               << unsigned(bits);
      cells = bits;
      numLevels = levels ? unsigned(levels) : (1u << bits);
      if (numLevels < 2 || numLevels > (1u << bits))
        return weights.emitError("cannot store ")
               << numLevels << " weight levels in " << unsigned(bits)
               << " binary cells (2 to " << (1u << bits) << ")";
    } else {
      cells = 1;
      numLevels = levels ? unsigned(levels) : device.getLevels();
      if (numLevels < 2 || numLevels > device.getLevels())
        return weights.emitError("device card '")
               << device.getName() << "' has " << device.getLevels()
               << " states per cell: no states for " << numLevels
               << " weight levels over " << range
               << " in one multi-level cell; use encoding=digital or at most "
               << device.getLevels() << " levels";
      if (!(device.getGMaxUs().convertToDouble() >
            device.getGMinUs().convertToDouble()))
        return weights.emitError("device card '")
               << device.getName()
               << "' has no conductance range (g_min_us = g_max_us); it has "
                  "no analog states for weights over "
               << range << "; use encoding=digital";
    }

    // Level values, rounded to 15 significant digits so that the IR reads
    // "-0.333333333333333" rather than "-0.33333333333333337".
    auto tidy = [](double v) {
      char text[32];
      std::snprintf(text, sizeof(text), "%.15g", v);
      return std::strtod(text, nullptr);
    };
    SmallVector<double> values(numLevels);
    double step = (wMax - wMin) / (numLevels - 1);
    for (uint32_t k = 0; k < numLevels; ++k)
      values[k] = tidy(wMin + (wMax - wMin) * k / (numLevels - 1));

    // Multi-level: level k uses the device state evenly spaced among its
    // states; level 0 is the lowest conductance (least read energy).
    DenseF64ArrayAttr conductance;
    OpBuilder b(program.getBodyBlock(), program.getBodyBlock()->end());
    if (multiLevel) {
      double gMin = device.getGMinUs().convertToDouble();
      double gMax = device.getGMaxUs().convertToDouble();
      uint32_t states = device.getLevels();
      SmallVector<double> g(numLevels);
      for (uint32_t k = 0; k < numLevels; ++k) {
        double state = std::round(double(k) * (states - 1) / (numLevels - 1));
        // Cards hold single-precision numbers: keep pS precision.
        g[k] = std::round((gMin + state * (gMax - gMin) / (states - 1)) * 1e6) /
               1e6;
      }
      conductance = b.getDenseF64ArrayAttr(g);
    }

    // The level pruned weights hold. Soft: the pruned constant's level,
    // which should be the lowest-energy state; conventional/none: pruned
    // cells are never read, so they rest in the lowest-energy state.
    uint32_t prunedLevel = 0;
    if (auto prune = program.getFirst<PruneControllerOp>()) {
      if (auto soft = dyn_cast<snn::SoftPruneAttr>(prune.getSchedule())) {
        double value = soft.getValue().convertToDouble();
        long k = std::lround((value - wMin) / step);
        prunedLevel = uint32_t(std::clamp<long>(k, 0, numLevels - 1));
        if (std::fabs(values[prunedLevel] - value) > 1e-9 * (wMax - wMin))
          prune.emitWarning("soft-pruned value ")
              << formatReal(value) << " is not a weight level; pruned weights "
              << "hold level " << prunedLevel << " ("
              << formatReal(values[prunedLevel]) << ")";
        if (prunedLevel != 0)
          prune.emitWarning("soft-pruned value ")
              << formatReal(value) << " maps to level " << prunedLevel
              << ", not the lowest-energy state (level 0 = "
              << formatReal(wMin)
              << "); pruned cells will draw more read current";
      }
    }

    b.create<QuantizeOp>(
        weights.getLoc(), weights.getMatrix(),
        CellEncodingAttr::get(b.getContext(), multiLevel
                                                  ? CellEncoding::multi_level
                                                  : CellEncoding::digital),
        b.getI32IntegerAttr(cells), b.getI32IntegerAttr(numLevels),
        RoundingAttr::get(b.getContext(), rounding),
        b.getI32IntegerAttr(prunedLevel), b.getDenseF64ArrayAttr(values),
        conductance);
    return success();
  }

  void runOnOperation() override {
    SmallVector<ProgramOp> programs(getOperation().getOps<ProgramOp>());
    for (ProgramOp program : programs)
      if (failed(quantize(program)))
        return signalPassFailure();
  }
};
} // namespace
