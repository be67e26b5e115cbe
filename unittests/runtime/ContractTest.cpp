// The contract's card table against the schema: the field list of
// CardFields.def must name the schema's DeviceCard and Chip fields, in order,
// with matching kinds, so that adding a field to one and not the other fails
// here. Also: the shipped cards pass their own checks, and the table's
// ranges are what the checks enforce.
#include "snn/contract/Cards.h"
#include "snn/contract/Geometry.h"
#include "snn/contract/ProgramIO.h"
#include "snn/schema/program_generated.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
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

TEST(Contract, AssumedFieldsNameRealFieldsOnce) {
  DeviceCard d = *lookupDeviceCard("subquantum-cbram");
  EXPECT_TRUE(isAssumed(d.assumed_fields, "read_voltage_v"));
  EXPECT_FALSE(isAssumed(d.assumed_fields, "levels"));
  EXPECT_EQ(splitFieldList(" a, b ,,c "), (std::vector<std::string>{"a", "b", "c"}));
  d.assumed_fields = "g_max_us, red_voltage_v";
  auto v = checkDeviceCard(d);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->field, "assumed_fields");
  EXPECT_NE(v->message.find("'red_voltage_v' is not a value field"), std::string::npos);
  d.assumed_fields = "g_max_us,g_max_us";
  ASSERT_TRUE(checkDeviceCard(d));
  ChipCard c = *lookupChipCard("cbram-512k");
  c.assumed_fields = "adc_bits, read_voltage_v"; // a device field on a chip
  v = checkChipCard(c);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->field, "assumed_fields");
}

TEST(Contract, ReadEnergyOrReadVoltageNeverBoth) {
  // A resistive card reads with V^2 G t; a flat per-cell read energy would
  // be silently unused, so it is refused, and the reverse for SRAM.
  DeviceCard d = *lookupDeviceCard("cbram");
  d.read_energy_pj = 0.1;
  auto v = checkDeviceCard(d);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->field, "read_energy_pj");
  DeviceCard s = *lookupDeviceCard("sram");
  s.read_voltage_v = 0.2;
  v = checkDeviceCard(s);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->field, "read_voltage_v");
}

TEST(Contract, FormatRealIsShortestRoundTrip) {
  EXPECT_EQ(formatReal(0.01), "0.01");
  EXPECT_EQ(formatReal(10.0), "10");
  EXPECT_EQ(formatReal(1e6), "1e+06");
  EXPECT_EQ(formatReal(double(0.1f)), "0.10000000149011612");
  EXPECT_EQ(formatReal(-2.5e-7), "-2.5e-07");
}

TEST(Contract, FindOverlapAgreesWithPairwiseCheck) {
  // Random small layouts: the sweep finds an overlap exactly when some pair
  // overlaps, and the pair it names does overlap.
  uint64_t s = 12345;
  auto next = [&](int n) { s = s * 6364136223846793005ULL + 1442695040888963407ULL; return int64_t((s >> 33) % uint64_t(n)); };
  auto overlaps = [](const Rect &a, const Rect &b) {
    return a.r0 < b.r1 && b.r0 < a.r1 && a.c0 < b.c1 && b.c0 < a.c1;
  };
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<Rect> rects;
    int n = 1 + int(next(8));
    for (int i = 0; i < n; ++i) {
      int64_t r0 = next(10), c0 = next(10);
      rects.push_back({r0, r0 + next(4), c0, c0 + next(4)}); // some empty
    }
    bool any = false;
    for (size_t i = 0; i < rects.size(); ++i)
      for (size_t j = i + 1; j < rects.size(); ++j)
        any |= rects[i].r0 < rects[i].r1 && rects[i].c0 < rects[i].c1 &&
               rects[j].r0 < rects[j].r1 && rects[j].c0 < rects[j].c1 &&
               overlaps(rects[i], rects[j]);
    auto found = findOverlap(rects);
    ASSERT_EQ(bool(found), any) << "trial " << trial;
    if (found) {
      EXPECT_LT(found->first, found->second);
      EXPECT_TRUE(overlaps(rects[found->first], rects[found->second]));
    }
  }
}

TEST(Contract, FindOverlapHandlesManyBlocks) {
  // 400,000 disjoint blocks in a 632 x 633 grid, then one overlapping block:
  // the sweep is O(n log n) (the old pairwise check took minutes).
  std::vector<Rect> rects;
  for (int64_t i = 0; i < 632; ++i)
    for (int64_t j = 0; j < 633; ++j) rects.push_back({i * 4, i * 4 + 4, j * 8, j * 8 + 8});
  EXPECT_FALSE(findOverlap(rects));
  rects.push_back({10, 11, 100, 101});
  auto found = findOverlap(rects);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->second, rects.size() - 1);
}

TEST(Contract, FindUncoveredNamesTheFirstCellNoRectangleCovers) {
  // Random tilings of a 6 x 7 area with some rectangles left out: the first
  // uncovered cell in row-major order, as a per-cell check finds it.
  uint64_t s = 99;
  auto next = [&](int n) { s = s * 6364136223846793005ULL + 1442695040888963407ULL; return int64_t((s >> 33) % uint64_t(n)); };
  const int64_t rows = 6, cols = 7;
  for (int trial = 0; trial < 2000; ++trial) {
    // Cut the area into a grid of random bands, drop some cells of it.
    std::vector<int64_t> rcut = {0, rows}, ccut = {0, cols};
    for (int i = 0; i < 2; ++i) rcut.push_back(next(int(rows)));
    for (int i = 0; i < 3; ++i) ccut.push_back(next(int(cols)));
    std::sort(rcut.begin(), rcut.end());
    std::sort(ccut.begin(), ccut.end());
    std::vector<Rect> rects;
    std::vector<int> cell(rows * cols, 0);
    for (size_t i = 0; i + 1 < rcut.size(); ++i)
      for (size_t j = 0; j + 1 < ccut.size(); ++j) {
        Rect r{rcut[i], rcut[i + 1], ccut[j], ccut[j + 1]};
        if (r.r0 == r.r1 || r.c0 == r.c1 || next(6) == 0) continue;
        rects.push_back(r);
        for (int64_t y = r.r0; y < r.r1; ++y)
          for (int64_t x = r.c0; x < r.c1; ++x) cell[y * cols + x] = 1;
      }
    std::optional<std::pair<int64_t, int64_t>> expect;
    for (int64_t i = 0; i < rows * cols && !expect; ++i)
      if (!cell[i]) expect = std::make_pair(i / cols, i % cols);
    ASSERT_FALSE(findOverlap(rects));
    EXPECT_EQ(findUncovered(rects, rows, cols), expect) << "trial " << trial;
  }
}
