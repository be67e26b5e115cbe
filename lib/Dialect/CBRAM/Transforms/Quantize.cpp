//===- Quantize.cpp - weights to device states ----------------------------===//
#include "snn/Dialect/CBRAM/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mlir::cbram {
#define GEN_PASS_DEF_CBRAMQUANTIZE
#include "snn/Dialect/CBRAM/Transforms/Passes.h.inc"
} // namespace mlir::cbram

using namespace mlir;
using namespace mlir::cbram;
using mlir::snn::formatReal;

namespace {
struct QuantizePass : cbram::impl::CBRAMQuantizeBase<QuantizePass> {
  using Base::Base;

  // Adds (key, was, now) to the program's overrides, keeping the spec's
  // value of an earlier override of the same key.
  static void recordOverride(ProgramOp program, StringRef key, StringRef was,
                             StringRef now) {
    MLIRContext *ctx = program.getContext();
    SmallVector<Attribute> list;
    bool merged = false;
    if (ArrayAttr old = program.getOverridesAttr())
      for (Attribute a : old) {
        auto o = cast<OverrideAttr>(a);
        if (o.getKey() == key) {
          a = OverrideAttr::get(ctx, key, o.getSpecValue(), now);
          merged = true;
        }
        list.push_back(a);
      }
    if (!merged)
      list.push_back(OverrideAttr::get(ctx, key, was, now));
    program.setOverridesAttr(ArrayAttr::get(ctx, list));
  }

  LogicalResult quantize(ProgramOp program) {
    auto weights = program.getFirst<WeightsOp>();
    if (auto existing = program.getFirst<QuantizeOp>())
      return existing.emitError("program @")
             << program.getSymName() << " is already quantized";
    MappingOverrides given;
    CBRAM_TAKE_OVERRIDE(given, encoding)
    CBRAM_TAKE_OVERRIDE(given, cellsPerWeight)
    CBRAM_TAKE_OVERRIDE(given, levels)
    CBRAM_TAKE_OVERRIDE(given, rounding)
    if (failed(applyMappingOverrides(program, program.getMapping(), given)))
      return failure();
    MappingAttr mapping = program.getMapping();
    const ::snn_contract::DeviceCard &device = program.getDevice().getCard();
    double wMin = weights.getWMin().convertToDouble();
    double wMax = weights.getWMax().convertToDouble();
    std::string range = "[" + formatReal(wMin) + ", " + formatReal(wMax) + "]";

    bool multiLevel = mapping.getEncoding() == StorageChoice::multi_level ||
                      (mapping.getEncoding() == StorageChoice::automatic &&
                       device.levels > 2);
    uint32_t bits = mapping.getCellsPerWeight();
    uint32_t cells, numLevels;
    if (!multiLevel) {
      // The mapping attribute guarantees 1 <= bits <= 16.
      cells = bits;
      numLevels = mapping.getLevels() ? mapping.getLevels() : (1u << bits);
      if (numLevels < 2 || numLevels > (1u << bits))
        return weights.emitError("cannot store ")
               << numLevels << " weight levels in " << bits
               << " binary cells (2 to " << (1u << bits) << ")";
    } else {
      cells = 1;
      numLevels = mapping.getLevels() ? mapping.getLevels() : device.levels;
      if (numLevels < 2 || numLevels > device.levels)
        return weights.emitError("device card '")
               << device.name << "' has " << device.levels
               << " states per cell: no states for " << numLevels
               << " weight levels over " << range
               << " in one multi-level cell; use encoding=digital or at most "
               << device.levels << " levels";
      if (!(device.g_max_us > device.g_min_us))
        return weights.emitError("device card '")
               << device.name
               << "' has no conductance range (g_min_us = g_max_us); it has "
                  "no analog states for weights over "
               << range << "; use encoding=digital";
    }

    // A multi-level cell is sensed as one analog value per column: the
    // column ADC must resolve every state used. A chip with a coarser
    // converter (e.g. the sense amplifiers of a binary array) gets one that
    // does, recorded as an override so the program says how it differs from
    // the spec.
    if (multiLevel) {
      uint32_t need = 1;
      while ((1u << need) < numLevels) ++need;
      ::snn_contract::ChipCard chip = program.getChip().getCard();
      if (chip.adc_bits < need) {
        std::string was = std::to_string(chip.adc_bits);
        chip.adc_bits = need;
        program.setChipAttr(ChipAttr::get(program.getContext(), chip));
        recordOverride(program, "adc-bits", was, std::to_string(need));
      }
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

    // Conductance of every cell state used. Multi-level: level k uses the
    // device state evenly spaced among its states; digital: a binary cell's
    // two states are the card's extremes. Level 0 is the lowest conductance
    // (least read energy).
    OpBuilder b(program.getBodyBlock(), program.getBodyBlock()->end());
    double gMin = device.g_min_us, gMax = device.g_max_us;
    SmallVector<double> g;
    if (multiLevel) {
      uint32_t states = device.levels;
      for (uint32_t k = 0; k < numLevels; ++k) {
        double state = std::round(double(k) * (states - 1) / (numLevels - 1));
        double gk = gMin + state * (gMax - gMin) / (states - 1);
        // Cards hold single-precision numbers: keep pS precision, within
        // the card's range.
        g.push_back(std::clamp(std::round(gk * 1e6) / 1e6, gMin, gMax));
      }
    } else {
      g = {gMin, gMax};
    }
    DenseF64ArrayAttr conductance = b.getDenseF64ArrayAttr(g);

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
        RoundingAttr::get(b.getContext(), mapping.getRounding()),
        b.getI32IntegerAttr(prunedLevel), b.getDenseF64ArrayAttr(values),
        conductance);
    return success();
  }

  void runOnOperation() override {
    if (failed(quantize(getOperation())))
      return signalPassFailure();
  }
};
} // namespace
