// snn-run: trains and tests a compiled .snnp program on the simulated chip.
// Exit codes: 0 success, 2 bad usage / program / data / checkpoint, 1 other
// errors (e.g. cannot write an output file).
#include "snnrt/Error.h"
#include "snnrt/Memory.h"
#include "snnrt/Model.h"
#include "snnrt/Program.h"
#include "snnrt/Report.h"
#include "snnrt/Trainer.h"
#include "snnrt/WeightImage.h"
#include "snn/Version.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace snnrt;

namespace {

void printVersion() {
  std::printf("snn-run %s (git %s, program format %u)\n", SNN_VERSION, SNN_GIT_HASH,
              unsigned(kFormatVersion));
}

const char *kHelp =
    "usage: snn-run PROGRAM.snnp --data DIR [options]\n"
    "       snn-run --model MODEL.snnm --data DIR [--phase assign|test|assign,test] [options]\n"
    "\n"
    "Trains the network of PROGRAM on the simulated chip, assigns a class to every\n"
    "neuron on labelled training images (frozen weights), tests, and prints a\n"
    "summary of accuracy, cycles and energy. Options override the program's\n"
    "Training fields.\n"
    "\n"
    "  --data DIR            directory with {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]\n"
    "                        (MNIST or Fashion-MNIST) (required)\n"
    "  --train-limit N       use the first N training images (0 = all)\n"
    "  --test-limit M        use the first M test images (0 = all)\n"
    "  --assign-limit N      labelled training images for class assignment\n"
    "                        (0 = the training images)\n"
    "  --epochs E            passes over the training images (>= 1)\n"
    "  --seed S              seed of every random stream (64-bit unsigned)\n"
    "  --report FILE         write the JSON report to FILE ('-': stdout; the summary\n"
    "                        then goes to stderr)\n"
    "  --weights-png FILE    write the learned weights as a PNG grid to FILE\n"
    "  --summary-csv FILE    write a CSV summary (header + one row) to FILE\n"
    "  --checkpoint FILE     write training state to FILE (atomically) every\n"
    "  --checkpoint-every N  N training images (both required together)\n"
    "  --resume FILE         continue training from checkpoint FILE (same program,\n"
    "                        data limits, epochs and seed)\n"
    "  --stop-after N        stop after N training images of this run (counted from\n"
    "                        the checkpoint with --resume) without assigning or\n"
    "                        testing (to interrupt a run and --resume it later)\n"
    "  --max-memory SIZE     memory budget of the run, e.g. 512M or 4G (K, M, G, T:\n"
    "                        binary units; default: half the physical memory); a\n"
    "                        program, data set or checkpoint needing more is refused\n"
    "                        before it is loaded\n"
    "  --save-model FILE     after the run, save the program and its trained state\n"
    "                        (weights, pruned flags, assignment, homeostasis) to FILE\n"
    "  --model FILE          no training: run the inference phases from a saved model\n"
    "                        (PROGRAM may be left out; if given it must be the model's)\n"
    "  --phase LIST          with --model: assign, test or assign,test (default):\n"
    "                        test alone uses the model's assignment\n"
    "  --quiet               no progress output and no summary table\n"
    "  --help                show this help and exit\n"
    "  --version             show the version and exit\n"
    "\n"
    "Progress goes to stderr (a bar on a terminal, periodic lines otherwise); the\n"
    "summary goes to stdout (stderr with --report -). Output files are checked\n"
    "before training starts. Exit status: 0 success; 2 bad usage, an output path\n"
    "that cannot be written, bad program, bad data or bad checkpoint; 1 other\n"
    "errors (e.g. a write that fails at the end).\n";

[[noreturn]] void usage(const std::string &msg) {
  std::fprintf(stderr, "snn-run: error: %s\nTry 'snn-run --help' for more information.\n",
               msg.c_str());
  std::exit(2);
}

[[noreturn]] void badOutput(const std::string &option, const std::string &path,
                           const std::string &why) {
  std::fprintf(stderr, "snn-run: error: %s %s: %s\n", option.c_str(), path.c_str(), why.c_str());
  std::exit(2);
}

// Checks, before any work, that an output file can be written, so that a
// typo does not throw away a long run at its end: the path is not a
// directory, its directory exists, and the file (or, for files replaced by
// rename like checkpoints, the directory) is writable.
void checkOutputPath(const std::string &option, const std::string &path, bool byRename) {
  if (path.empty()) badOutput(option, "''", "empty path");
  if (path == "-") badOutput(option, path, "only --report can write to stdout ('-')");
  struct stat st;
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) badOutput(option, path, "is a directory, not a file");
  if (!exists && errno != ENOENT && errno != ENOTDIR)
    badOutput(option, path, std::strerror(errno));
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0                ? "/"
                                                      : path.substr(0, slash);
  struct stat ds;
  if (::stat(dir.c_str(), &ds) != 0) {
    if (errno == ENOENT) badOutput(option, path, "directory " + dir + " does not exist");
    badOutput(option, path, "directory " + dir + ": " + std::strerror(errno));
  }
  if (!S_ISDIR(ds.st_mode)) badOutput(option, path, dir + " is not a directory");
  if (exists && !byRename) {
    if (::access(path.c_str(), W_OK) != 0)
      badOutput(option, path, std::string("cannot write: ") + std::strerror(errno));
  } else if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    badOutput(option, path, "cannot create files in " + dir + ": " + std::strerror(errno));
  }
}

