//===- SNNOps.cpp - operations of the snn dialect -------------------------===//
#include "snn/Dialect/SNN/SNNOps.h"
#include "snn/contract/Limits.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace mlir::snn;

//===----------------------------------------------------------------------===//
// NetworkOp
//===----------------------------------------------------------------------===//

void NetworkOp::build(OpBuilder &builder, OperationState &state,
                      StringRef name) {
  state.addAttribute(getSymNameAttrName(state.name),
                     builder.getStringAttr(name));
  Region *body = state.addRegion();
  body->push_back(new Block());
}

template <typename OpT>
static OpT firstOf(NetworkOp network) {
  auto range = network.getBody().front().getOps<OpT>();
  return range.empty() ? OpT() : *range.begin();
}

InputOp NetworkOp::getInput() { return firstOf<InputOp>(*this); }
TrainOp NetworkOp::getTrain() { return firstOf<TrainOp>(*this); }
EvaluateOp NetworkOp::getEvaluate() { return firstOf<EvaluateOp>(*this); }

LogicalResult NetworkOp::verifyRegions() {
  Block &body = getBody().front();
  auto fail = [&](Operation *at, const Twine &msg,
                  Operation *noteAt = nullptr) -> LogicalResult {
    InFlightDiagnostic diag = at->emitOpError(msg);
    if (noteAt)
      diag.attachNote(noteAt->getLoc()) << "the first one is here";
    return diag;
  };

  // Exactly one input, one training setup; at most one evaluation setup.
  Operation *input = nullptr, *train = nullptr, *evaluate = nullptr;
  for (Operation &op : body) {
    if (isa<InputOp>(op)) {
      if (input)
        return fail(&op, "is a second input; a network reads exactly one "
                         "image stream", input);
      input = &op;
    } else if (isa<TrainOp>(op)) {
      if (train)
        return fail(&op, "is a second training setup", train);
      train = &op;
    } else if (isa<EvaluateOp>(op)) {
      if (evaluate)
        return fail(&op, "is a second evaluation setup", evaluate);
      evaluate = &op;
    }
  }
  if (!input)
    return emitOpError("has no 'snn.input'; a network needs an image input");
  if (!train)
    return emitOpError("has no 'snn.train'; say which data set to learn from");
  if (evaluate &&
      failed(cast<EvaluateOp>(evaluate).verifyReadout(cast<InputOp>(input), body)))
    return failure();

  // Each population is driven by exactly one projection; each projection
  // carries at most one learning rule and one pruning schedule, and pruning
  // needs a learning rule (it freezes weights that learning has matured).
  llvm::DenseMap<Value, ProjectionOp> incoming;
  for (auto projection : body.getOps<ProjectionOp>()) {
    auto [it, inserted] = incoming.try_emplace(projection.getPost(), projection);
    if (!inserted)
      return fail(projection, "is a second projection into the same "
                              "population; only one is supported",
                  it->second);
  }
  for (auto population : body.getOps<PopulationOp>())
    if (!incoming.count(population.getSpikes()))
      return population.emitOpError(
          "has no incoming projection; it could never fire or learn");

  llvm::DenseMap<Value, Operation *> stdpOf, pruneOf;
  for (auto stdp : body.getOps<StdpOp>()) {
    auto [it, inserted] = stdpOf.try_emplace(stdp.getSynapses(), stdp);
    if (!inserted)
      return fail(stdp, "is a second learning rule on the same projection",
                  it->second);
  }
  for (auto prune : body.getOps<PruneOp>()) {
    auto [it, inserted] = pruneOf.try_emplace(prune.getSynapses(), prune);
    if (!inserted)
      return fail(prune, "is a second pruning schedule on the same projection",
                  it->second);
    if (!stdpOf.count(prune.getSynapses()))
      return prune.emitOpError(
          "prunes a projection that has no 'snn.stdp'; pruning freezes "
          "weights that learning has matured");
  }
  return success();
}

//===----------------------------------------------------------------------===//
// EvaluateOp
//===----------------------------------------------------------------------===//

