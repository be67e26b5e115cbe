// Drives the built snn-run binary: usage errors, bad files, help, and the
// end-to-end MNIST run with a complete report.
#include "TestUtil.h"
#include "snn/Version.h"
#include "snnrt/Program.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace snnrt;
using testutil::runSnnRun;
using testutil::runSnnRunSplit;

namespace {

std::string goodProgram() {
  static std::string path = [] {
    std::string d = testutil::freshDir("cli");
    testkit::ProgramSpec s;
    s.neurons = 10;
    s.crop_pixels = 100;
    s.presentation_ms = 20;
    testkit::writeProgramFile(s, d + "/good.snnp");
    return d + "/good.snnp";
  }();
  return path;
}

std::string synth() {
  static std::string d = [] {
    std::string dir = testutil::freshDir("cli_data");
    testutil::writeSyntheticSet(dir, 30, 10, false);
    return dir;
  }();
  return d;
}

void expectUsage(const std::string &args, const std::string &msg) {
  auto r = runSnnRun(args);
  EXPECT_EQ(r.exitCode, 2) << args << "\n" << r.output;
  EXPECT_NE(r.output.find(msg), std::string::npos) << args << "\n" << r.output;
}

// The report without wall-clock figures and the resumed flag: what two runs of
// the same settings must agree on.
std::string stripReport(std::string js) {
  js = js.substr(0, js.find("\"performance\""));
  auto p = js.find("\"resumed\": ");
  return js.erase(p, js.find_first_of(",}", p) - p);
}


} // namespace

TEST(Cli, HelpListsEveryOptionAndExitsZero) {
  auto r = runSnnRun("--help");
  EXPECT_EQ(r.exitCode, 0);
  for (const char *opt : {"--data", "--train-limit", "--test-limit", "--assign-limit", "--epochs",
                          "--seed", "--report", "--weights-png", "--checkpoint",
                          "--checkpoint-every", "--resume", "--stop-after", "--max-memory", "--quiet", "--help",
                          "--version"})
    EXPECT_NE(r.output.find(opt), std::string::npos) << opt;
  EXPECT_EQ(runSnnRun("-h").output, r.output);
}

TEST(Cli, VersionShowsProjectVersionGitHashAndProgramFormat) {
  auto v = runSnnRun("--version");
  EXPECT_EQ(v.exitCode, 0);
  EXPECT_EQ(v.output, std::string("snn-run ") + SNN_VERSION + " (git " + SNN_GIT_HASH +
                          ", program format " + std::to_string(kFormatVersion) + ")\n");
  EXPECT_NE(std::string(SNN_GIT_HASH), "");
}

TEST(Cli, UsageErrorsExitTwoWithAPointerToHelp) {
  std::string p = goodProgram(), d = synth();
  expectUsage(p + " --data " + d + " --bogus", "unknown option '--bogus'");
  expectUsage(p + " --data " + d + " --bogus", "snn-run --help");
  expectUsage(p + " --data", "requires a value");
  expectUsage(p + " --data " + d + " --epochs", "requires a value");
  expectUsage(p + " --data " + d + " --train-limit ten", "non-negative integer");
  expectUsage(p + " --data " + d + " --seed -4", "non-negative integer");
  expectUsage(p + " --data " + d + " --test-limit 5x", "non-negative integer");
  expectUsage(p + " --data " + d + " --epochs 0", "--epochs must be >= 1");
  expectUsage(p + " --data " + d + " --train-limit 99999999999", "too large");
  expectUsage("--data " + d, "missing PROGRAM");
  expectUsage(p, "missing --data");
  expectUsage(p + " " + p + " --data " + d, "unexpected argument");
  expectUsage(p + " --data " + d + " --checkpoint x.ckpt", "--checkpoint-every");
}

