//===- CBRAMAttrs.cpp - device cards, chips and the mapping ---------------===//
//
// The card attributes hold contract structs; their parser, printer and
// verifier walk the one field table (contract/.../CardFields.def), and the
// range rules are the contract's, so the compiler accepts exactly the cards
// the runtime accepts.
//
//===----------------------------------------------------------------------===//
#include "snn/Dialect/CBRAM/CBRAMDialect.h"
#include "snn/Dialect/SNN/SNNDialect.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/bit.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::cbram;
namespace contract = ::snn_contract;

#define GET_ATTRDEF_CLASSES
#include "snn/Dialect/CBRAM/CBRAMAttrs.cpp.inc"

void CBRAMDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "snn/Dialect/CBRAM/CBRAMAttrs.cpp.inc"
      >();
}

namespace {
// Reals hash by their bits (equal cards have bitwise-equal fields).
llvm::hash_code hashField(double v) {
  return llvm::hash_value(llvm::bit_cast<uint64_t>(v));
}
llvm::hash_code hashField(const std::string &v) { return llvm::hash_value(v); }
llvm::hash_code hashField(uint32_t v) { return llvm::hash_value(v); }
llvm::hash_code hashField(bool v) { return llvm::hash_value(v); }
} // namespace

#define SNN_HASH(KIND, FIELD, def, lo, hi, doc) , hashField(card.FIELD)
llvm::hash_code snn_contract::hash_value(const DeviceCard &card) {
  return llvm::hash_combine(0
#define SNN_DEVICE_FIELD SNN_HASH
#include "snn/contract/CardFields.def"
  );
}
llvm::hash_code snn_contract::hash_value(const ChipCard &card) {
  return llvm::hash_combine(1
#define SNN_CHIP_FIELD SNN_HASH
#include "snn/contract/CardFields.def"
  );
}
#undef SNN_HASH

FailureOr<bool> mlir::cbram::parseBoolKeyword(AsmParser &parser) {
  SMLoc at = parser.getCurrentLocation();
  StringRef word;
  if (parser.parseKeyword(&word))
    return failure();
  if (word != "true" && word != "false")
    return parser.emitError(at, "expected 'true' or 'false', got '")
           << word << "'";
  return word == "true";
}

//===----------------------------------------------------------------------===//
// Cards: parsing and printing driven by the field table
//===----------------------------------------------------------------------===//

