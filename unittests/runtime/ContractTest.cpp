// The contract's card table against the schema: the field list of
// CardFields.def must name the schema's DeviceCard and Chip fields, in order,
// with matching kinds, so that adding a field to one and not the other fails
// here. Also: the shipped cards pass their own checks, and the table's
// ranges are what the checks enforce.
#include "snn/contract/Cards.h"
#include "snn/contract/ProgramIO.h"
#include "snn/schema/program_generated.h"

#include <gtest/gtest.h>

#include <cmath>
#include <type_traits>

using namespace snn_contract;

namespace {

// The kinds a FlatBuffers mini-reflection table uses for our scalar types.
bool kindMatches(FieldKind kind, flatbuffers::ElementaryType et) {
  switch (kind) {
  case FieldKind::Str: return et == flatbuffers::ET_STRING;
  case FieldKind::Uint: return et == flatbuffers::ET_UINT;
  case FieldKind::Real: return et == flatbuffers::ET_FLOAT || et == flatbuffers::ET_DOUBLE;
  case FieldKind::Bool: return et == flatbuffers::ET_BOOL;
  }
  return false;
}

void expectTableMatches(const flatbuffers::TypeTable *tt, const std::vector<FieldInfo> &fields,
                        const char *table) {
  ASSERT_EQ(tt->num_elems, fields.size())
      << table << ": the schema and CardFields.def list different numbers of fields";
  for (size_t i = 0; i < fields.size(); ++i) {
    EXPECT_STREQ(tt->names[i], fields[i].name) << table << " field " << i;
    auto et = flatbuffers::ElementaryType(tt->type_codes[i].base_type);
    EXPECT_TRUE(kindMatches(fields[i].kind, et))
        << table << "." << fields[i].name << ": kind differs from the schema";
  }
}

} // namespace

TEST(Contract, CardTableMatchesTheSchema) {
  expectTableMatches(snn::program::DeviceCardTypeTable(), deviceFields(), "DeviceCard");
  expectTableMatches(snn::program::ChipTypeTable(), chipFields(), "Chip");
}

TEST(Contract, ShippedCardsPassTheirChecksAndRoundTrip) {
  ASSERT_FALSE(shippedDeviceCards().empty());
  for (const DeviceCard &c : shippedDeviceCards()) {
    auto v = checkDeviceCard(c);
    EXPECT_FALSE(v) << c.name << ": " << v->field << " " << v->message;
    EXPECT_FALSE(c.source.empty()) << c.name << " cites no source";
    // Through the FlatBuffers table and back: equal up to float rounding,
    // exactly equal after one more round trip.
    flatbuffers::FlatBufferBuilder fbb;
    fbb.ForceDefaults(true);
    fbb.Finish(writeDeviceCard(fbb, c));
    DeviceCard once = readDeviceCard(*flatbuffers::GetRoot<snn::program::DeviceCard>(fbb.GetBufferPointer()));
    EXPECT_EQ(once.name, c.name);
    EXPECT_EQ(once.levels, c.levels);
    EXPECT_FLOAT_EQ(float(once.read_energy_pj), float(c.read_energy_pj));
    flatbuffers::FlatBufferBuilder fbb2;
    fbb2.Finish(writeDeviceCard(fbb2, once));
    EXPECT_TRUE(once == readDeviceCard(*flatbuffers::GetRoot<snn::program::DeviceCard>(fbb2.GetBufferPointer())));
  }
  for (const ChipCard &c : shippedChipCards()) {
    auto v = checkChipCard(c);
    EXPECT_FALSE(v) << c.name << ": " << v->field << " " << v->message;
  }
}

TEST(Contract, EveryRangeOfTheTableIsEnforced) {
  // For every numeric field: one step past each bound is refused, naming it.
  for (const FieldInfo &f : deviceFields()) {
    if (f.kind != FieldKind::Uint && f.kind != FieldKind::Real) continue;
    for (double bad : {f.min - (f.kind == FieldKind::Uint ? 1 : 1e-3 * (1 + std::abs(f.min))),
                       f.max * 2 + 1}) {
      if (f.kind == FieldKind::Uint && bad < 0) continue; // unsigned: no value below 0
      DeviceCard c = *lookupDeviceCard("subquantum-cbram");
      bool set = false;
      auto assign = [&](auto &member) {
        using T = std::decay_t<decltype(member)>;
        if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
          member = T(bad);
          set = true;
        }
      };
#define SNN_DEVICE_FIELD(KIND, FIELD, def, lo, hi, doc)                         \
  if (std::string(#FIELD) == f.name)                                           \
    assign(c.FIELD);
#include "snn/contract/CardFields.def"
      ASSERT_TRUE(set) << f.name;
      auto v = checkDeviceCard(c);
      ASSERT_TRUE(v) << f.name << " = " << bad << " was accepted";
      EXPECT_EQ(v->field, f.name);
    }
  }
}

TEST(Contract, FormatRealIsShortestRoundTrip) {
  EXPECT_EQ(formatReal(0.01), "0.01");
  EXPECT_EQ(formatReal(10.0), "10");
  EXPECT_EQ(formatReal(1e6), "1e+06");
  EXPECT_EQ(formatReal(double(0.1f)), "0.10000000149011612");
  EXPECT_EQ(formatReal(-2.5e-7), "-2.5e-07");
}