TEST(Cli, BadProgramFilesExitTwoNamingTheFile) {
  std::string dir = testutil::freshDir("cli_badprog");
  std::string d = synth();
  expectUsage(dir + "/missing.snnp --data " + d, dir + "/missing.snnp");
  std::string junk = dir + "/junk.snnp";
  testutil::writeFile(junk, {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '!'}, false);
  expectUsage(junk + " --data " + d, "identifier");
  testkit::ProgramSpec s;
  s.format_version = 7;
  testkit::writeProgramFile(s, dir + "/v7.snnp");
  expectUsage(dir + "/v7.snnp --data " + d, "format_version 7");
  s.format_version = snn_contract::kFormatVersion;
  s.window_ms = -3;
  testkit::writeProgramFile(s, dir + "/win.snnp");
  expectUsage(dir + "/win.snnp --data " + d, "stdp.window_ms");
  auto bytes = testkit::buildProgram(testkit::ProgramSpec{});
  bytes.resize(bytes.size() / 2);
  testutil::writeFile(dir + "/trunc.snnp", bytes, false);
  expectUsage(dir + "/trunc.snnp --data " + d, "trunc.snnp");
}

TEST(Cli, BadDataExitsTwoNamingTheFile) {
  std::string p = goodProgram();
  std::string empty = testutil::freshDir("cli_nodata");
  expectUsage(p + " --data " + empty, "train-images-idx3-ubyte");
  expectUsage(p + " --data /nonexistent/mnist", "/nonexistent/mnist");
  std::string bad = testutil::freshDir("cli_baddata");
  testutil::writeSyntheticSet(bad, 10, 10, false);
  testutil::writeFile(bad + "/t10k-labels-idx1-ubyte", testutil::idxLabels({1, 2, 3}), false);
  expectUsage(p + " --data " + bad, "t10k-labels-idx1-ubyte");
}

TEST(Cli, RunsAndWritesReportAndPng) {
  std::string dir = testutil::freshDir("cli_run");
  auto r = runSnnRun(goodProgram() + " --data " + synth() + " --report " + dir +
                     "/r.json --weights-png " + dir + "/w.png --epochs 2 --seed 3");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("test accuracy"), std::string::npos);
  std::string js = testutil::readText(dir + "/r.json");
  EXPECT_NE(js.find("\"epochs\": 2"), std::string::npos);
  EXPECT_NE(js.find("\"seed\": 3"), std::string::npos);
  EXPECT_NE(js.find("\"train_images\": 30"), std::string::npos);
  std::string png = testutil::readText(dir + "/w.png");
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  auto q = runSnnRun(goodProgram() + " --data " + synth() + " --quiet");
  EXPECT_EQ(q.exitCode, 0);
  EXPECT_EQ(q.output, "");
}

TEST(EndToEnd, MnistSmallNetworkLearnsAndReportIsComplete) {
  const std::string mnist = testutil::mnistDir();
  if (!testutil::hasIdxSet(mnist))
    GTEST_SKIP() << "MNIST not found in " << mnist << " (run scripts/setup.sh)";
  std::string dir = testutil::freshDir("e2e");
  testkit::ProgramSpec s;
  s.name = "e2e-50";
  s.neurons = 50;
  s.prune_mode = snn::program::PruneMode::Soft;
  s.prune_start = 100;
  s.prune_ramp = 100;
  s.prune_interval = 50;
  s.prune_target = 0.5f;
  testkit::writeProgramFile(s, dir + "/e2e.snnp");
  auto r = runSnnRun(dir + "/e2e.snnp --data " + mnist +
                     " --train-limit 400 --test-limit 300 --quiet --report " + dir + "/r.json");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  std::string js = testutil::readText(dir + "/r.json");
  ASSERT_FALSE(js.empty());
  for (const char *key :
       {"\"accuracy\"", "\"test\"", "\"per_class\"", "\"confusion\"", "\"cycles\"",
        "\"simulated_time_s\"", "\"energy_pj\"", "\"array_read\"", "\"set\"", "\"reset\"",
        "\"verify\"", "\"neuron\"", "\"routing\"", "\"control\"", "\"rng\"", "\"leakage\"",
        "\"writes\"", "\"histogram\"", "\"max_per_cell\"", "\"pruning\"",
        "\"fraction_over_time\"", "\"writes_avoided\"", "\"write_scheduling\"",
        "\"train_images_per_s\"", "\"peak_rss_mb\"", "\"memory_estimate_mb\"", "\"assignment\""})
    EXPECT_NE(js.find(key), std::string::npos) << key;
  // Accuracy far above chance (10%).
  auto pos = js.find("\"test\": ");
  ASSERT_NE(pos, std::string::npos);
  double acc = std::stod(js.substr(pos + 8));
  EXPECT_GT(acc, 0.5) << js.substr(0, 400);
  // Pruning happened on schedule: target 0.5 reached at image 200, i.e.
  // floor(0.5 * 397) = 198 of 397 inputs per neuron.
  pos = js.find("\"final_fraction\": ");
  ASSERT_NE(pos, std::string::npos);
  EXPECT_NEAR(std::stod(js.substr(pos + 18)), 198.0 / 397, 1e-12);
}

