//===- CBRAMOps.cpp - operations of the cbram dialect ---------------------===//
#include "snn/Dialect/CBRAM/CBRAMOps.h"
#include "snn/contract/Geometry.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseSet.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace mlir;
using namespace mlir::cbram;

//===----------------------------------------------------------------------===//
// Real numbers as people write them: the shortest text that reads back to
// the same double ("0.01", not "1.000000e-02 : f64").
//===----------------------------------------------------------------------===//

static std::string shortestReal(double value) {
  return mlir::cbram::printableReal(value);
}

static ParseResult parseReal(OpAsmParser &parser, FloatAttr &attr) {
  double value;
  if (parser.parseFloat(value))
    return failure();
  attr = parser.getBuilder().getF64FloatAttr(value);
  return success();
}

static void printReal(OpAsmPrinter &printer, Operation *, FloatAttr attr) {
  printer << shortestReal(attr.getValueAsDouble());
}

/// `[lo, hi]`
static ParseResult parseRange(OpAsmParser &parser, FloatAttr &lo,
                              FloatAttr &hi) {
  return failure(parser.parseLSquare() || parseReal(parser, lo) ||
                 parser.parseComma() || parseReal(parser, hi) ||
                 parser.parseRSquare());
}

static void printRange(OpAsmPrinter &printer, Operation *op, FloatAttr lo,
                       FloatAttr hi) {
  printer << "[" << shortestReal(lo.getValueAsDouble()) << ", "
          << shortestReal(hi.getValueAsDouble()) << "]";
}

/// `bias [lo, hi]` or nothing.
static ParseResult parseBias(OpAsmParser &parser, FloatAttr &lo,
                             FloatAttr &hi) {
  if (failed(parser.parseOptionalKeyword("bias")))
    return success();
  return parseRange(parser, lo, hi);
}

static void printBias(OpAsmPrinter &printer, Operation *op, FloatAttr lo,
                      FloatAttr hi) {
  if (!lo || !hi)
    return;
  printer << "bias ";
  printRange(printer, op, lo, hi);
}

/// `[a, b, ...]`
static ParseResult parseRealList(OpAsmParser &parser, DenseF64ArrayAttr &attr) {
  SmallVector<double> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        return parser.parseFloat(values.emplace_back());
      }))
    return failure();
  attr = parser.getBuilder().getDenseF64ArrayAttr(values);
  return success();
}

static void printRealList(OpAsmPrinter &printer, Operation *,
                          DenseF64ArrayAttr attr) {
  printer << "[";
  llvm::interleaveComma(attr.asArrayRef(), printer,
                        [&](double v) { printer << shortestReal(v); });
  printer << "]";
}

#define GET_OP_CLASSES
#include "snn/Dialect/CBRAM/CBRAMOps.cpp.inc"

namespace {
using ::snn_contract::Rect;
} // namespace

//===----------------------------------------------------------------------===//
// ProgramOp
//===----------------------------------------------------------------------===//

void ProgramOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                      DeviceAttr device, ChipAttr chip, MappingAttr mapping) {
  state.addAttribute(getSymNameAttrName(state.name),
                     builder.getStringAttr(name));
  state.addAttribute(getDeviceAttrName(state.name), device);
  state.addAttribute(getChipAttrName(state.name), chip);
  state.addAttribute(getMappingAttrName(state.name), mapping);
  state.addRegion()->push_back(new Block());
}

