//===- CBRAMDialect.cpp - the cbram dialect, cards, attributes, types -----===//
#include "snn/Dialect/CBRAM/CBRAMDialect.h"
#include "snn/Dialect/CBRAM/CBRAMOps.h"
#include "snn/Dialect/SNN/SNNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringSet.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::cbram;

#include "snn/Dialect/CBRAM/CBRAMDialect.cpp.inc"
#include "snn/Dialect/CBRAM/CBRAMEnums.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "snn/Dialect/CBRAM/CBRAMTypes.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "snn/Dialect/CBRAM/CBRAMAttrs.cpp.inc"

void CBRAMDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "snn/Dialect/CBRAM/CBRAMOps.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "snn/Dialect/CBRAM/CBRAMTypes.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "snn/Dialect/CBRAM/CBRAMAttrs.cpp.inc"
      >();
}

/// `cbram.device` and `cbram.chip` on an `snn.network` pick its hardware.
LogicalResult CBRAMDialect::verifyOperationAttribute(Operation *op,
                                                     NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kDeviceAttrName) {
    if (!isa<DeviceAttr>(attr.getValue()))
      return op->emitOpError("'") << name << "' must be a #cbram.device";
  } else if (name == kChipAttrName) {
    if (!isa<ChipAttr>(attr.getValue()))
      return op->emitOpError("'") << name << "' must be a #cbram.chip";
  } else {
    return op->emitOpError("unknown cbram attribute '") << name
           << "'; expected 'cbram.device' or 'cbram.chip'";
  }
  if (!isa<snn::NetworkOp>(op))
    return op->emitOpError("'") << name << "' only applies to an 'snn.network'";
  return success();
}

//===----------------------------------------------------------------------===//
// The card file
//===----------------------------------------------------------------------===//

static const std::vector<DeviceCard> &knownDeviceCards() {
  static const std::vector<DeviceCard> cards = [] {
    std::vector<DeviceCard> list;
#define SNN_DEVICE_CARD(ID, TECH, LEVELS, GMIN, GMAX, READ, SET, RESET,        \
                        VERIFYPJ, SETNS, RESETNS, READNS, VERIFY, NONLIN, C2C,  \
                        D2D, ENDURANCE, STUCKSET, STUCKRESET, LEAK, SOURCE)     \
  {                                                                            \
    DeviceCard c;                                                              \
    c.name = ID;                                                               \
    c.technology = TECH;                                                       \
    c.levels = LEVELS;                                                         \
    c.g_min_us = GMIN;                                                         \
    c.g_max_us = GMAX;                                                         \
    c.read_energy_pj = READ;                                                   \
    c.set_energy_pj = SET;                                                     \
    c.reset_energy_pj = RESET;                                                 \
    c.verify_energy_pj = VERIFYPJ;                                             \
    c.set_pulse_ns = SETNS;                                                    \
    c.reset_pulse_ns = RESETNS;                                                \
    c.read_latency_ns = READNS;                                                \
    c.verify = VERIFY;                                                         \
    c.nonlinearity = NONLIN;                                                   \
    c.c2c_sigma = C2C;                                                         \
    c.d2d_sigma = D2D;                                                         \
    c.endurance_cycles = ENDURANCE;                                            \
    c.stuck_at_set_rate = STUCKSET;                                            \
    c.stuck_at_reset_rate = STUCKRESET;                                        \
    c.leakage_pw_per_cell = LEAK;                                              \
    c.source = SOURCE;                                                         \
    list.push_back(c);                                                         \
  }
#include "snn/schema/DeviceCards.def"
    return list;
  }();
  return cards;
}

