//===- SNNToCBRAM.cpp - map an snn.network onto a chip --------------------===//
//
// One snn.network becomes one cbram.program: the network's components move
// to the chip units that run them. Quantization, placement and the write
// schedule are separate passes (lib/Transforms).
//
//===----------------------------------------------------------------------===//
#include "snn/Conversion/Passes.h"
#include "snn/Dialect/CBRAM/CBRAMOps.h"
#include "snn/Dialect/SNN/SNNOps.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA256.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNTOCBRAM
#include "snn/Conversion/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;
using namespace mlir::snn;
namespace cb = mlir::cbram;

namespace {
constexpr llvm::StringLiteral kDefaultDevice = "subquantum-cbram";
constexpr llvm::StringLiteral kDefaultChip = "cbram-512k";

struct SNNToCBRAMPass : snn::impl::SNNToCBRAMBase<SNNToCBRAMPass> {
  using Base::Base;

  FailureOr<cb::DeviceAttr> resolveDevice(NetworkOp network) {
    MLIRContext *ctx = network.getContext();
    StringRef name = device;
    if (name.empty()) {
      if (auto attr = network->getAttrOfType<cb::DeviceAttr>(
              cb::CBRAMDialect::kDeviceAttrName))
        return attr;
      name = kDefaultDevice;
    }
    std::optional<::snn_contract::DeviceCard> card =
        ::snn_contract::lookupDeviceCard(name.str());
    if (!card)
      return network.emitError("unknown device card '")
             << name << "' (from --snn-device); shipped: "
             << cb::joinNames(::snn_contract::deviceCardNames());
    return cb::DeviceAttr::get(ctx, *card);
  }

  FailureOr<cb::ChipAttr> resolveChip(NetworkOp network) {
    MLIRContext *ctx = network.getContext();
    StringRef name = chip;
    if (name.empty()) {
      if (auto attr = network->getAttrOfType<cb::ChipAttr>(
              cb::CBRAMDialect::kChipAttrName))
        return attr;
      name = kDefaultChip;
    }
    std::optional<::snn_contract::ChipCard> card =
        ::snn_contract::lookupChipCard(name.str());
    if (!card)
      return network.emitError("unknown chip '")
             << name << "' (from --snn-chip); shipped: "
             << cb::joinNames(::snn_contract::chipCardNames());
    return cb::ChipAttr::get(ctx, *card);
  }

  /// SHA-256 (hex) of the network's canonical text: generic form, no
  /// locations, so comments and layout do not change it.
  static std::string specDigest(NetworkOp network) {
    std::string text;
    llvm::raw_string_ostream os(text);
    network->print(os, OpPrintingFlags().printGenericOpForm().useLocalScope());
    os.flush();
    std::array<uint8_t, 32> hash = llvm::SHA256::hash(
        ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(text.data()),
                          text.size()));
    return llvm::toHex(hash, /*LowerCase=*/true);
  }

  static std::string specDeviceName(NetworkOp network) {
    if (auto attr = network->getAttrOfType<cb::DeviceAttr>(
            cb::CBRAMDialect::kDeviceAttrName))
      return attr.getCard().name;
    return kDefaultDevice.str();
  }
  static std::string specChipName(NetworkOp network) {
    if (auto attr = network->getAttrOfType<cb::ChipAttr>(
            cb::CBRAMDialect::kChipAttrName))
      return attr.getCard().name;
    return kDefaultChip.str();
  }
  static void recordCardOverride(cb::ProgramOp program, StringRef key,
                                 StringRef was, StringRef now) {
    SmallVector<Attribute> list;
    if (ArrayAttr old = program.getOverridesAttr())
      list.assign(old.begin(), old.end());
    list.push_back(cb::OverrideAttr::get(program.getContext(), key, was, now));
    program.setOverridesAttr(ArrayAttr::get(program.getContext(), list));
  }

