#include "snnrt/Model.h"
#include "snnrt/Checkpoint.h"
#include "snnrt/Memory.h"
#include "snnrt/Error.h"
#include "snnrt/Trainer.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <set>
#include <unistd.h>
#include <zlib.h>

namespace snnrt {

namespace {
const char kMagic[4] = {'S', 'N', 'N', 'M'};
constexpr size_t kHeader = 4 + 4 + 8;

uint32_t crcOf(const uint8_t *p, size_t n) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths: feed large buffers in pieces.
  while (n > 0) {
    const uInt chunk = uInt(std::min<size_t>(n, 1u << 30));
    crc = crc32(crc, p, chunk);
    p += chunk;
    n -= chunk;
  }
  return uint32_t(crc);
}


template <class T> bool sameBits(const std::vector<T> &a, const T *b, size_t n) {
  return a.size() == n && (n == 0 || std::memcmp(a.data(), b, n * sizeof(T)) == 0);
}
} // namespace

TrainedModel makeModel(const Program &p, const Simulator &sim, const RunResult &r,
                       const ModelCapture &cap) {
  if (cap.trained.empty() || cap.testStart.empty())
    throw Error(ErrorKind::Usage, "no model to save: the run did not reach the test phase");
  TrainedModel m;
  m.program = nullptr;
  m.seed = r.seed;
  m.trainImages = r.trainImages;
  m.epochs = r.epochs;
  m.assignImages = r.assignImages;
  m.testImages = r.testImages;
  m.mask = sim.encoder().mask();
  const Device &d = sim.device();
  m.rows = d.rows();
  m.cols = d.cols();
  const size_t n = size_t(m.rows) * m.cols;
  m.weights.assign(d.weights(), d.weights() + n);
  m.levels = d.levelMatrix();
  m.pruned = d.prunedMatrix();
  m.assignment = r.assignment;
  m.beta.assign(sim.homeostasis().beta(), sim.homeostasis().beta() + sim.neurons());
  m.spikes = sim.homeostasis().spikes();
  m.theta = sim.lif().theta();
  m.trained = cap.trained;
  m.testStart = cap.testStart;
  // The program travels with the model.
  m.program = std::shared_ptr<const Program>(&p, [](const Program *) {});
  return m;
}

void writeModelFile(const std::string &path, const TrainedModel &m) {
  CheckpointWriter w;
  w.vec(m.program->bytes());
  w.pod(m.seed);
  w.pod(m.trainImages);
  w.pod(m.epochs);
  w.pod(m.assignImages);
  w.pod(m.testImages);
  w.vec(m.mask);
  w.pod(m.rows);
  w.pod(m.cols);
  w.vec(m.weights);
  w.vec(m.levels);
  w.vec(m.pruned);
  w.vec(m.assignment);
  w.vec(m.beta);
  w.vec(m.spikes);
  w.vec(m.theta);
  w.vec(m.trained);
  w.vec(m.testStart);
  const std::vector<uint8_t> &payload = w.bytes();

  std::vector<uint8_t> file(kMagic, kMagic + 4);
  auto put = [&](auto v) {
    const auto *q = reinterpret_cast<const uint8_t *>(&v);
    file.insert(file.end(), q, q + sizeof(v));
  };
  put(kModelVersion);
  put(uint64_t(payload.size()));
  file.insert(file.end(), payload.begin(), payload.end());
  put(crcOf(file.data(), file.size()));
  writeFileAtomically(path, {&file}, "model file");
}