LogicalResult ProgramOp::verifyRegions() {
  Block *body = getBodyBlock();
  // Exactly one of each network component, at most one of each mapping step.
  auto count = [&](auto tag) {
    using OpT = decltype(tag);
    return std::distance(body->getOps<OpT>().begin(), body->getOps<OpT>().end());
  };
  auto exactlyOne = [&](int64_t n, StringRef what) -> LogicalResult {
    if (n != 1)
      return emitOpError("needs exactly one '") << what << "', found " << n;
    return success();
  };
  auto atMostOne = [&](int64_t n, StringRef what) -> LogicalResult {
    if (n > 1)
      return emitOpError("has ") << n << " '" << what << "' ops; at most one";
    return success();
  };
  if (failed(exactlyOne(count(EncoderOp()), "cbram.encoder")) ||
      failed(exactlyOne(count(NeuronsOp()), "cbram.neurons")) ||
      failed(exactlyOne(count(WeightsOp()), "cbram.weights")) ||
      failed(exactlyOne(count(StdpEngineOp()), "cbram.stdp_engine")) ||
      failed(exactlyOne(count(TrainOp()), "cbram.train")) ||
      failed(atMostOne(count(QuantizeOp()), "cbram.quantize")) ||
      failed(atMostOne(count(PruneControllerOp()), "cbram.prune_controller")) ||
      failed(atMostOne(count(WriteScheduleOp()), "cbram.write_schedule")))
    return failure();

  auto encoder = getFirst<EncoderOp>();
  auto neurons = getFirst<NeuronsOp>();
  auto weights = getFirst<WeightsOp>();
  if (weights.getPreSize() != encoder.getNumChannels())
    return weights.emitOpError("has ")
           << weights.getPreSize() << " input rows, but the encoder keeps "
           << encoder.getNumChannels() << " pixels";
  if (weights.getPostSize() != uint32_t(neurons.getCount()))
    return weights.emitOpError("has ")
           << weights.getPostSize() << " columns, but there are "
           << neurons.getCount() << " neurons";
  if (uint32_t(neurons.getUnits()) > getChip().getCard().neuron_units)
    return neurons.emitOpError("uses ")
           << neurons.getUnits() << " neuron units; chip '"
           << getChip().getCard().name << "' has " << getChip().getCard().neuron_units;

  // Placement: if there are tiles, their blocks cover every weight once.
  auto quantize = getFirst<QuantizeOp>();
  SmallVector<BlockOp> blocks;
  llvm::DenseSet<int32_t> tiles;
  for (auto tile : body->getOps<TileOp>()) {
    if (!tiles.insert(tile.getIndex()).second)
      return tile.emitOpError("tile ") << tile.getIndex() << " appears twice";
    for (auto block : tile.getBodyBlock()->getOps<BlockOp>())
      blocks.push_back(block);
  }
  if (tiles.empty())
    return success();
  if (!quantize)
    return emitOpError("places weights on tiles before they are quantized; "
                       "run snn-cbram-quantize before snn-cbram-place");
  uint32_t rows = weights.getMatrix().getType().getRows();
  uint32_t cols = weights.getMatrix().getType().getCols();
  int64_t covered = 0;
  std::vector<Rect> rects;
  for (BlockOp block : blocks) {
    if (block.getMatrix() != weights.getMatrix())
      return block.emitOpError("places a matrix other than the program's");
    if (block.getCellBegin() != 0 ||
        block.getCellEnd() != quantize.getCellsPerWeight())
      return block.emitOpError("holds cells [")
             << block.getCellBegin() << ", " << block.getCellEnd()
             << ") of each weight; weights have " << quantize.getCellsPerWeight()
             << " cell(s) and are not split across blocks";
    if (uint32_t(block.getPreEnd()) > rows || uint32_t(block.getPostEnd()) > cols)
      return block.emitOpError("lies outside the ")
             << rows << "x" << cols << " weight matrix";
    rects.push_back({block.getPreBegin(), block.getPreEnd(),
                     block.getPostBegin(), block.getPostEnd()});
    covered += int64_t(block.getPreCount()) * block.getPostCount();
  }
  if (auto pair = ::snn_contract::findOverlap(rects)) {
    InFlightDiagnostic diag = blocks[pair->second].emitOpError(
        "overlaps another block of the weight matrix");
    diag.attachNote(blocks[pair->first].getLoc()) << "the other block";
    return diag;
  }
  if (covered != int64_t(rows) * cols)
    return emitOpError("placement covers ")
           << covered << " of the " << int64_t(rows) * cols
           << " weights; every weight needs exactly one place";
  return success();
}

//===----------------------------------------------------------------------===//
// TileOp and BlockOp
//===----------------------------------------------------------------------===//

void TileOp::build(OpBuilder &builder, OperationState &state, uint32_t index) {
  state.addAttribute(getIndexAttrName(state.name),
                     builder.getI32IntegerAttr(index));
  state.addRegion()->push_back(new Block());
}