static const std::vector<ChipCard> &knownChipCards() {
  static const std::vector<ChipCard> cards = [] {
    std::vector<ChipCard> list;
#define SNN_CHIP(ID, CLOCK, TILES, ROWS, COLS, ADC, DRIVERS, UNITS,             \
                 UPDATECYC, UPDATEPJ, ROUTECYC, ROUTEPJ, CONTROLCYC, CONTROLPJ, \
                 RNGPJ, SOURCE)                                                 \
  {                                                                            \
    ChipCard c;                                                                \
    c.name = ID;                                                               \
    c.clock_mhz = CLOCK;                                                       \
    c.num_tiles = TILES;                                                       \
    c.tile_rows = ROWS;                                                        \
    c.tile_cols = COLS;                                                        \
    c.adc_bits = ADC;                                                          \
    c.write_drivers_per_tile = DRIVERS;                                        \
    c.neuron_units = UNITS;                                                    \
    c.neuron_update_cycles = UPDATECYC;                                        \
    c.neuron_update_energy_pj = UPDATEPJ;                                      \
    c.spike_route_cycles = ROUTECYC;                                           \
    c.spike_route_energy_pj = ROUTEPJ;                                         \
    c.control_cycles = CONTROLCYC;                                             \
    c.control_energy_pj = CONTROLPJ;                                           \
    c.rng_energy_pj = RNGPJ;                                                   \
    list.push_back(c);                                                         \
  }
#include "snn/schema/DeviceCards.def"
    return list;
  }();
  return cards;
}

std::optional<DeviceCard> mlir::cbram::lookupDeviceCard(StringRef name) {
  for (const DeviceCard &card : knownDeviceCards())
    if (card.name == name)
      return card;
  return std::nullopt;
}

std::optional<ChipCard> mlir::cbram::lookupChipCard(StringRef name) {
  for (const ChipCard &card : knownChipCards())
    if (card.name == name)
      return card;
  return std::nullopt;
}

std::vector<std::string> mlir::cbram::getDeviceCardNames() {
  std::vector<std::string> names;
  for (const DeviceCard &card : knownDeviceCards())
    names.push_back(card.name);
  return names;
}

std::vector<std::string> mlir::cbram::getChipCardNames() {
  std::vector<std::string> names;
  for (const ChipCard &card : knownChipCards())
    names.push_back(card.name);
  return names;
}

std::string mlir::cbram::joinNames(const std::vector<std::string> &names) {
  std::string out;
  for (const std::string &name : names) {
    if (!out.empty())
      out += ", ";
    out += "'" + name + "'";
  }
  return out;
}

std::string mlir::cbram::printableReal(double value) {
  char buffer[40];
  if (std::isfinite(value) && value == std::trunc(value) &&
      std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof(buffer), "%.1f", value);
    return buffer;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value)
      break;
  }
  std::string text = buffer;
  // Keep it a float literal for the MLIR lexer: "1.0e+20", "3.0".
  if (!std::isfinite(value) || text.find('.') != std::string::npos)
    return text;
  size_t exponent = text.find('e');
  if (exponent == std::string::npos)
    return text + ".0";
  return text.insert(exponent, ".0");
}

//===----------------------------------------------------------------------===//
// Card <-> attribute, parsing and printing, driven by the field lists
//===----------------------------------------------------------------------===//

#define ARG_STR(s, C) , ::llvm::StringRef(card.s)
#define ARG_UINT(s, C) , card.s
#define ARG_REAL(s, C) , ::llvm::APFloat(card.s)
#define ARG_BOOL(s, C) , card.s
DeviceAttr mlir::cbram::getDeviceAttr(MLIRContext *context,
                                      const DeviceCard &card) {
  return DeviceAttr::get(
      context CBRAM_DEVICE_FIELDS(ARG_STR, ARG_UINT, ARG_REAL, ARG_BOOL));
}
ChipAttr mlir::cbram::getChipAttr(MLIRContext *context, const ChipCard &card) {
  return ChipAttr::get(
      context CBRAM_CHIP_FIELDS(ARG_STR, ARG_UINT, ARG_REAL, ARG_BOOL));
}
#undef ARG_STR
#undef ARG_UINT
#undef ARG_REAL
#undef ARG_BOOL

#define GET_STR(s, C) card.s = attr.get##C().str();
#define GET_UINT(s, C) card.s = attr.get##C();
#define GET_REAL(s, C) card.s = attr.get##C().convertToDouble();
#define GET_BOOL(s, C) card.s = attr.get##C();
DeviceCard mlir::cbram::getDeviceCard(DeviceAttr attr) {
  DeviceCard card;
  CBRAM_DEVICE_FIELDS(GET_STR, GET_UINT, GET_REAL, GET_BOOL)
  return card;
}
ChipCard mlir::cbram::getChipCard(ChipAttr attr) {
  ChipCard card;
  CBRAM_CHIP_FIELDS(GET_STR, GET_UINT, GET_REAL, GET_BOOL)
  return card;
}
#undef GET_STR
#undef GET_UINT
#undef GET_REAL
#undef GET_BOOL