TEST(Cli, CheckpointAndResumeGiveTheUninterruptedReport) {
  std::string dir = testutil::freshDir("cli_resume");
  std::string base = goodProgram() + " --data " + synth() + " --epochs 2 --quiet";
  ASSERT_EQ(runSnnRun(base + " --report " + dir + "/full.json").exitCode, 0);
  auto stop = runSnnRun(base + " --checkpoint " + dir + "/c.ckpt --checkpoint-every 20 --stop-after 50");
  ASSERT_EQ(stop.exitCode, 0) << stop.output;
  auto res = runSnnRun(base + " --resume " + dir + "/c.ckpt --report " + dir + "/resumed.json");
  ASSERT_EQ(res.exitCode, 0) << res.output;
  // Everything but wall-clock figures and the resumed flag must match.
  auto strip = stripReport;
  std::string full = testutil::readText(dir + "/full.json");
  std::string resumed = testutil::readText(dir + "/resumed.json");
  EXPECT_NE(resumed.find("\"resumed\": true"), std::string::npos);
  EXPECT_EQ(strip(full), strip(resumed));
  // A checkpoint of another program is refused.
  testkit::ProgramSpec other;
  other.neurons = 11;
  other.crop_pixels = 100;
  other.presentation_ms = 20;
  testkit::writeProgramFile(other, dir + "/other.snnp");
  expectUsage(dir + "/other.snnp --data " + synth() + " --resume " + dir + "/c.ckpt",
              "different program");
}