// `presentation_ms 350.0`: reals as people write them, finite only, like the
// parameters of the dialect's attributes.
static ParseResult parseReal(OpAsmParser &parser, FloatAttr &attr) {
  FailureOr<APFloat> value = parseFiniteReal(parser);
  if (failed(value))
    return failure();
  attr = parser.getBuilder().getF64FloatAttr(value->convertToDouble());
  return success();
}

static void printReal(OpAsmPrinter &printer, Operation *, FloatAttr attr) {
  printer << printableReal(attr.getValueAsDouble());
}

LogicalResult EvaluateOp::verify() {
  // Left out, a value is training's; given, it is a time or a rate.
  for (auto [name, value] : {std::pair{"presentation_ms", getPresentationMs()},
                             std::pair{"max_rate_hz", getMaxRateHz()},
                             std::pair{"total_rate_hz", getTotalRateHz()}})
    if (value && !(value->convertToDouble() > 0.0 && value->isFinite()))
      return emitOpError("'") << name
                              << "' must be a positive, finite number (leave it out "
                                 "to keep training's), got "
                              << formatReal(value->convertToDouble());
  return success();
}

LogicalResult EvaluateOp::verifyReadout(InputOp input, Block &body) {
  // The readout obeys training's rules, at the input's time step.
  const double dtMs = input.getEncoding().getDtMs().convertToDouble();
  auto emitError = [&] { return emitOpError(); };
  if (auto ms = getPresentationMs();
      ms && failed(checkPresentationMs(emitError, "presentation_ms", ms->convertToDouble(), dtMs)))
    return failure();
  if (auto hz = getMaxRateHz();
      hz && failed(checkSpikeRate(emitError, "max_rate_hz", hz->convertToDouble(), dtMs)))
    return failure();
  if (!getTotalRateHz())
    return success();
  const double totalRateHz = getTotalRateHz()->convertToDouble();
  for (auto population : body.getOps<PopulationOp>())
    if (!isa<BayesianWTAAttr>(population.getModel())) {
      InFlightDiagnostic diag =
          emitOpError("sets 'total_rate_hz', the output rate of a "
                      "'#snn.bayesian_wta' layer; LIF neurons fire from their "
                      "potentials");
      diag.attachNote(population.getLoc()) << "the population is here";
      return diag;
    }
  return checkSpikeRate(emitError, "total_rate_hz", totalRateHz, dtMs);
}

//===----------------------------------------------------------------------===//
// InputOp
//===----------------------------------------------------------------------===//

uint32_t InputOp::getNumChannels() {
  if (auto mask = getMask())
    return mask->size();
  if (auto crop = getCrop())
    return *crop;
  return getWidth() * getHeight();
}

LogicalResult InputOp::verify() {
  int64_t pixels = int64_t(getWidth()) * getHeight();
  if (uint64_t(pixels) > ::snn_contract::kMaxImagePixels)
    return emitOpError("reads ")
           << getWidth() << "x" << getHeight() << " images (" << pixels
           << " pixels), more than the limit of 2^20 = "
           << ::snn_contract::kMaxImagePixels;
  if (getCrop() && getMask())
    return emitOpError("has both 'crop' and 'mask'; give the number of pixels "
                       "to keep or the pixels themselves, not both");
  if (auto crop = getCrop()) {
    if (*crop <= 0 || *crop > pixels)
      return emitOpError("crops to ")
             << *crop << " pixels, but a " << getWidth() << "x" << getHeight()
             << " image has " << pixels << "; 'crop' must be in [1, " << pixels
             << "]";
  }
  if (auto mask = getMask()) {
    if (mask->empty())
      return emitOpError("has an empty 'mask'");
    llvm::DenseSet<int32_t> seen;
    for (int32_t index : *mask) {
      if (index < 0 || index >= pixels)
        return emitOpError("mask index ")
               << index << " is outside the " << getWidth() << "x"
               << getHeight() << " image";
      if (!seen.insert(index).second)
        return emitOpError("mask lists pixel ") << index << " twice";
    }
  }
  uint32_t channels = getNumChannels();
  if (getSpikes().getType().getSize() != channels)
    return emitOpError("result has ")
           << getSpikes().getType().getSize() << " channels, but the input "
           << "keeps " << channels << " pixels";
  return success();
}