LogicalResult TileOp::verifyRegions() {
  ChipAttr chip = (*this)->getParentOfType<ProgramOp>().getChip();
  if (uint32_t(getIndex()) >= chip.getCard().num_tiles)
    return emitOpError("is tile ")
           << getIndex() << ", but chip '" << chip.getCard().name << "' has "
           << chip.getCard().num_tiles << " tiles";
  std::vector<Rect> rects;
  SmallVector<BlockOp> blocks;
  for (auto block : getBodyBlock()->getOps<BlockOp>()) {
    if (uint32_t(block.getRowEnd()) > chip.getCard().tile_rows ||
        uint32_t(block.getColEnd()) > chip.getCard().tile_cols)
      return block.emitOpError("uses tile rows [")
             << block.getRow() << ", " << block.getRowEnd() << ") and columns ["
             << block.getCol() << ", " << block.getColEnd()
             << "), outside the " << chip.getCard().tile_rows << "x"
             << chip.getCard().tile_cols << " tile";
    rects.push_back({block.getRow(), block.getRowEnd(), block.getCol(),
                     block.getColEnd()});
    blocks.push_back(block);
  }
  if (auto pair = ::snn_contract::findOverlap(rects)) {
    InFlightDiagnostic diag =
        blocks[pair->second].emitOpError("overlaps another block on tile ")
        << getIndex();
    diag.attachNote(blocks[pair->first].getLoc()) << "the other block";
    return diag;
  }
  return success();
}

uint32_t BlockOp::getTileIndex() {
  return (*this)->getParentOfType<TileOp>().getIndex();
}

LogicalResult BlockOp::verify() {
  auto range = [&](StringRef what, int32_t lo, int32_t hi) -> LogicalResult {
    if (lo >= hi)
      return emitOpError("has an empty ")
             << what << " range [" << lo << ", " << hi << ")";
    return success();
  };
  if (failed(range("rows", getRow(), getRowEnd())) ||
      failed(range("cols", getCol(), getColEnd())) ||
      failed(range("pre", getPreBegin(), getPreEnd())) ||
      failed(range("post", getPostBegin(), getPostEnd())) ||
      failed(range("cells", getCellBegin(), getCellEnd())))
    return failure();
  if (getRowEnd() - getRow() != getPreCount())
    return emitOpError("spans ") << getRowEnd() - getRow()
                                 << " tile rows for " << getPreCount()
                                 << " matrix rows";
  if (int64_t(getColEnd() - getCol()) !=
      int64_t(getPostCount()) * getCellCount())
    return emitOpError("spans ")
           << getColEnd() - getCol() << " tile columns for " << getPostCount()
           << " neurons of " << getCellCount() << " cell(s) each";
  return success();
}

//===----------------------------------------------------------------------===//
// EncoderOp, WeightsOp, QuantizeOp, WriteScheduleOp
//===----------------------------------------------------------------------===//

uint32_t EncoderOp::getNumChannels() {
  if (auto mask = getMask())
    return mask->size();
  if (auto crop = getCrop())
    return *crop;
  return getWidth() * getHeight();
}

LogicalResult EncoderOp::verify() {
  int64_t pixels = int64_t(getWidth()) * getHeight();
  if (getCrop() && getMask())
    return emitOpError("has both 'crop' and 'mask'");
  if (auto crop = getCrop())
    if (*crop <= 0 || *crop > pixels)
      return emitOpError("crops to ") << *crop << " pixels of " << pixels;
  if (auto mask = getMask()) {
    if (mask->empty())
      return emitOpError("has an empty 'mask'");
    llvm::DenseSet<int32_t> seen;
    for (int32_t index : *mask)
      if (index < 0 || index >= pixels || !seen.insert(index).second)
        return emitOpError("has an invalid or repeated mask index ") << index;
  }
  return success();
}