namespace {
/// Parses the value of field `key` into `card`; `found` is false for a key
/// the card does not have.
#define PARSE_STR(s, C)                                                        \
  if (key == #s) {                                                             \
    found = true;                                                              \
    return parser.parseString(&card.s);                                        \
  }
#define PARSE_UINT(s, C)                                                       \
  if (key == #s) {                                                             \
    found = true;                                                              \
    return parser.parseInteger(card.s);                                        \
  }
#define PARSE_REAL(s, C)                                                       \
  if (key == #s) {                                                             \
    found = true;                                                              \
    return parser.parseFloat(card.s);                                          \
  }
#define PARSE_BOOL(s, C)                                                       \
  if (key == #s) {                                                             \
    found = true;                                                              \
    StringRef word;                                                            \
    SMLoc at = parser.getCurrentLocation();                                    \
    if (parser.parseKeyword(&word))                                            \
      return failure();                                                        \
    if (word != "true" && word != "false")                                     \
      return parser.emitError(at, "expected 'true' or 'false'");               \
    card.s = word == "true";                                                   \
    return success();                                                          \
  }
ParseResult parseField(AsmParser &parser, StringRef key, DeviceCard &card,
                       bool &found) {
  CBRAM_DEVICE_FIELDS(PARSE_STR, PARSE_UINT, PARSE_REAL, PARSE_BOOL)
  found = false;
  return success();
}
ParseResult parseField(AsmParser &parser, StringRef key, ChipCard &card,
                       bool &found) {
  CBRAM_CHIP_FIELDS(PARSE_STR, PARSE_UINT, PARSE_REAL, PARSE_BOOL)
  found = false;
  return success();
}
#undef PARSE_STR
#undef PARSE_UINT
#undef PARSE_REAL
#undef PARSE_BOOL

/// Prints `key = value` for every field of `card` that differs from `base`
/// (the name is handled by the caller).
#define PRINT_STR(s, C)                                                        \
  if (StringRef(#s) != "name" && card.s != base.s) {                           \
    printer << sep << #s << " = \"";                                           \
    printer.getStream().write_escaped(card.s);                                 \
    printer << "\"";                                                           \
    sep = ", ";                                                                \
  }
#define PRINT_UINT(s, C)                                                       \
  if (card.s != base.s) {                                                      \
    printer << sep << #s << " = " << card.s;                                   \
    sep = ", ";                                                                \
  }
#define PRINT_REAL(s, C)                                                       \
  if (card.s != base.s) {                                                      \
    printer << sep << #s << " = ";                                             \
    printer << printableReal(card.s);                                 \
    sep = ", ";                                                                \
  }
#define PRINT_BOOL(s, C)                                                       \
  if (card.s != base.s) {                                                      \
    printer << sep << #s << " = " << (card.s ? "true" : "false");              \
    sep = ", ";                                                                \
  }
void printFields(AsmPrinter &printer, const DeviceCard &card,
                 const DeviceCard &base, StringRef sep) {
  CBRAM_DEVICE_FIELDS(PRINT_STR, PRINT_UINT, PRINT_REAL, PRINT_BOOL)
}
void printFields(AsmPrinter &printer, const ChipCard &card,
                 const ChipCard &base, StringRef sep) {
  CBRAM_CHIP_FIELDS(PRINT_STR, PRINT_UINT, PRINT_REAL, PRINT_BOOL)
}
#undef PRINT_STR
#undef PRINT_UINT
#undef PRINT_REAL
#undef PRINT_BOOL

/// `<"name">`, `<"name", key = value, ...>` or `<name = "...", key = ...>`.
template <typename Card>
std::optional<Card>
parseCard(AsmParser &parser, StringRef what,
          std::optional<Card> (*lookup)(StringRef),
          std::vector<std::string> (*names)()) {
  if (parser.parseLess())
    return std::nullopt;
  Card card;
  bool named = false;
  std::string base;
  SMLoc nameLoc = parser.getCurrentLocation();
  if (succeeded(parser.parseOptionalString(&base))) {
    std::optional<Card> known = lookup(base);
    if (!known) {
      parser.emitError(nameLoc, "unknown ")
          << what << " '" << base << "'; known: " << joinNames(names());
      return std::nullopt;
    }
    card = *known;
    named = true;
  }
  llvm::StringSet<> seen;
  bool first = !named;
  while (true) {
    if (first) {
      if (succeeded(parser.parseOptionalGreater()))
        break;
    } else if (failed(parser.parseOptionalComma())) {
      if (parser.parseGreater())
        return std::nullopt;
      break;
    }
    first = false;
    SMLoc keyLoc = parser.getCurrentLocation();
    StringRef key;
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return std::nullopt;
    if (!seen.insert(key).second) {
      parser.emitError(keyLoc, "field '") << key << "' given twice";
      return std::nullopt;
    }
    if (named && key == "name") {
      parser.emitError(keyLoc, "a named ")
          << what << " keeps its name; give an inline card instead";
      return std::nullopt;
    }
    bool found = false;
    if (failed(parseField(parser, key, card, found)))
      return std::nullopt;
    if (!found) {
      parser.emitError(keyLoc, "unknown ") << what << " field '" << key << "'";
      return std::nullopt;
    }
  }
  if (card.name.empty()) {
    parser.emitError(nameLoc, "an inline ")
        << what << " needs a 'name' (or start from a known card: "
        << joinNames(names()) << ")";
    return std::nullopt;
  }
  return card;
}

template <typename Card>
void printCard(AsmPrinter &printer, const Card &card,
               std::optional<Card> (*lookup)(StringRef)) {
  printer << "<";
  if (std::optional<Card> known = lookup(card.name)) {
    printer << "\"";
    printer.getStream().write_escaped(card.name);
    printer << "\"";
    printFields(printer, card, *known, ", ");
  } else {
    printer << "name = \"";
    printer.getStream().write_escaped(card.name);
    printer << "\"";
    printFields(printer, card, Card(), ", ");
  }
  printer << ">";
}
} // namespace

#define ARG_STR(s, C) , ::llvm::StringRef(card.s)
#define ARG_UINT(s, C) , card.s
#define ARG_REAL(s, C) , ::llvm::APFloat(card.s)
#define ARG_BOOL(s, C) , card.s
Attribute DeviceAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  std::optional<DeviceCard> parsed = parseCard<DeviceCard>(
      parser, "device card", &lookupDeviceCard, &getDeviceCardNames);
  if (!parsed)
    return {};
  const DeviceCard &card = *parsed;
  return parser.getChecked<DeviceAttr>(
      loc, parser.getContext()
               CBRAM_DEVICE_FIELDS(ARG_STR, ARG_UINT, ARG_REAL, ARG_BOOL));
}