//===----------------------------------------------------------------------===//
// ProjectionOp
//===----------------------------------------------------------------------===//

LogicalResult ProjectionOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, ValueRange operands,
    DictionaryAttr, OpaqueProperties, RegionRange,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  if (operands.size() != 2)
    return failure();
  auto pre = dyn_cast<SpikesType>(operands[0].getType());
  auto post = dyn_cast<SpikesType>(operands[1].getType());
  if (!pre || !post)
    return failure();
  inferredReturnTypes.push_back(
      SynapsesType::get(context, pre.getSize(), post.getSize()));
  return success();
}

LogicalResult ProjectionOp::verify() {
  Operation *source = getPre().getDefiningOp();
  if (!source || !isa<InputOp, PopulationOp>(source))
    return emitOpError("source must be an 'snn.input' or 'snn.population'");
  Operation *target = getPost().getDefiningOp();
  if (!target || !isa<PopulationOp>(target))
    return emitOpError("target must be an 'snn.population'; spikes cannot be "
                       "projected into the input");

  double lo = getWMin().convertToDouble(), hi = getWMax().convertToDouble();
  if (!(lo < hi))
    return emitOpError("weight range is empty: 'w_min' (")
           << formatReal(lo) << ") must be below 'w_max' (" << formatReal(hi) << ")";
  auto checkRange = [&](StringRef what, double a, double b) -> LogicalResult {
    if (a > b)
      return emitOpError() << what << " range [" << formatReal(a) << ", " << formatReal(b)
                           << "] is reversed";
    if (a < lo || b > hi)
      return emitOpError() << what << " range [" << formatReal(a) << ", " << formatReal(b)
                           << "] leaves the weight range [" << formatReal(lo) << ", " << formatReal(hi)
                           << "]";
    return success();
  };
  // Explicit initial weights: a 2-D float matrix of the projection's shape
  // (bias row included, last), every value in the weight range.
  if (getInit() == InitKind::dense || getInitialWeights()) {
    if (!getInitialWeights())
      return emitOpError("'init dense' needs 'initial_weights' (a 2-D float elements attribute)");
    if (getInit() != InitKind::dense)
      return emitOpError("'initial_weights' needs 'init dense'");
    ElementsAttr w = *getInitialWeights();
    auto type = dyn_cast<ShapedType>(w.getType());
    int64_t rows = int64_t(getPre().getType().getSize()) + (getBias() ? 1 : 0);
    int64_t cols = getPost().getType().getSize();
    if (!type || !isa<FloatType>(type.getElementType()) || type.getRank() != 2 ||
        type.getDimSize(0) != rows || type.getDimSize(1) != cols)
      return emitOpError("'initial_weights' must be a float matrix of shape ")
             << rows << "x" << cols << " (inputs" << (getBias() ? " + bias row" : "")
             << " x neurons), got " << w.getType();
    FailureOr<SmallVector<double>> values = readInitialWeights(w);
    if (failed(values))
      return emitOpError("'initial_weights' must be dense elements or a dense resource with data");
    for (size_t i = 0; i < values->size(); ++i) {
      double v = (*values)[i];
      if (!std::isfinite(v) || v < lo || v > hi)
        return emitOpError("initial weight [")
               << i / cols << ", " << i % cols << "] = " << formatReal(v)
               << " leaves the weight range [" << formatReal(lo) << ", " << formatReal(hi) << "]";
    }
    if (getBias() && failed(checkRange("bias", getBiasLow().convertToDouble(),
                                       getBiasHigh().convertToDouble())))
      return failure();
    return success();
  }
  double initHigh = getInit() == InitKind::constant
                        ? getInitLow().convertToDouble()
                        : getInitHigh().convertToDouble();
  if (failed(checkRange("initial weight", getInitLow().convertToDouble(),
                        initHigh)))
    return failure();
  if (getBias() && failed(checkRange("bias", getBiasLow().convertToDouble(),
                                     getBiasHigh().convertToDouble())))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// StdpOp and PruneOp
//===----------------------------------------------------------------------===//

LogicalResult StdpOp::verify() {
  if (!(getWindowMs().convertToDouble() > 0))
    return emitOpError("'window_ms' must be positive, got ")
           << formatReal(getWindowMs().convertToDouble());
  if (!(getEtaLtp().convertToDouble() > 0) ||
      !(getEtaLtd().convertToDouble() > 0))
    return emitOpError("learning rates 'eta_ltp' and 'eta_ltd' must be "
                       "positive");
  double annealTo = getAnnealTo().convertToDouble();
  if (!(annealTo > 0 && annealTo <= 1))
    return emitOpError("'anneal_to' must be in (0, 1], got ")
           << formatReal(annealTo);
  if (getLtp() == LtpForm::nessler_exp && !(getLtpC().convertToDouble() > 0))
    return emitOpError("'ltp_c' must be positive for nessler_exp LTP, got ")
           << formatReal(getLtpC().convertToDouble());
  return success();
}

LogicalResult PruneOp::verify() {
  auto projection = getSynapses().getDefiningOp<ProjectionOp>();
  if (!projection)
    return emitOpError("must prune the result of an 'snn.projection'");
  if (auto soft = dyn_cast<SoftPruneAttr>(getSchedule())) {
    double lo = projection.getWMin().convertToDouble();
    double hi = projection.getWMax().convertToDouble();
    double value = soft.getValue().convertToDouble();
    if (value < lo || value > hi)
      return emitOpError("soft-pruned weights hold ")
             << formatReal(value) << ", outside the projection's weight range ["
             << formatReal(lo) << ", " << formatReal(hi) << "]";
  }
  return success();
}

#define GET_OP_CLASSES
FailureOr<SmallVector<double>> mlir::snn::readInitialWeights(ElementsAttr attr) {
  SmallVector<double> out;
  if (auto dense = dyn_cast<DenseFPElementsAttr>(attr)) {
    for (const APFloat &v : dense.getValues<APFloat>()) out.push_back(v.convertToDouble());
    return out;
  }
  if (auto r = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> v = r.tryGetAsArrayRef();
    if (!v) return failure();
    out.assign(v->begin(), v->end());
    return out;
  }
  if (auto r = dyn_cast<DenseF64ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<double>> v = r.tryGetAsArrayRef();
    if (!v) return failure();
    out.assign(v->begin(), v->end());
    return out;
  }
  return failure();
}

#include "snn/Dialect/SNN/SNNOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Strict attributes
//===----------------------------------------------------------------------===//

LogicalResult mlir::snn::verifyStrictAttributes(Operation *op,
                                                ArrayRef<StringRef> declared) {
  // The target attributes another dialect defines for a network; that
  // dialect verifies their values.
  static constexpr StringLiteral kTargetAttrs[] = {
      "cbram.device", "cbram.chip", "cbram.mapping"};
  // A spec's reals are finite (a hex float literal could spell inf or nan).
  if (auto props = dyn_cast_or_null<DictionaryAttr>(op->getPropertiesAsAttribute()))
    for (NamedAttribute attr : props)
      if (auto real = dyn_cast<FloatAttr>(attr.getValue()))
        if (!real.getValue().isFinite())
          return op->emitOpError("'")
                 << attr.getName().getValue() << "' must be a finite number";
  bool isNetwork = isa<NetworkOp>(op);
  for (NamedAttribute attr : op->getDiscardableAttrs()) {
    StringRef name = attr.getName().getValue();
    if (isNetwork && llvm::is_contained(kTargetAttrs, name))
      continue;
    SmallVector<StringRef> valid(declared.begin(), declared.end());
    if (isNetwork)
      valid.append(std::begin(kTargetAttrs), std::end(kTargetAttrs));
    auto diag = op->emitOpError("has no attribute '") << name << "'";
    if (std::optional<StringRef> near = nearestName(name, valid))
      diag << "; did you mean '" << *near << "'?";
    diag << " (valid: ";
    llvm::interleaveComma(valid, diag);
    diag << ")";
    return diag;
  }
  return success();
}