  LogicalResult convert(NetworkOp network) {
    Block &body = network.getBody().front();
    FailureOr<cb::DeviceAttr> deviceAttr = resolveDevice(network);
    FailureOr<cb::ChipAttr> chipAttr = resolveChip(network);
    if (failed(deviceAttr) || failed(chipAttr))
      return failure();
    std::string digest = specDigest(network);

    // The chip runs one plastic layer: input -> projection -> population.
    SmallVector<ProjectionOp> projections(body.getOps<ProjectionOp>());
    SmallVector<PopulationOp> populations(body.getOps<PopulationOp>());
    if (projections.empty())
      return network.emitError("cannot map network @")
             << network.getSymName()
             << ": it has no 'snn.projection', so nothing to store or learn";
    if (projections.size() > 1)
      return projections[1].emitError(
                 "cannot map a second projection: the chip runs one plastic "
                 "layer (one projection from the input into one population)")
                 .attachNote(projections[0].getLoc())
             << "the first projection";
    ProjectionOp projection = projections.front();
    InputOp input = network.getInput();
    if (projection.getPre() != input.getSpikes())
      return projection.emitError(
          "cannot map a projection whose source is not the input: the chip "
          "runs one plastic layer fed by the encoder");
    auto population = projection.getPost().getDefiningOp<PopulationOp>();
    if (populations.size() != 1)
      return network.emitError("cannot map ")
             << populations.size()
             << " populations: the chip runs one population";
    StdpOp stdp;
    for (auto op : body.getOps<StdpOp>())
      stdp = op;
    if (!stdp)
      return projection.emitError(
          "cannot map a projection without 'snn.stdp': the chip's STDP "
          "engine needs a learning rule");
    PruneOp prune;
    for (auto op : body.getOps<PruneOp>())
      prune = op;

    OpBuilder b(network);
    auto f64 = [&](const llvm::APFloat &v) {
      return b.getF64FloatAttr(v.convertToDouble());
    };
    auto specMapping = network->getAttrOfType<cb::MappingAttr>(
        cb::CBRAMDialect::kMappingAttrName);
    if (!specMapping)
      specMapping = cb::MappingAttr::getDefaults(b.getContext());
    auto program = b.create<cb::ProgramOp>(network.getLoc(),
                                           network.getSymName(), *deviceAttr,
                                           *chipAttr, specMapping);
    program.setSpecDigest(digest);
    // Card and chip given as options are overrides too.
    if (!device.empty() && device != specDeviceName(network))
      recordCardOverride(program, "snn-device", specDeviceName(network),
                         device);
    if (!chip.empty() && chip != specChipName(network))
      recordCardOverride(program, "snn-chip", specChipName(network), chip);
    cb::MappingOverrides given;
    CBRAM_TAKE_OVERRIDE(given, encoding)
    CBRAM_TAKE_OVERRIDE(given, cellsPerWeight)
    CBRAM_TAKE_OVERRIDE(given, levels)
    CBRAM_TAKE_OVERRIDE(given, rounding)
    CBRAM_TAKE_OVERRIDE(given, objective)
    CBRAM_TAKE_OVERRIDE(given, maxTiles)
    CBRAM_TAKE_OVERRIDE(given, batchSize)
    CBRAM_TAKE_OVERRIDE(given, order)
    CBRAM_TAKE_OVERRIDE(given, rotationPeriod)
    CBRAM_TAKE_OVERRIDE(given, skipUnchanged)
    CBRAM_TAKE_OVERRIDE(given, skipPruned)
    CBRAM_TAKE_OVERRIDE(given, accumulation)
    if (failed(cb::applyMappingOverrides(program, specMapping, given))) {
      program.erase();
      return failure();
    }
    b.setInsertionPointToStart(program.getBodyBlock());

    b.create<cb::EncoderOp>(input.getLoc(), input.getWidthAttr(),
                            input.getHeightAttr(), input.getCropAttr(),
                            input.getMaskAttr(), input.getEncodingAttr(),
                            input.getKeepStateAttr());

    uint32_t pre = input.getNumChannels();
    uint32_t post = population.getSpikes().getType().getSize();
    bool bias = projection.getBias();
    auto matrixType =
        cb::MatrixType::get(b.getContext(), pre + (bias ? 1 : 0), post);
    auto weights = b.create<cb::WeightsOp>(
        projection.getLoc(), matrixType, projection.getInitAttr(),
        f64(projection.getInitLow()), f64(projection.getInitHigh()),
        bias ? f64(projection.getBiasLow()) : FloatAttr(),
        bias ? f64(projection.getBiasHigh()) : FloatAttr(),
        f64(projection.getWMin()), f64(projection.getWMax()),
        projection.getInitialWeightsAttr());

    uint32_t units = std::min(post, chipAttr->getCard().neuron_units);
    b.create<cb::NeuronsOp>(population.getLoc(), b.getI32IntegerAttr(post),
                            population.getModel(), b.getI32IntegerAttr(units));

    b.create<cb::StdpEngineOp>(
        stdp.getLoc(), weights, stdp.getLtpAttr(), stdp.getLtdAttr(),
        f64(stdp.getWindowMs()), f64(stdp.getEtaLtp()), f64(stdp.getEtaLtd()),
        f64(stdp.getLtpC()), b.getBoolAttr(stdp.getLearnBias()),
        f64(stdp.getAnnealTo()));

    if (prune)
      b.create<cb::PruneControllerOp>(prune.getLoc(), weights,
                                      prune.getSchedule());

    TrainOp train = network.getTrain();
    EvaluateOp evaluate = network.getEvaluate();
    auto assignment =
        evaluate ? evaluate.getAssignmentAttr()
                 : AssignmentAttr::get(b.getContext(),
                                       Assignment::max_average_response);
    // A readout value the spec leaves out is 0 in the program: as in training.
    auto readout = [&](std::optional<APFloat> (EvaluateOp::*get)()) {
      std::optional<APFloat> v = evaluate ? (evaluate.*get)() : std::nullopt;
      return b.getF64FloatAttr(v ? v->convertToDouble() : 0.0);
    };
    b.create<cb::TrainOp>(
        train.getLoc(), train.getDatasetAttr(),
        b.getI32IntegerAttr(train.getEpochs()),
        b.getI32IntegerAttr(train.getImages()),
        b.getI64IntegerAttr(train.getSeed()), assignment,
        b.getI32IntegerAttr(evaluate ? evaluate.getAssignImages() : 0),
        b.getI32IntegerAttr(evaluate ? evaluate.getTestImages() : 0),
        readout(&EvaluateOp::getPresentationMs),
        readout(&EvaluateOp::getMaxRateHz), readout(&EvaluateOp::getTotalRateHz));

    network.erase();
    return success();
  }

  void runOnOperation() override {
    SmallVector<NetworkOp> networks(getOperation().getOps<NetworkOp>());
    for (NetworkOp network : networks)
      if (failed(convert(network)))
        return signalPassFailure();
  }
};
} // namespace