TrainedModel readModelFile(const std::string &path, uint64_t maxBytes) {
  // A regular file within the memory budget, like programs and checkpoints.
  std::vector<uint8_t> f = readWholeFile(path, ErrorKind::BadCheckpoint, "model file", maxBytes,
                                         "the memory budget (--max-memory)");
  auto bad = [&](const std::string &msg) { throw Error(ErrorKind::BadCheckpoint, path + ": " + msg); };
  if (f.size() < kHeader + 4 || std::memcmp(f.data(), kMagic, 4) != 0)
    bad("not a model file (bad magic or too short)");
  uint32_t version;
  uint64_t size;
  std::memcpy(&version, f.data() + 4, 4);
  std::memcpy(&size, f.data() + 8, 8);
  if (version != kModelVersion)
    bad("unsupported model version " + std::to_string(version) + " (this runtime reads " +
        std::to_string(kModelVersion) + ")");
  if (size != f.size() - kHeader - 4) bad("truncated model file (size mismatch)");
  uint32_t crc;
  std::memcpy(&crc, f.data() + f.size() - 4, 4);
  if (crc != crcOf(f.data(), f.size() - 4)) bad("checksum mismatch (corrupt model file)");

  using R = CheckpointReader;
  R r(f.data() + kHeader, size, path);
  TrainedModel m;
  m.path = path;
  std::vector<uint8_t> prog = r.vecUpTo<uint8_t>(size, "program");
  try {
    m.program = std::make_shared<const Program>(Program::fromBytes(std::move(prog), path + " (program)"));
  } catch (const Error &e) {
    bad(std::string("embedded program: ") + e.what());
  }
  const fb::Program &p = m.program->root();
  const uint32_t pre = p.projection()->pre_size(), n = p.population()->size();
  const uint32_t pixels = p.encoding()->image_width() * p.encoding()->image_height();
  m.seed = r.pod<uint64_t>("settings.seed");
  m.trainImages = r.pod<uint32_t>("settings.train_images");
  m.epochs = r.pod<uint32_t>("settings.epochs");
  m.assignImages = r.pod<uint32_t>("settings.assign_images");
  m.testImages = r.pod<uint32_t>("settings.test_images");
  if (m.trainImages == 0) r.fail("settings.train_images", "0: a model is trained on at least one image");
  if (m.epochs == 0) r.fail("settings.epochs", "0: a model is trained for at least one epoch");

  m.mask = r.vec<uint32_t>(pre, "mask");
  r.requireBelow(m.mask, pixels, "mask", "pixels per image");
  {
    std::set<uint32_t> seen;
    for (size_t i = 0; i < m.mask.size(); ++i)
      if (!seen.insert(m.mask[i]).second)
        r.fail(R::at("mask", i), "pixel " + std::to_string(m.mask[i]) + " appears twice");
  }
  auto em = p.encoding()->crop_mask();
  if (em && em->size() > 0)
    for (uint32_t i = 0; i < pre; ++i)
      if (em->Get(i) != m.mask[i])
        r.fail(R::at("mask", i), std::to_string(m.mask[i]) + " but the program's crop_mask says " +
                                     std::to_string(em->Get(i)));

  m.rows = r.pod<uint32_t>("weights.rows");
  m.cols = r.pod<uint32_t>("weights.cols");
  if (m.rows != m.program->derived().matrixRows)
    r.fail("weights.rows", std::to_string(m.rows) + " != the program's " +
                               std::to_string(m.program->derived().matrixRows) + " matrix rows");
  if (m.cols != n) r.fail("weights.cols", std::to_string(m.cols) + " != " + std::to_string(n) + " neurons");
  const size_t cells = size_t(m.rows) * m.cols;
  m.weights = r.vec<float>(cells, "weights.values");
  r.requireFinite(m.weights, "weights.values");
  m.levels = r.vec<uint16_t>(cells, "weights.levels");
  r.requireBelow(m.levels, p.quantization()->levels(), "weights.levels", "levels");
  m.pruned = r.vec<uint8_t>(cells, "weights.pruned");
  r.requireFlags(m.pruned, "weights.pruned");
  m.assignment = r.vec<int8_t>(n, "assignment");
  for (size_t k = 0; k < m.assignment.size(); ++k)
    if (m.assignment[k] < -1 || m.assignment[k] > 9)
      r.fail(R::at("assignment", k), R::show(m.assignment[k]) + " is not a class (0-9) or -1");
  m.beta = r.vec<float>(n, "homeostasis.beta");
  r.requireFinite(m.beta, "homeostasis.beta");
  m.spikes = r.vec<uint64_t>(n, "homeostasis.spikes");
  const bool lif = p.population()->model() == fb::NeuronModel::LIFAdaptive;
  m.theta = r.vec<float>(lif ? n : 0, "lif.theta");
  r.requireFinite(m.theta, "lif.theta");
  m.trained = r.vecUpTo<uint8_t>(size, "trained");
  m.testStart = r.vecUpTo<uint8_t>(size, "test_start");
  if (!r.atEnd()) bad("trailing bytes after the model payload");
  return m;
}

void applyModel(Simulator &sim, const TrainedModel &m, bool testStart) {
  using R = CheckpointReader;
  {
    R r(m.trained.data(), m.trained.size(), m.path);
    sim.load(r);
    if (!r.atEnd()) r.fail("trained", "trailing bytes after the simulator state");
    if (sim.trainImagesSeen() != uint64_t(m.trainImages) * m.epochs)
      r.fail("trained", std::to_string(sim.trainImagesSeen()) + " training images presented, not " +
                            std::to_string(m.trainImages) + " x " + std::to_string(m.epochs) +
                            " epochs");
    // The explicit sections must be the trained state they describe.
    const Device &d = sim.device();
    const size_t n = size_t(d.rows()) * d.cols();
    if (!sameBits(m.weights, d.weights(), n)) r.fail("weights.values", "differ from the trained cells");
    if (!sameBits(m.levels, d.levelMatrix().data(), n)) r.fail("weights.levels", "differ from the trained cells");
    if (!sameBits(m.pruned, d.prunedMatrix().data(), n)) r.fail("weights.pruned", "differ from the trained state");
    if (!sameBits(m.beta, sim.homeostasis().beta(), sim.neurons()))
      r.fail("homeostasis.beta", "differs from the trained state");
    if (m.spikes != sim.homeostasis().spikes()) r.fail("homeostasis.spikes", "differ from the trained state");
    if (m.theta != sim.lif().theta()) r.fail("lif.theta", "differs from the trained state");
  }
  if (testStart) {
    R r(m.testStart.data(), m.testStart.size(), m.path);
    sim.loadInference(r);
    if (!r.atEnd()) r.fail("test_start", "trailing bytes after the inference state");
  }
  sim.resetLedger();
}

} // namespace snnrt
