// fuzz-seeds: the binary seed corpora of the runtime's fuzz targets.
//
//   fuzz-seeds write DIR   writes DIR/{program,simulate,checkpoint,idx}/
//   fuzz-seeds check DIR   checks that the seeds in DIR still reach the deep
//                          paths: every program and simulate seed loads and
//                          runs, every checkpoint seed resumes, every idx
//                          seed named valid-* reads; and that the program
//                          mutator keeps program seeds well-formed (kept
//                          findings, finding-*, are skipped)
//
// fuzz/make_seeds.py runs `write` into fuzz/corpus (and adds the spec seeds);
// ctest runs `check` on fuzz/corpus (fuzz/seeds), so a format change that
// turns the checked-in seeds into inputs rejected at the first check fails a
// test instead of silently blunting the fuzzers.
#include "FuzzPrograms.h"
#include "FuzzUtil.h"
#include "ProgramMutator.h"
#include "snnrt/Dataset.h"
#include "snnrt/Program.h"

#include <dirent.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

using namespace snnfuzz;

namespace {

std::vector<uint8_t> readAll(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The generated seeds of a corpus directory; kept findings (finding-*) are
// inputs the runtime must refuse, so they are not checked here (their fuzz
// target's ctest runs them).
std::vector<std::string> files(const std::string &dir) {
  std::vector<std::string> out;
  if (DIR *d = ::opendir(dir.c_str())) {
    while (dirent *e = ::readdir(d))
      if (e->d_name[0] != '.' && std::strncmp(e->d_name, "finding-", 8) != 0)
        out.push_back(e->d_name);
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void mkdirs(const std::string &d) {
  if (std::system(("mkdir -p '" + d + "'").c_str()) != 0) finding("cannot create " + d);
}

// [flags][u16 LE images size][images][labels] (fuzz_idx.cpp).
std::vector<uint8_t> idxInput(uint8_t flags, const std::vector<uint8_t> &images,
                              const std::vector<uint8_t> &labels) {
  std::vector<uint8_t> b = {flags, uint8_t(images.size()), uint8_t(images.size() >> 8)};
  b.insert(b.end(), images.begin(), images.end());
  b.insert(b.end(), labels.begin(), labels.end());
  return b;
}

void writeSeeds(const std::string &root) {
  for (const char *t : {"program", "simulate", "checkpoint", "idx"}) mkdirs(root + "/" + t);
  // Programs: the builder's default (the reference point, 397 x 20) and the
  // small variants; simulate gets the small ones only.
  ProgramSpec def;
  def.name = "default";
  writeFile(root + "/program/default", snnrt::testkit::buildProgram(def));
  for (const ProgramSpec &s : seedPrograms()) {
    const std::vector<uint8_t> b = snnrt::testkit::buildProgram(s);
    writeFile(root + "/program/" + s.name, b);
    writeFile(root + "/simulate/" + s.name, b);
  }

  // Checkpoints of the two fixed programs, taken at images 2 and 5.
  const std::string data = scratchDir("seeds");
  writeSyntheticSet(data, kCheckpointTrain, kCheckpointTest);
  const ProgramSpec specs[2] = {tinyWta(), tinyLif()};
  for (uint8_t which = 0; which < 2; ++which) {
    const snnrt::Program p =
        snnrt::Program::fromBytes(snnrt::testkit::buildProgram(specs[which]), "fuzz.snnp");
    for (uint64_t at : {2, 5}) {
      snnrt::RunConfig c = checkpointRunConfig(data);
      c.checkpointPath = data + "/seed.ckpt";
      c.checkpointEvery = at;
      c.stopAfter = at;
      snnrt::Trainer t(p, c);
      t.run();
      std::vector<uint8_t> in = {which};
      const std::vector<uint8_t> payload = checkpointPayload(c.checkpointPath);
      in.insert(in.end(), payload.begin(), payload.end());
      writeFile(root + "/checkpoint/" + specs[which].name + "-at-" + std::to_string(at), in);
    }
  }

  // idx pairs: 3 images of 4 x 3 pixels.
  std::vector<uint8_t> px(36);
  for (size_t i = 0; i < px.size(); ++i) px[i] = uint8_t(i * 7);
  const std::vector<uint8_t> im = idxImages(px, 3, 4, 3), lb = idxLabels({3, 0, 9});
  writeFile(root + "/idx/valid-raw", idxInput(0, im, lb));
  writeFile(root + "/idx/valid-gz", idxInput(3, im, lb));
  writeFile(root + "/idx/valid-limit-1", idxInput(1 | 4, im, lb));
  writeFile(root + "/idx/valid-limit-2", idxInput(2 | 8, im, lb));
  writeFile(root + "/idx/valid-pregz", idxInput(0, gzipBytes(im.data(), im.size()), lb));
  std::vector<uint8_t> mnist(784, 0);
  for (size_t i = 100; i < 700; i += 29) mnist[i] = 255;
  writeFile(root + "/idx/valid-28x28", idxInput(1, idxImages(mnist, 1, 28, 28), idxLabels({7})));
  writeFile(root + "/idx/bad-label", idxInput(0, im, idxLabels({3, 10, 1})));
  writeFile(root + "/idx/bad-count", idxInput(0, im, idxLabels({3, 1})));
  writeFile(root + "/idx/bad-trailing", idxInput(2, [&] { auto b = im; b.push_back(1); return b; }(), lb));
}

int check(const std::string &root) {
  int bad = 0;
  auto fail = [&](const std::string &what) {
    std::fprintf(stderr, "stale seed: %s\n", what.c_str());
    ++bad;
  };
  size_t n = 0;
  const std::string data = scratchDir("seeds");
  writeSyntheticSet(data, std::max(kCheckpointTrain, 2u), kCheckpointTest);
  for (const std::string &f : files(root + "/program")) {
    ++n;
    try {
      snnrt::Program::fromBytes(readAll(root + "/program/" + f), f);
    } catch (const std::exception &e) {
      fail("program/" + f + ": " + e.what());
    }
  }
  // The structure-aware mutator (ProgramMutator.h) keeps programs well-formed
  // FlatBuffers: 200 mutations of each program seed, each one verified.
  for (const std::string &f : files(root + "/program")) {
    std::vector<uint8_t> b = readAll(root + "/program/" + f);
    std::mt19937_64 rng(1);
    size_t changed = 0;
    for (int i = 0; i < 200; ++i) {
      std::vector<uint8_t> m = b;
      m.resize(1 << 20);
      const size_t n = mutateProgram(m.data(), b.size(), m.size(), rng);
      if (n == 0) continue;
      ++changed;
      flatbuffers::Verifier v(m.data(), n);
      if (!fb::VerifyProgramBuffer(v)) {
        fail("program/" + f + ": mutation " + std::to_string(i) + " is not a well-formed program");
        break;
      }
      if (i % 3 == 0) b.assign(m.begin(), m.begin() + long(n)); // mutate further
    }
    if (changed == 0) fail("program/" + f + ": the mutator cannot read it");
  }
  for (const std::string &f : files(root + "/simulate")) {
    ++n;
    try {
      const snnrt::Program p = snnrt::Program::fromBytes(readAll(root + "/simulate/" + f), f);
      snnrt::RunConfig c;
      c.dataDir = data;
      c.trainLimit = 2;
      c.assignLimit = 2;
      c.testLimit = 1;
      c.quiet = true;
      snnrt::Trainer(p, c).run();
    } catch (const std::exception &e) {
      fail("simulate/" + f + ": " + e.what());
    }
  }
  const ProgramSpec specs[2] = {tinyWta(), tinyLif()};
  for (const std::string &f : files(root + "/checkpoint")) {
    ++n;
    const std::vector<uint8_t> in = readAll(root + "/checkpoint/" + f);
    try {
      if (in.empty()) throw std::runtime_error("empty");
      const snnrt::Program p =
          snnrt::Program::fromBytes(snnrt::testkit::buildProgram(specs[in[0] & 1]), "fuzz.snnp");
      snnrt::RunConfig c = checkpointRunConfig(data);
      c.resumePath = data + "/check.ckpt";
      writeFile(c.resumePath, checkpointFile(p.hash(), in.data() + 1, in.size() - 1));
      snnrt::Trainer(p, c).run();
    } catch (const std::exception &e) {
      fail("checkpoint/" + f + ": " + e.what());
    }
  }
  for (const std::string &f : files(root + "/idx")) {
    ++n;
    if (f.rfind("valid-", 0) != 0) continue;
    const std::vector<uint8_t> in = readAll(root + "/idx/" + f);
    try {
      if (in.size() < 3) throw std::runtime_error("too short");
      const size_t k = std::min(in.size() - 3, size_t(in[1]) | size_t(in[2]) << 8);
      auto put = [&](const std::string &path, const uint8_t *p, size_t m, bool gz) {
        if (gz) writeFile(path, gzipBytes(p, m));
        else writeFile(path, p, m);
      };
      put(data + "/i", in.data() + 3, k, in[0] & 1);
      put(data + "/l", in.data() + 3 + k, in.size() - 3 - k, in[0] & 2);
      const uint32_t limits[4] = {0, 1, 2, 7};
      snnrt::readIdxPair(data + "/i", data + "/l", limits[(in[0] >> 2) & 3]);
    } catch (const std::exception &e) {
      fail("idx/" + f + ": " + e.what());
    }
  }
  if (n == 0) fail("no seeds under " + root);
  std::printf("%zu seeds checked, %d stale\n", n, bad);
  return bad ? 1 : 0;
}

} // namespace

int main(int argc, char **argv) {
  const std::string mode = argc == 3 ? argv[1] : "";
  if (mode == "write") {
    writeSeeds(argv[2]);
    return 0;
  }
  if (mode == "check") return check(argv[2]);
  std::fprintf(stderr, "usage: fuzz-seeds write|check DIR\n");
  return 2;
}
