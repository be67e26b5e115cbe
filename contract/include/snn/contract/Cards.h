// Device cards and chips as plain values, generated from CardFields.def, and
// the cards this project ships. MLIR-free: used by the compiler (the
// `#cbram.device` and `#cbram.chip` attributes hold these structs), the
// runtime, the test builders and the benchmark.
#pragma once
#include "snn/contract/Violation.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace snn_contract {

#define SNN_CARD_CTYPE_STR std::string
#define SNN_CARD_CTYPE_UINT uint32_t
#define SNN_CARD_CTYPE_REAL double
#define SNN_CARD_CTYPE_BOOL bool
#define SNN_CARD_MEMBER(KIND, name, def, lo, hi, doc) SNN_CARD_CTYPE_##KIND name = def;

/// One memory technology. Default-built: every field at its table default.
struct DeviceCard {
#define SNN_DEVICE_FIELD SNN_CARD_MEMBER
#include "snn/contract/CardFields.def"
  bool operator==(const DeviceCard &o) const;
  bool operator!=(const DeviceCard &o) const { return !(*this == o); }
};

/// One chip: tiles, their geometry, peripherals, clock.
struct ChipCard {
#define SNN_CHIP_FIELD SNN_CARD_MEMBER
#include "snn/contract/CardFields.def"
  bool operator==(const ChipCard &o) const;
  bool operator!=(const ChipCard &o) const { return !(*this == o); }
};

#undef SNN_CARD_MEMBER

/// What kind of value a field holds, for parsers, printers and tests.
enum class FieldKind { Str, Uint, Real, Bool };

/// One row of CardFields.def.
struct FieldInfo {
  const char *name;
  FieldKind kind;
  double min, max;
  const char *doc;
};
const std::vector<FieldInfo> &deviceFields();
const std::vector<FieldInfo> &chipFields();

/// The shipped cards (names are unique).
const std::vector<DeviceCard> &shippedDeviceCards();
const std::vector<ChipCard> &shippedChipCards();
std::optional<DeviceCard> lookupDeviceCard(const std::string &name);
std::optional<ChipCard> lookupChipCard(const std::string &name);
std::vector<std::string> deviceCardNames();
std::vector<std::string> chipCardNames();

/// The names of a comma-separated `assumed_fields` list (blanks trimmed,
/// empty entries dropped), and whether `field` is one of them.
std::vector<std::string> splitFieldList(const std::string &list);
bool isAssumed(const std::string &list, const std::string &field);

/// Range and consistency checks of one card. `field` is the field name
/// ("levels"), without a table prefix.
std::optional<Violation> checkDeviceCard(const DeviceCard &card);
std::optional<Violation> checkChipCard(const ChipCard &card);

} // namespace snn_contract