uint64_t parseUnsigned(const std::string &flag, const char *v, uint64_t max) {
  if (!*v || *v == '-' || *v == '+') usage(flag + " expects a non-negative integer, got '" + v + "'");
  errno = 0;
  char *end = nullptr;
  unsigned long long x = std::strtoull(v, &end, 10);
  if (errno || *end) usage(flag + " expects a non-negative integer, got '" + v + "'");
  if (x > max) usage(flag + " value " + v + " is too large");
  return x;
}

} // namespace

int main(int argc, char **argv) {
  RunConfig cfg;
  std::string programPath, reportPath, pngPath, saveModelPath, modelPath, phases, csvPath;
  bool haveData = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char * {
      if (i + 1 >= argc) usage("option " + a + " requires a value");
      return argv[++i];
    };
    if (a == "--help" || a == "-h") { std::fputs(kHelp, stdout); return 0; }
    if (a == "--version") { printVersion(); return 0; }
    if (a == "--data") { cfg.dataDir = value(); haveData = true; }
    else if (a == "--train-limit") cfg.trainLimit = uint32_t(parseUnsigned(a, value(), UINT32_MAX));
    else if (a == "--test-limit") cfg.testLimit = uint32_t(parseUnsigned(a, value(), UINT32_MAX));
    else if (a == "--assign-limit") cfg.assignLimit = uint32_t(parseUnsigned(a, value(), UINT32_MAX));
    else if (a == "--epochs") {
      cfg.epochs = uint32_t(parseUnsigned(a, value(), UINT32_MAX));
      if (*cfg.epochs == 0) usage("--epochs must be >= 1");
    }
    else if (a == "--seed") cfg.seed = parseUnsigned(a, value(), UINT64_MAX);
    else if (a == "--report") reportPath = value();
    else if (a == "--weights-png") pngPath = value();
    else if (a == "--checkpoint") cfg.checkpointPath = value();
    else if (a == "--checkpoint-every") {
      cfg.checkpointEvery = parseUnsigned(a, value(), UINT64_MAX);
      if (cfg.checkpointEvery == 0) usage("--checkpoint-every must be >= 1");
    }
    else if (a == "--resume") cfg.resumePath = value();
    else if (a == "--quiet") cfg.quiet = true;
    else if (a == "--max-memory") {
      const char *v = value();
      auto bytes = parseByteSize(v);
      if (!bytes)
        usage("--max-memory expects a size such as 512M or 4G, got '" + std::string(v) + "'");
      cfg.memoryBudget = *bytes;
    }
    else if (a == "--save-model") saveModelPath = value();
    else if (a == "--model") modelPath = value();
    else if (a == "--phase") phases = value();
    else if (a == "--summary-csv") csvPath = value();
    else if (a == "--stop-after") {
      cfg.stopAfter = parseUnsigned(a, value(), UINT64_MAX);
      if (cfg.stopAfter == 0) usage("--stop-after must be >= 1");
    }
    else if (a.size() > 1 && a[0] == '-') usage("unknown option '" + a + "'");
    else if (programPath.empty()) programPath = a;
    else usage("unexpected argument '" + a + "' (only one PROGRAM)");
  }
  if (programPath.empty() && modelPath.empty()) usage("missing PROGRAM (a .snnp file)");
  if (!phases.empty()) {
    if (modelPath.empty()) usage("--phase needs --model (a training run always assigns and tests)");
    if (phases == "assign") cfg.runTest = false;
    else if (phases == "test") cfg.runAssign = false;
    else if (phases != "assign,test" && phases != "test,assign")
      usage("--phase expects assign, test or assign,test, got '" + phases + "'");
  }
  if (!saveModelPath.empty() && !modelPath.empty())
    usage("--save-model and --model: a model run does not train");
  if (!saveModelPath.empty() && cfg.stopAfter)
    usage("--save-model and --stop-after: a stopped run has no trained model");
  if (!haveData || cfg.dataDir.empty()) usage("missing --data DIR");
  if (cfg.checkpointPath.empty() != (cfg.checkpointEvery == 0))
    usage("--checkpoint FILE and --checkpoint-every N must be given together");
  const bool reportToStdout = reportPath == "-";
  if (!reportPath.empty() && !reportToStdout) checkOutputPath("--report", reportPath, false);
  if (!pngPath.empty()) checkOutputPath("--weights-png", pngPath, false);
  if (!cfg.checkpointPath.empty()) checkOutputPath("--checkpoint", cfg.checkpointPath, true);
  if (!saveModelPath.empty()) checkOutputPath("--save-model", saveModelPath, true);
  if (!csvPath.empty()) checkOutputPath("--summary-csv", csvPath, false);

  try {
    ModelCapture capture;
    std::shared_ptr<const TrainedModel> model;
    if (!modelPath.empty()) {
      model = std::make_shared<const TrainedModel>(readModelFile(modelPath, cfg.memoryBudget));
      cfg.model = model;
    }
    if (!saveModelPath.empty()) cfg.capture = &capture;
    Program prog = programPath.empty() ? Program::fromBytes(model->program->bytes(), modelPath)
                                       : Program::fromFile(programPath, cfg.memoryBudget);
    Trainer trainer(prog, cfg);
    RunResult res = trainer.run();
    if (res.stopped) {
      if (!cfg.quiet) {
        std::string resume;
        if (res.lastCheckpoint)
          resume = "; --resume " + cfg.checkpointPath + " continues from image " +
                   std::to_string(res.lastCheckpoint);
        else if (!cfg.checkpointPath.empty())
          resume = "; no checkpoint was written (--checkpoint-every " +
                   std::to_string(cfg.checkpointEvery) + ")";
        std::fprintf(stderr,
                     "snn-run: stopped after %u training images (--stop-after %llu): %llu of "
                     "%llu done, no assignment or test%s\n",
                     res.train.images, (unsigned long long)cfg.stopAfter,
                     (unsigned long long)res.trainPosition, (unsigned long long)res.trainTotal,
                     resume.c_str());
      }
      return 0;
    }
    if (reportToStdout) {
      std::string js = reportJson(prog, trainer.simulator(), res, cfg.dataDir);
      if (std::fwrite(js.data(), 1, js.size(), stdout) != js.size() || std::fflush(stdout) != 0)
        throw Error(ErrorKind::Io, std::string("stdout: cannot write the report: ") +
                                       std::strerror(errno));
    } else if (!reportPath.empty()) {
      writeTextFile(reportPath, reportJson(prog, trainer.simulator(), res, cfg.dataDir));
    }
    if (!pngPath.empty()) writeWeightPng(trainer.simulator(), pngPath);
    if (!csvPath.empty())
      writeTextFile(csvPath, summaryCsv(prog, trainer.simulator(), res, cfg.dataDir));
    if (!saveModelPath.empty())
      writeModelFile(saveModelPath, makeModel(prog, trainer.simulator(), res, capture));
    // With the report on stdout, the summary goes to stderr.
    if (!cfg.quiet) printSummary(prog, trainer.simulator(), res, reportToStdout ? stderr : stdout);
    return 0;
  } catch (const Error &e) {
    std::fprintf(stderr, "snn-run: error: %s\n", e.what());
    return e.kind() == ErrorKind::Io ? 1 : 2;
  } catch (const std::bad_alloc &) {
    std::fprintf(stderr,
                 "snn-run: error: out of memory running %s (the run fits its memory budget of "
                 "%s by estimate; lower --max-memory or free memory)\n",
                 programPath.c_str(), formatBytes(cfg.memoryBudget).c_str());
    return 1;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "snn-run: error: %s\n", e.what());
    return 1;
  }
}