TEST(Cli, ReportDashWritesJsonToStdoutAndTheSummaryToStderr) {
  std::string dir = testutil::freshDir("cli_report_stdout");
  std::string base = goodProgram() + " --data " + synth() + " --seed 5";
  auto file = runSnnRunSplit(base + " --report " + dir + "/r.json");
  ASSERT_EQ(file.exitCode, 0) << file.err;
  EXPECT_NE(file.out.find("test accuracy"), std::string::npos) << file.out;
  auto r = runSnnRunSplit(base + " --report -");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  // stdout is the report and nothing else: the same report as in a file.
  ASSERT_FALSE(r.out.empty());
  EXPECT_EQ(r.out.front(), '{');
  EXPECT_EQ(r.out.substr(r.out.size() - 2), "}\n");
  EXPECT_EQ(r.out.find("test accuracy"), std::string::npos);
  EXPECT_EQ(stripReport(r.out), stripReport(testutil::readText(dir + "/r.json")));
  // The summary and progress went to stderr.
  EXPECT_NE(r.err.find("test accuracy"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("train: "), std::string::npos) << r.err;
  EXPECT_EQ(file.err.find("test accuracy"), std::string::npos) << file.err;
  // --quiet: the report alone.
  auto q = runSnnRunSplit(base + " --report - --quiet");
  ASSERT_EQ(q.exitCode, 0) << q.err;
  EXPECT_EQ(stripReport(q.out), stripReport(r.out));
  EXPECT_EQ(q.err, "");
}

TEST(Cli, OutputPathsAreCheckedBeforeTraining) {
  std::string dir = testutil::freshDir("cli_outputs");
  std::string base = goodProgram() + " --data " + synth();
  testutil::writeFile(dir + "/plain", {'x'}, false);
  auto expectBadOutput = [&](const std::string &args, const std::string &opt,
                             const std::string &path, const std::string &why) {
    auto r = runSnnRun(base + " " + args);
    EXPECT_EQ(r.exitCode, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find("error: " + opt + " " + path + ": " + why), std::string::npos)
        << args << "\n" << r.output;
    // Nothing was trained: no progress line.
    EXPECT_EQ(r.output.find("train: "), std::string::npos) << args << "\n" << r.output;
  };
  const std::string ckpt = " --checkpoint-every 10";
  for (std::string opt : {"--report", "--weights-png", "--checkpoint"}) {
    std::string extra = opt == "--checkpoint" ? ckpt : "";
    expectBadOutput(opt + " " + dir + "/missing/out" + extra, opt, dir + "/missing/out",
                    "directory " + dir + "/missing does not exist");
    expectBadOutput(opt + " " + dir + extra, opt, dir, "is a directory, not a file");
    expectBadOutput(opt + " " + dir + "/plain/out" + extra, opt, dir + "/plain/out",
                    dir + "/plain is not a directory");
  }
  expectBadOutput("--weights-png -", "--weights-png", "-", "only --report can write to stdout");
  expectBadOutput("--checkpoint -" + ckpt, "--checkpoint", "-",
                  "only --report can write to stdout");
  // An existing writable file that is not a regular file is fine.
  EXPECT_EQ(runSnnRun(base + " --quiet --report /dev/null").exitCode, 0);
  if (::geteuid() != 0) { // root may write anywhere
    std::string ro = dir + "/readonly";
    ASSERT_EQ(::mkdir(ro.c_str(), 0555), 0);
    expectBadOutput("--report " + ro + "/r.json", "--report", ro + "/r.json",
                    "cannot create files in " + ro);
    expectBadOutput("--checkpoint " + ro + "/c.ckpt" + ckpt, "--checkpoint", ro + "/c.ckpt",
                    "cannot create files in " + ro);
  }
}

TEST(Cli, StopAfterShowsTheImagesActuallyTrained) {
  std::string dir = testutil::freshDir("cli_stop");
  // 30 training images x 2 epochs = 60; not quiet, so progress is on (plain
  // lines: the output is not a terminal).
  std::string base = goodProgram() + " --data " + synth() + " --epochs 2 --checkpoint " + dir +
                     "/c.ckpt --checkpoint-every 20";
  auto r = runSnnRun(base + " --stop-after 50");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("train: 50/50 images (100%)"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("/60"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("stopped after 50 training images (--stop-after 50): 50 of 60 done"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("--resume " + dir + "/c.ckpt continues from image 40"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("test accuracy"), std::string::npos) << r.output;
  // Resumed at 40, --stop-after counts this run's images: 5 more.
  auto s = runSnnRun(base + " --resume " + dir + "/c.ckpt --stop-after 5");
  ASSERT_EQ(s.exitCode, 0) << s.output;
  EXPECT_NE(s.output.find("train: 45/45 images (100%)"), std::string::npos) << s.output;
  EXPECT_NE(s.output.find("stopped after 5 training images (--stop-after 5): 45 of 60 done"),
            std::string::npos)
      << s.output;
  EXPECT_NE(s.output.find("no checkpoint was written (--checkpoint-every 20)"),
            std::string::npos)
      << s.output;
  // A --stop-after beyond the end of training does not stop the run.
  auto t = runSnnRun(base + " --resume " + dir + "/c.ckpt --stop-after 100");
  ASSERT_EQ(t.exitCode, 0) << t.output;
  EXPECT_NE(t.output.find("train: 60/60 images (100%)"), std::string::npos) << t.output;
  EXPECT_EQ(t.output.find("stopped after"), std::string::npos) << t.output;
  EXPECT_NE(t.output.find("test accuracy"), std::string::npos) << t.output;
}
