// fuzz-checkpoint: structure-aware. The input is [program selector byte]
// [checkpoint payload]; the target wraps the payload in a valid file (magic,
// version, the selected program's hash, size, CRC-32: FuzzUtil.h
// checkpointFile), so every input reaches the components' field checks, and
// resumes a fixed small program (FuzzPrograms.h: tinyWta or tinyLif) from it:
// the rest of training, assignment and test then run on whatever state was
// accepted. Expected failures: snnrt::Error; anything else is a finding.
//
// The custom mutator knows the payload's layout (Trainer::checkpoint's run
// header, then Simulator::save's components, as CheckpointTest.cpp lists
// them): half of the mutations overwrite one field entry with a value chosen
// to sit on a check's boundary (0, -1, extremes, NaN, infinities, the value
// +-1, another entry's value) or grow/shrink one vector by an entry; the
// other half are libFuzzer's byte-level mutations.
#include "FuzzPrograms.h"
#include "FuzzUtil.h"
#include "snnrt/EnergyLedger.h"
#include "snnrt/Program.h"
#include "snnrt/PruningController.h"
#include "snnrt/Trainer.h"

#include <cmath>
#include <limits>
#include <memory>
#include <random>

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

namespace {

enum class Kind { Int, Float, Words }; // Words: 8-byte integers or doubles
struct Field {
  std::string name;
  size_t bytes; // of one entry
  bool vec;
  Kind kind;
};

struct Fixture {
  std::unique_ptr<snnrt::Program> program;
  std::vector<Field> layout;
};
Fixture fixtures[2];
std::string dataDir, ckptPath;

snnrt::RunConfig config() { return snnfuzz::checkpointRunConfig(dataDir); }

std::vector<Field> layoutFor(size_t tiles) {
  using K = Kind;
  std::vector<Field> l = {
      {"run.position", 8, false, K::Int},          {"run.train_images", 4, false, K::Int},
      {"run.epochs", 4, false, K::Int},            {"run.seed", 8, false, K::Int},
      {"simulator.train_images_seen", 8, false, K::Int},
      {"simulator.step", 8, false, K::Int},        {"simulator.fresh", 1, false, K::Int},
      {"simulator.potentials", 4, true, K::Float}, {"simulator.window_open", 1, true, K::Int},
      {"simulator.last_spike", 8, true, K::Int},   {"simulator.closing", 4, true, K::Int},
      {"simulator.closing_count", 4, true, K::Int},
      {"rng.run", 32, false, K::Words},            {"rng.counterfactual", 32, false, K::Words}};
  for (size_t t = 0; t < tiles; ++t) {
    const std::string tile = "device.tile[" + std::to_string(t) + "]";
    l.push_back({tile + ".state", 2, true, K::Int});
    l.push_back({tile + ".writes", 4, true, K::Int});
    l.push_back({tile + ".flags", 1, true, K::Int});
  }
  for (const char *f : {"device.pruned", "device.conventional", "device.rotation"})
    l.push_back({f, 1, true, K::Int});
  l.push_back({"homeostasis.beta", 4, true, K::Float});
  l.push_back({"homeostasis.spikes", 8, true, K::Int});
  l.push_back({"homeostasis.total_spikes", 8, false, K::Int});
  l.push_back({"lif.v", 4, true, K::Float});
  l.push_back({"lif.theta", 4, true, K::Float});
  l.push_back({"lif.refractory_until", 8, true, K::Int});
  l.push_back({"pruning.eligible_since", 8, true, K::Int});
  l.push_back({"pruning.last_totals", 8, true, K::Int});
  l.push_back({"pruning.previous_counts", 8, true, K::Int});
  l.push_back({"pruning.history", sizeof(snnrt::PruneSample), true, K::Words});
  for (const char *f : {"ledger.train", "ledger.assign", "ledger.test"})
    l.push_back({f, sizeof(snnrt::EventCounts), false, K::Words});
  return l;
}

// Where each field's entries start in a payload, as long as the layout can
// be followed (vector sizes that fit).
struct Located {
  size_t field, count, at; // count entries of field at payload offset `at`
  size_t countAt;          // offset of a vector's 8-byte entry count (vec only)
};
std::vector<Located> locate(const uint8_t *p, size_t n, const std::vector<Field> &layout) {
  std::vector<Located> out;
  size_t at = 0;
  for (size_t i = 0; i < layout.size(); ++i) {
    const Field &f = layout[i];
    uint64_t count = 1;
    size_t countAt = 0;
    if (f.vec) {
      if (n - at < 8) break;
      std::memcpy(&count, p + at, 8);
      countAt = at;
      at += 8;
    }
    if (count > (n - at) / f.bytes) break;
    out.push_back({i, size_t(count), at, countAt});
    at += size_t(count) * f.bytes;
  }
  return out;
}

template <class T> T peekAt(const uint8_t *p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class T> void pokeAt(uint8_t *p, T v) { std::memcpy(p, &v, sizeof v); }

// An integer of `bytes` bytes near a check's boundary.
void interestingInt(uint8_t *p, size_t bytes, std::mt19937_64 &rng) {
  int64_t cur = 0;
  std::memcpy(&cur, p, bytes); // little-endian low bytes
  const int64_t lim = bytes == 8 ? std::numeric_limits<int64_t>::max()
                                 : (int64_t(1) << (8 * bytes - 1)) - 1;
  const uint64_t u = uint64_t(cur); // wrapping arithmetic
  const int64_t choices[] = {0, 1, 2, -1, int64_t(u + 1), int64_t(u - 1), int64_t(u * 2),
                             cur / 2, lim, -lim - 1, lim / 2, int64_t(1) << 32,
                             int64_t(rng() % 64), -2, 3};
  const int64_t v = choices[rng() % (sizeof choices / sizeof *choices)];
  std::memcpy(p, &v, bytes);
}
template <class F> void interestingFloat(uint8_t *p, std::mt19937_64 &rng) {
  const F cur = peekAt<F>(p);
  const F choices[] = {std::numeric_limits<F>::quiet_NaN(), std::numeric_limits<F>::infinity(),
                       -std::numeric_limits<F>::infinity(), F(0), F(-0.0), F(1), F(-1),
                       std::numeric_limits<F>::max(), std::numeric_limits<F>::lowest(),
                       std::numeric_limits<F>::denorm_min(), F(1e30), F(-1e30), cur * 2,
                       cur + 1, cur - 1, -cur};
  pokeAt(p, choices[rng() % (sizeof choices / sizeof *choices)]);
}

// One field-aware mutation of payload[0, size); returns the new size or 0
// when the layout could not be followed.
size_t mutateField(uint8_t *payload, size_t size, size_t maxSize, const std::vector<Field> &layout,
                   std::mt19937_64 &rng) {
  std::vector<Located> loc = locate(payload, size, layout);
  if (loc.empty()) return 0;
  const Located &l = loc[rng() % loc.size()];
  const Field &f = layout[l.field];
  const unsigned op = unsigned(rng() % 8);
  if (f.vec && op == 0) { // grow or shrink by one entry
    const bool grow = l.count == 0 || rng() % 2;
    uint8_t *end = payload + l.at + l.count * f.bytes;
    if (grow) {
      if (size + f.bytes > maxSize) return 0;
      std::memmove(end + f.bytes, end, size - size_t(end - payload));
      if (l.count) std::memcpy(end, end - f.bytes, f.bytes);
      else std::memset(end, 0, f.bytes);
      pokeAt<uint64_t>(payload + l.countAt, l.count + 1);
      return size + f.bytes;
    }
    std::memmove(end - f.bytes, end, size - size_t(end - payload));
    pokeAt<uint64_t>(payload + l.countAt, l.count - 1);
    return size - f.bytes;
  }
  if (l.count == 0) return 0;
  uint8_t *e = payload + l.at + (rng() % l.count) * f.bytes;
  if (op == 1 && l.count > 1) { // another entry's value
    std::memcpy(e, payload + l.at + (rng() % l.count) * f.bytes, f.bytes);
    return size;
  }
  switch (f.kind) {
  case Kind::Int: interestingInt(e, f.bytes, rng); break;
  case Kind::Float: interestingFloat<float>(e, rng); break;
  case Kind::Words: {
    uint8_t *w = e + 8 * (rng() % (f.bytes / 8));
    if (rng() % 3 == 0) interestingFloat<double>(w, rng);
    else interestingInt(w, 8, rng);
    break;
  }
  }
  return size;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  dataDir = snnfuzz::scratchDir("checkpoint");
  snnfuzz::writeSyntheticSet(dataDir, snnfuzz::kCheckpointTrain, snnfuzz::kCheckpointTest);
  ckptPath = dataDir + "/in.ckpt";
  snnfuzz::ProgramSpec specs[2] = {snnfuzz::tinyWta(), snnfuzz::tinyLif()};
  for (int i = 0; i < 2; ++i) {
    // The crop mask the runtime computes from the synthetic set, given in the
    // program: every execution then skips the crop (a third of its time
    // under the sanitizers) and the checkpoint seeds still fit.
    {
      const snnrt::Program cropped =
          snnrt::Program::fromBytes(snnrt::testkit::buildProgram(specs[i]), "fuzz.snnp");
      specs[i].crop_mask = snnrt::Trainer(cropped, config()).simulator().encoder().mask();
    }
    fixtures[i].program = std::make_unique<snnrt::Program>(
        snnrt::Program::fromBytes(snnrt::testkit::buildProgram(specs[i]), "fuzz.snnp"));
    snnrt::Trainer t(*fixtures[i].program, config());
    fixtures[i].layout = layoutFor(t.simulator().device().numTiles());
  }
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t maxSize,
                                          unsigned int seed) {
  std::mt19937_64 rng(seed);
  if (size >= 2 && rng() % 2) {
    const int rounds = 1 + int(rng() % 3);
    bool changed = false;
    for (int i = 0; i < rounds; ++i)
      if (size_t n = mutateField(data + 1, size - 1, maxSize - 1, fixtures[data[0] & 1].layout, rng)) {
        size = n + 1;
        changed = true;
      }
    if (changed) return size;
  }
  return LLVMFuzzerMutate(data, size, maxSize);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const Fixture &fx = fixtures[data[0] & 1];
  snnfuzz::writeFile(ckptPath, snnfuzz::checkpointFile(fx.program->hash(), data + 1, size - 1));
  try {
    snnrt::RunConfig c = config();
    c.resumePath = ckptPath;
    snnrt::Trainer t(*fx.program, c);
    snnrt::RunResult res = t.run();
    if (!res.resumed || res.trainPosition != snnfuzz::kCheckpointTrain ||
        res.testImages != snnfuzz::kCheckpointTest)
      snnfuzz::finding("an accepted checkpoint did not lead to a complete run");
  } catch (const snnrt::Error &e) {
    if (e.kind() != snnrt::ErrorKind::BadCheckpoint)
      snnfuzz::finding(std::string("resume threw a non-BadCheckpoint error: ") + e.what());
  } catch (const std::exception &e) {
    snnfuzz::unexpected(e);
  }
  return 0;
}