Attribute ChipAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  std::optional<ChipCard> parsed = parseCard<ChipCard>(
      parser, "chip", &lookupChipCard, &getChipCardNames);
  if (!parsed)
    return {};
  const ChipCard &card = *parsed;
  return parser.getChecked<ChipAttr>(
      loc, parser.getContext()
               CBRAM_CHIP_FIELDS(ARG_STR, ARG_UINT, ARG_REAL, ARG_BOOL));
}
#undef ARG_STR
#undef ARG_UINT
#undef ARG_REAL
#undef ARG_BOOL

void DeviceAttr::print(AsmPrinter &printer) const {
  printCard<DeviceCard>(printer, getDeviceCard(*this), &lookupDeviceCard);
}

void ChipAttr::print(AsmPrinter &printer) const {
  printCard<ChipCard>(printer, getChipCard(*this), &lookupChipCard);
}

//===----------------------------------------------------------------------===//
// Verification of cards
//===----------------------------------------------------------------------===//

#define PARAM_STR(s, C) , ::llvm::StringRef s
#define PARAM_UINT(s, C) , uint32_t s
#define PARAM_REAL(s, C) , ::llvm::APFloat s
#define PARAM_BOOL(s, C) , bool s
#define SET_STR(s, C) card.s = s.str();
#define SET_UINT(s, C) card.s = s;
#define SET_REAL(s, C) card.s = s.convertToDouble();
#define SET_BOOL(s, C) card.s = s;