LogicalResult WeightsOp::verify() {
  double lo = getWMin().convertToDouble(), hi = getWMax().convertToDouble();
  if (!(lo < hi))
    return emitOpError("has an empty weight range [")
           << snn::formatReal(lo) << ", " << snn::formatReal(hi) << "]";
  if (getBiasLow().has_value() != getBiasHigh().has_value())
    return emitOpError("needs both bias bounds or neither");
  if (getMatrix().getType().getRows() <= (getHasBias() ? 1u : 0u))
    return emitOpError("has no input rows");
  if ((getInit() == snn::InitKind::dense) != getInitialWeights().has_value())
    return emitOpError("'init dense' and 'initial_weights' go together");
  if (auto w = getInitialWeights()) {
    auto type = dyn_cast<ShapedType>(w->getType());
    if (!type || type.getRank() != 2 ||
        type.getDimSize(0) != int64_t(getMatrix().getType().getRows()) ||
        type.getDimSize(1) != int64_t(getMatrix().getType().getCols()))
      return emitOpError("'initial_weights' must have the matrix's shape");
  }
  return success();
}

LogicalResult QuantizeOp::verify() {
  ArrayRef<double> values = getValues();
  if (int64_t(values.size()) != getLevels())
    return emitOpError("lists ") << values.size() << " values for "
                                 << getLevels() << " levels";
  for (size_t i = 1; i < values.size(); ++i)
    if (!(values[i] > values[i - 1]))
      return emitOpError("values must increase with the level");
  if (getPrunedLevel() >= getLevels())
    return emitOpError("pruned_level ")
           << getPrunedLevel() << " is not one of the " << getLevels()
           << " levels";
  auto program = (*this)->getParentOfType<ProgramOp>();
  DeviceAttr device = program.getDevice();
  if (getEncoding() == CellEncoding::digital) {
    if (getCellsPerWeight() > 30 || (int64_t(1) << getCellsPerWeight()) < getLevels())
      return emitOpError("stores ")
             << getLevels() << " levels in " << getCellsPerWeight()
             << " binary cells; they hold at most 2^" << getCellsPerWeight();
  } else {
    if (getCellsPerWeight() != 1)
      return emitOpError("multi-level storage uses one cell per weight, got ")
             << getCellsPerWeight();
    if (uint32_t(getLevels()) > device.getCard().levels)
      return emitOpError("needs ")
             << getLevels() << " states per cell; device card '"
             << device.getCard().name << "' has " << device.getCard().levels;
  }
  // One conductance per cell state used, ascending, within the card's range.
  ArrayRef<double> g = getConductanceUs();
  int64_t states = getEncoding() == CellEncoding::digital ? 2 : getLevels();
  if (int64_t(g.size()) != states)
    return emitOpError("lists ") << g.size() << " conductances for "
                                 << states << " cell states";
  const ::snn_contract::DeviceCard &card = device.getCard();
  for (size_t i = 0; i < g.size(); ++i) {
    if (g[i] < card.g_min_us || g[i] > card.g_max_us)
      return emitOpError("conductance ")
             << snn::formatReal(g[i]) << " uS lies outside device card '"
             << card.name << "' range [" << snn::formatReal(card.g_min_us)
             << ", " << snn::formatReal(card.g_max_us) << "] uS";
    if (i > 0 && g[i] < g[i - 1])
      return emitOpError("conductances must not decrease with the level");
  }
  return success();
}

LogicalResult WriteScheduleOp::verify() {
  ChipAttr chip = (*this)->getParentOfType<ProgramOp>().getChip();
  if (uint32_t(getBatch()) > chip.getCard().write_drivers_per_tile)
    return emitOpError("batches ")
           << getBatch() << " writes, but a tile of chip '" << chip.getCard().name
           << "' has " << chip.getCard().write_drivers_per_tile
           << " write drivers";
  if (getOrder() == WriteOrder::wear_leveling) {
    if (getRotationPeriod() == 0)
      return emitOpError("wear_leveling needs 'rotate_every' of at least one "
                         "image");
    auto quantize =
        (*this)->getParentOfType<ProgramOp>().getFirst<QuantizeOp>();
    if (quantize && quantize.getCellsPerWeight() < 2)
      return emitOpError("wear_leveling rotates the cells of a digital weight "
                         "word, but weights are stored in ")
             << quantize.getCellsPerWeight() << " cell each";
  } else if (getRotationPeriod() != 0) {
    return emitOpError("'rotate_every' applies only to wear_leveling order");
  }
  return success();
}
