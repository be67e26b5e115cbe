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
    std::optional<cb::DeviceCard> card = cb::lookupDeviceCard(name);
    if (!card)
      return network.emitError("unknown device card '")
             << name << "' (from --snn-device); known: "
             << cb::joinNames(cb::getDeviceCardNames());
    return cb::getDeviceAttr(ctx, *card);
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
    std::optional<cb::ChipCard> card = cb::lookupChipCard(name);
    if (!card)
      return network.emitError("unknown chip '")
             << name << "' (from --snn-chip); known: "
             << cb::joinNames(cb::getChipCardNames());
    return cb::getChipAttr(ctx, *card);
  }

  LogicalResult convert(NetworkOp network) {
    Block &body = network.getBody().front();
    FailureOr<cb::DeviceAttr> deviceAttr = resolveDevice(network);
    FailureOr<cb::ChipAttr> chipAttr = resolveChip(network);
    if (failed(deviceAttr) || failed(chipAttr))
      return failure();

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
    auto program = b.create<cb::ProgramOp>(
        network.getLoc(), network.getSymName(), *deviceAttr, *chipAttr);
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
        f64(projection.getWMin()), f64(projection.getWMax()));

    uint32_t units = std::min(post, chipAttr->getNeuronUnits());
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
    b.create<cb::TrainOp>(
        train.getLoc(), train.getDatasetAttr(),
        b.getI32IntegerAttr(train.getEpochs()),
        b.getI32IntegerAttr(train.getImages()),
        b.getI64IntegerAttr(train.getSeed()), assignment,
        b.getI32IntegerAttr(evaluate ? evaluate.getAssignImages() : 0),
        b.getI32IntegerAttr(evaluate ? evaluate.getTestImages() : 0));

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
