// fuzz-simulate: program bytes -> load, then a very short run through the
// public API (Trainer): 2 training images of a synthetic 28x28 set written
// once at start-up, 2 assignment images, 1 test image, with a checkpoint after
// the first training image. The same run is then resumed from that checkpoint
// and must be accepted and end in the same state: a checkpoint the runtime
// wrote for a program is never refused for that program.
//
// Expected failures: snnrt::Error (a program the loader refuses, or one whose
// image size does not match the data). Programs beyond this harness's budget
// (memory and simulated work per image, estimated from the verified program,
// and at most 2^20 tile cells, which every checkpoint walks) are skipped
// without running, so that every execution stays fast: see withinBudget.
// Anything else is a finding. Half of the mutations rebuild the program with
// one field changed (ProgramMutator.h).
#include "FuzzUtil.h"
#include "ProgramMutator.h"
#include "snnrt/Program.h"
#include "snnrt/Simulator.h"
#include "snnrt/Trainer.h"

#include <set>

namespace {

std::string dataDir, ckptPath;

// Memory of the run (bytes) and work of one image, both estimated from the
// program's sizes; the harness runs programs of at most 64 MiB and about
// 2 M operations per image (tiny next to the budget the runtime itself should
// enforce, so this filter hides nothing the loader is meant to refuse).
bool withinBudget(const snnrt::Program &p) {
  const snnrt::fb::Program &r = p.root();
  const snnrt::DerivedConstants &d = p.derived();
  const uint64_t rows = d.matrixRows, cols = r.projection()->post_size();
  const uint64_t pre = r.projection()->pre_size();
  std::set<uint32_t> tiles;
  for (auto b : *r.placement()) tiles.insert(b->tile());
  const uint64_t tileCells = uint64_t(tiles.size()) * r.chip()->tile_rows() * r.chip()->tile_cols();
  const double bytes = double(rows) * cols * 40 + double(tileCells) * 8 +
                       double(d.inputWindowSteps + 1) * pre * 4 + double(rows + cols) * 64 +
                       double(r.quantization()->levels()) * 8 +
                       double(r.encoding()->image_width()) * r.encoding()->image_height() * 16;
  if (bytes > 64.0 * (1 << 20)) return false;
  // Per step: every input and neuron; per output spike a column of cells
  // (at most one spike per step for WTA, every neuron for LIF).
  const bool wta = r.population()->model() == snnrt::fb::NeuronModel::BayesianWTA;
  const double column = double(rows) * d.cellsPerWeight;
  const double perStep = double(pre + cols) + (wta ? column : column * cols);
  // Each checkpoint saved or loaded walks every cell of every tile used
  // (several passes per execution): 2^20 cells keep them near a second
  // under the sanitizers (8 M cells took 8.6 s, a timeout on a busy machine).
  return double(d.stepsPerImage) * perStep <= 2e6 && d.stepsPerImage <= 20000 &&
         tileCells <= (uint64_t(1) << 20);
}

snnrt::RunConfig config() {
  snnrt::RunConfig c;
  c.dataDir = dataDir;
  c.trainLimit = 2;
  c.assignLimit = 2;
  c.testLimit = 1;
  c.epochs = 1;
  c.quiet = true;
  return c;
}

std::vector<uint8_t> state(const snnrt::Simulator &s) {
  snnrt::CheckpointWriter w;
  s.save(w);
  return w.bytes();
}

} // namespace

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

// Half of the mutations are structure-aware (ProgramMutator.h), half
// libFuzzer's own byte-level ones.
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t maxSize,
                                          unsigned int seed) {
  std::mt19937_64 rng(seed);
  if (rng() % 2)
    if (size_t n = snnfuzz::mutateProgram(data, size, maxSize, rng)) return n;
  return LLVMFuzzerMutate(data, size, maxSize);
}

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  dataDir = snnfuzz::scratchDir("simulate");
  snnfuzz::writeSyntheticSet(dataDir, 2, 1);
  ckptPath = dataDir + "/run.ckpt";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::unique_ptr<snnrt::Program> p;
  try {
    p = std::make_unique<snnrt::Program>(
        snnrt::Program::fromBytes(std::vector<uint8_t>(data, data + size), "fuzz.snnp"));
  } catch (const snnrt::Error &) {
    return 0;
  } catch (const std::exception &e) {
    snnfuzz::unexpected(e);
  }
  if (!withinBudget(*p)) return 0;

  snnrt::RunResult full;
  std::vector<uint8_t> fullState;
  try {
    std::remove(ckptPath.c_str());
    snnrt::RunConfig c = config();
    c.checkpointPath = ckptPath;
    c.checkpointEvery = 1;
    snnrt::Trainer t(*p, c);
    full = t.run();
    fullState = state(t.simulator());
  } catch (const snnrt::Error &) {
    return 0; // e.g. images of another size than the program's
  } catch (const std::exception &e) {
    snnfuzz::unexpected(e);
  }
  if (full.trainImages != 2 || full.testImages != 1 || full.lastCheckpoint != 1 ||
      full.testCorrect > 1)
    snnfuzz::finding("run did not train 2 images, checkpoint at 1 and test 1 image");

  // Resume from the checkpoint this run wrote: it must load and finish in the
  // same state as the uninterrupted run.
  try {
    snnrt::RunConfig c = config();
    c.resumePath = ckptPath;
    snnrt::Trainer t(*p, c);
    snnrt::RunResult res = t.run();
    if (!res.resumed || res.train.images != 1)
      snnfuzz::finding("resumed run did not train the one remaining image");
    if (state(t.simulator()) != fullState || res.testCorrect != full.testCorrect ||
        res.confusion != full.confusion || res.assignment != full.assignment)
      snnfuzz::finding("resumed run differs from the uninterrupted run");
  } catch (const snnrt::Error &e) {
    snnfuzz::finding(std::string("the run's own checkpoint is refused: ") + e.what());
  } catch (const std::exception &e) {
    snnfuzz::unexpected(e);
  }
  return 0;
}