namespace {
ParseResult parseInto(AsmParser &parser, std::string &v) {
  return parser.parseString(&v);
}
ParseResult parseInto(AsmParser &parser, uint32_t &v) {
  return parser.parseInteger(v);
}
ParseResult parseInto(AsmParser &parser, double &v) {
  return parser.parseFloat(v);
}
ParseResult parseInto(AsmParser &parser, bool &v) {
  FailureOr<bool> b = parseBoolKeyword(parser);
  if (failed(b))
    return failure();
  v = *b;
  return success();
}

void printValue(AsmPrinter &printer, const std::string &v) {
  printer << "\"";
  printer.getStream().write_escaped(v);
  printer << "\"";
}
void printValue(AsmPrinter &printer, uint32_t v) { printer << v; }
void printValue(AsmPrinter &printer, double v) { printer << printableReal(v); }
void printValue(AsmPrinter &printer, bool v) {
  printer << (v ? "true" : "false");
}

#define SNN_PARSE(KIND, FIELD, def, lo, hi, doc)                               \
  if (key == #FIELD)                                                           \
    return parseInto(parser, card.FIELD);
ParseResult parseField(AsmParser &parser, StringRef key,
                       contract::DeviceCard &card) {
#define SNN_DEVICE_FIELD SNN_PARSE
#include "snn/contract/CardFields.def"
  return failure();
}
ParseResult parseField(AsmParser &parser, StringRef key,
                       contract::ChipCard &card) {
#define SNN_CHIP_FIELD SNN_PARSE
#include "snn/contract/CardFields.def"
  return failure();
}
#undef SNN_PARSE

/// `key = value` for every field of `card` that differs from `base` (all of
/// them for an inline card); the name is printed by the caller.
#define SNN_PRINT(KIND, FIELD, def, lo, hi, doc)                               \
  if (StringRef(#FIELD) != "name" && (all || card.FIELD != base.FIELD)) {      \
    printer << ", " << #FIELD << " = ";                                        \
    printValue(printer, card.FIELD);                                           \
  }
void printFields(AsmPrinter &printer, const contract::DeviceCard &card,
                 const contract::DeviceCard &base, bool all) {
#define SNN_DEVICE_FIELD SNN_PRINT
#include "snn/contract/CardFields.def"
}
void printFields(AsmPrinter &printer, const contract::ChipCard &card,
                 const contract::ChipCard &base, bool all) {
#define SNN_CHIP_FIELD SNN_PRINT
#include "snn/contract/CardFields.def"
}
#undef SNN_PRINT

template <typename Card> struct CardTraits;
template <> struct CardTraits<contract::DeviceCard> {
  static constexpr const char *what = "device card";
  static const std::vector<contract::FieldInfo> &fields() {
    return contract::deviceFields();
  }
  static std::optional<contract::DeviceCard> lookup(const std::string &n) {
    return contract::lookupDeviceCard(n);
  }
  static std::vector<std::string> names() { return contract::deviceCardNames(); }
};
template <> struct CardTraits<contract::ChipCard> {
  static constexpr const char *what = "chip";
  static const std::vector<contract::FieldInfo> &fields() {
    return contract::chipFields();
  }
  static std::optional<contract::ChipCard> lookup(const std::string &n) {
    return contract::lookupChipCard(n);
  }
  static std::vector<std::string> names() { return contract::chipCardNames(); }
};

/// `<"name">`, `<"name", key = value, ...>` or `<name = "...", every field>`.
template <typename Card> std::optional<Card> parseCard(AsmParser &parser) {
  using Traits = CardTraits<Card>;
  if (parser.parseLess())
    return std::nullopt;
  Card card;
  bool named = false;
  std::string base;
  SMLoc nameLoc = parser.getCurrentLocation();
  if (succeeded(parser.parseOptionalString(&base))) {
    std::optional<Card> known = Traits::lookup(base);
    if (!known) {
      std::vector<StringRef> names;
      std::vector<std::string> owned = Traits::names();
      for (const std::string &n : owned)
        names.push_back(n);
      auto diag = parser.emitError(nameLoc, "unknown ")
                  << Traits::what << " '" << base
                  << "'; shipped: " << joinNames(owned);
      if (std::optional<StringRef> near = snn::nearestName(base, names))
        diag << " (did you mean '" << *near << "'?)";
      return std::nullopt;
    }
    card = *known;
    named = true;
  }
  std::vector<StringRef> keys;
  for (const contract::FieldInfo &f : Traits::fields())
    keys.push_back(f.name);
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
    if (parser.parseKeyword(&key))
      return std::nullopt;
    if (!llvm::is_contained(keys, key)) {
      auto diag = parser.emitError(keyLoc, "unknown ")
                  << Traits::what << " field '" << key << "'";
      if (std::optional<StringRef> near = snn::nearestName(key, keys))
        diag << "; did you mean '" << *near << "'?";
      diag << " (fields: ";
      llvm::interleaveComma(keys, diag);
      diag << ")";
      return std::nullopt;
    }
    if (parser.parseEqual())
      return std::nullopt;
    if (!seen.insert(key).second) {
      parser.emitError(keyLoc, "field '") << key << "' given twice";
      return std::nullopt;
    }
    if (named && key == "name") {
      parser.emitError(keyLoc, "a named ")
          << Traits::what << " keeps its name; give an inline card instead";
      return std::nullopt;
    }
    if (failed(parseField(parser, key, card)))
      return std::nullopt;
  }
  if (!named) {
    // An inline card has no base to take the fields it leaves out from.
    SmallVector<StringRef> missing;
    for (StringRef key : keys)
      if (!seen.contains(key))
        missing.push_back(key);
    if (!missing.empty()) {
      auto diag = parser.emitError(nameLoc, "an inline ")
                  << Traits::what << " must give every field; missing: ";
      llvm::interleaveComma(missing, diag);
      diag << " (or start from a shipped " << Traits::what << ": "
           << joinNames(Traits::names()) << ")";
      return std::nullopt;
    }
  }
  return card;
}

template <typename Card> void printCard(AsmPrinter &printer, const Card &card) {
  using Traits = CardTraits<Card>;
  printer << "<";
  if (std::optional<Card> known = Traits::lookup(card.name)) {
    printValue(printer, card.name);
    printFields(printer, card, *known, /*all=*/false);
  } else {
    printer << "name = ";
    printValue(printer, card.name);
    printFields(printer, card, Card(), /*all=*/true);
  }
  printer << ">";
}
} // namespace

Attribute DeviceAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  std::optional<contract::DeviceCard> card =
      parseCard<contract::DeviceCard>(parser);
  if (!card)
    return {};
  return parser.getChecked<DeviceAttr>(loc, parser.getContext(), *card);
}

Attribute ChipAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  std::optional<contract::ChipCard> card = parseCard<contract::ChipCard>(parser);
  if (!card)
    return {};
  return parser.getChecked<ChipAttr>(loc, parser.getContext(), *card);
}

void DeviceAttr::print(AsmPrinter &printer) const {
  printCard(printer, getCard());
}

void ChipAttr::print(AsmPrinter &printer) const { printCard(printer, getCard()); }

LogicalResult DeviceAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 contract::DeviceCard card) {
  if (auto v = contract::checkDeviceCard(card))
    return emitError() << "device card '" << card.name << "': field '"
                       << v->field << "' " << v->message;
  return success();
}

LogicalResult ChipAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               contract::ChipCard card) {
  if (auto v = contract::checkChipCard(card))
    return emitError() << "chip '" << card.name << "': field '" << v->field
                       << "' " << v->message;
  return success();
}

//===----------------------------------------------------------------------===//
// Mapping
//===----------------------------------------------------------------------===//

MappingAttr MappingAttr::getDefaults(MLIRContext *context) {
  // Parsed rather than spelled out, so the defaults live only in the ODS.
  return llvm::cast<MappingAttr>(parseAttribute("#cbram.mapping<>", context));
}

LogicalResult MappingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  StorageChoice storage, uint32_t cellsPerWeight,
                                  uint32_t levels, Rounding, PlacementObjective,
                                  uint32_t, uint32_t, WriteOrder writeOrder,
                                  uint32_t rotationPeriod, bool, bool, Accumulation) {
  if (cellsPerWeight < 1 || cellsPerWeight > 16)
    return emitError() << "'cells_per_weight' must be in [1, 16], got "
                       << cellsPerWeight;
  if (storage == StorageChoice::digital && levels != 0 &&
      (levels < 2 || uint64_t(levels) > (uint64_t(1) << cellsPerWeight)))
    return emitError() << "'levels' = " << levels << " does not fit "
                       << cellsPerWeight << " binary cells (2 to "
                       << (uint64_t(1) << cellsPerWeight) << ")";
  if (levels == 1)
    return emitError() << "'levels' must be 0 (all) or at least 2";
  if (writeOrder == WriteOrder::wear_leveling && rotationPeriod == 0)
    return emitError() << "'order = wear_leveling' needs a "
                          "'rotation_period' of at least one image";
  return success();
}