LogicalResult DeviceAttr::verify(
    function_ref<InFlightDiagnostic()> emitError
        CBRAM_DEVICE_FIELDS(PARAM_STR, PARAM_UINT, PARAM_REAL, PARAM_BOOL)) {
  DeviceCard card;
  CBRAM_DEVICE_FIELDS(SET_STR, SET_UINT, SET_REAL, SET_BOOL)
  auto fmt = [](double v) { return snn::formatReal(v); };
  if (card.name.empty())
    return emitError() << "a device card needs a name";
  if (card.levels < 2)
    return emitError() << "device card '" << card.name << "' has "
                       << card.levels
                       << " state(s) per cell; a cell needs at least 2";
  if (card.g_min_us < 0 || card.g_max_us < card.g_min_us)
    return emitError() << "device card '" << card.name
                       << "' has an invalid conductance range [" << fmt(card.g_min_us)
                       << ", " << fmt(card.g_max_us) << "] uS";
  for (auto [field, value] :
       {std::pair<const char *, double>{"read_energy_pj", card.read_energy_pj},
        {"set_energy_pj", card.set_energy_pj},
        {"reset_energy_pj", card.reset_energy_pj},
        {"verify_energy_pj", card.verify_energy_pj},
        {"set_pulse_ns", card.set_pulse_ns},
        {"reset_pulse_ns", card.reset_pulse_ns},
        {"read_latency_ns", card.read_latency_ns},
        {"nonlinearity", card.nonlinearity},
        {"c2c_sigma", card.c2c_sigma},
        {"d2d_sigma", card.d2d_sigma},
        {"endurance_cycles", card.endurance_cycles},
        {"leakage_pw_per_cell", card.leakage_pw_per_cell}})
    if (!(value >= 0))
      return emitError() << "device card '" << card.name << "': '" << field
                         << "' must be non-negative, got " << fmt(value);
  for (auto [field, value] : {std::pair<const char *, double>{
                                  "stuck_at_set_rate", card.stuck_at_set_rate},
                              {"stuck_at_reset_rate", card.stuck_at_reset_rate}})
    if (!(value >= 0 && value <= 1))
      return emitError() << "device card '" << card.name << "': '" << field
                         << "' must be in [0, 1], got " << fmt(value);
  return success();
}

LogicalResult ChipAttr::verify(
    function_ref<InFlightDiagnostic()> emitError
        CBRAM_CHIP_FIELDS(PARAM_STR, PARAM_UINT, PARAM_REAL, PARAM_BOOL)) {
  ChipCard card;
  CBRAM_CHIP_FIELDS(SET_STR, SET_UINT, SET_REAL, SET_BOOL)
  if (card.name.empty())
    return emitError() << "a chip needs a name";
  for (auto [field, value] :
       {std::pair<const char *, uint32_t>{"num_tiles", card.num_tiles},
        {"tile_rows", card.tile_rows},
        {"tile_cols", card.tile_cols},
        {"adc_bits", card.adc_bits},
        {"write_drivers_per_tile", card.write_drivers_per_tile},
        {"neuron_units", card.neuron_units}})
    if (value == 0)
      return emitError() << "chip '" << card.name << "': '" << field
                         << "' must be at least 1";
  if (!(card.clock_mhz > 0))
    return emitError() << "chip '" << card.name
                       << "': 'clock_mhz' must be positive";
  for (auto [field, value] :
       {std::pair<const char *, double>{"neuron_update_energy_pj",
                                        card.neuron_update_energy_pj},
        {"spike_route_energy_pj", card.spike_route_energy_pj},
        {"control_energy_pj", card.control_energy_pj},
        {"rng_energy_pj", card.rng_energy_pj}})
    if (!(value >= 0))
      return emitError() << "chip '" << card.name << "': '" << field
                         << "' must be non-negative";
  return success();
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

LogicalResult MatrixType::verify(function_ref<InFlightDiagnostic()> emitError,
                                 uint32_t rows, uint32_t cols) {
  if (rows == 0 || cols == 0)
    return emitError() << "a weight matrix needs at least one row and column, "
                          "got "
                       << rows << "x" << cols;
  return success();
}
