// Any idx data set of any image size: a 12x16 set trains and tests like MNIST,
// a program for another size is refused naming both sizes; and the CSV
// summary (--summary-csv) agrees with the JSON report.
#include "TestUtil.h"
#include "snnrt/testing/ProgramBuilder.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace snnrt;
using testutil::runSnnRun;

namespace {

// Class c: a bright horizontal bar at row c + 1 of a W x H image, plus noise.
void writeBars(const std::string &dir, uint32_t w, uint32_t h, uint32_t trainN, uint32_t testN) {
  uint64_t x = 7;
  auto rnd = [&] { x = x * 6364136223846793005ULL + 1442695040888963407ULL; return uint32_t(x >> 33); };
  testutil::IdxSpec spec;
  spec.width = w;
  spec.height = h;
  for (int split = 0; split < 2; ++split) {
    uint32_t n = split == 0 ? trainN : testN;
    std::vector<uint8_t> px(size_t(n) * w * h, 0), lb(n);
    for (uint32_t i = 0; i < n; ++i) {
      lb[i] = uint8_t(i % 10);
      for (uint32_t c = 1; c + 1 < w; ++c) px[size_t(i) * w * h + (lb[i] + 1) * w + c] = 250;
      for (int k = 0; k < 6; ++k) px[size_t(i) * w * h + rnd() % (w * h)] = uint8_t(rnd() % 200);
    }
    std::string pre = dir + "/" + (split == 0 ? "train" : "t10k");
    testutil::writeFile(pre + "-images-idx3-ubyte", testutil::idxImages(px, n, spec), false);
    testutil::writeFile(pre + "-labels-idx1-ubyte", testutil::idxLabels(lb, spec), false);
  }
}

std::vector<std::string> split(const std::string &line) {
  std::vector<std::string> out;
  std::stringstream s(line);
  std::string f;
  while (std::getline(s, f, ',')) out.push_back(f);
  return out;
}

// The number at a path of keys, each found after the one before it.
std::string jsonNumber(const std::string &js, std::initializer_list<std::string> path) {
  size_t at = 0;
  std::string last;
  for (const std::string &key : path) {
    at = js.find("\"" + key + "\":", at);
    if (at == std::string::npos) return "<missing " + key + ">";
    at += key.size() + 3;
  }
  size_t b = js.find_first_not_of(' ', at);
  return js.substr(b, js.find_first_of(",}\n", b) - b);
}

} // namespace

TEST(DataShape, A12x16DataSetTrainsAndTests) {
  std::string dir = testutil::freshDir("shape_12x16");
  writeBars(dir, 12, 16, 200, 50);
  testkit::ProgramSpec s;
  s.image_width = 12;
  s.image_height = 16;
  s.crop_pixels = 120;
  s.neurons = 20;
  s.presentation_ms = 50;
  s.homeostasis = snn::program::Homeostasis::AdaptiveBias;
  s.homeostasis_rate = 0.05f;
  testkit::writeProgramFile(s, dir + "/p.snnp");
  auto r = runSnnRun(dir + "/p.snnp --data " + dir + " --quiet --seed 2 --report " + dir +
                     "/r.json --weights-png " + dir + "/w.png --summary-csv " + dir + "/s.csv");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  std::string js = testutil::readText(dir + "/r.json");
  EXPECT_NE(js.find("\"train_images\": 200"), std::string::npos);
  // Ten classes of bars: far above chance (10%).
  EXPECT_GT(std::stod(jsonNumber(js, {"accuracy", "test"})), 0.3) << js.substr(0, 2000);

  // The CSV: a header and one row, agreeing with the report.
  std::string csv = testutil::readText(dir + "/s.csv");
  std::stringstream lines(csv);
  std::string head, row, extra;
  std::getline(lines, head);
  std::getline(lines, row);
  EXPECT_FALSE(std::getline(lines, extra));
  auto h = split(head), v = split(row);
  ASSERT_EQ(h.size(), v.size()) << csv;
  auto col = [&](const std::string &name) {
    for (size_t i = 0; i < h.size(); ++i)
      if (h[i] == name) return v[i];
    ADD_FAILURE() << "no column " << name;
    return std::string();
  };
  EXPECT_EQ(col("image_width"), "12");
  EXPECT_EQ(col("image_height"), "16");
  EXPECT_EQ(col("inputs"), "120");
  EXPECT_EQ(col("train_images"), "200");
  EXPECT_EQ(col("seed"), "2");
  EXPECT_DOUBLE_EQ(std::stod(col("test_accuracy")), std::stod(jsonNumber(js, {"accuracy", "test"})));
  const double test = std::stod(jsonNumber(js, {"energy_pj", "test", "total"}));
  EXPECT_NEAR(std::stod(col("energy_pj_test")), test, 1e-6 * test);
  EXPECT_EQ(col("cycles_total"), jsonNumber(js, {"cycles", "total"}));
  EXPECT_EQ(col("write_pulses"), jsonNumber(js, {"writes", "total_pulses"}));
}

TEST(DataShape, AProgramForAnotherImageSizeIsRefusedNamingBoth) {
  std::string dir = testutil::freshDir("shape_mismatch");
  writeBars(dir, 12, 16, 20, 10);
  testkit::ProgramSpec s;
  s.crop_pixels = 100; // 28x28
  s.neurons = 5;
  testkit::writeProgramFile(s, dir + "/p.snnp");
  auto r = runSnnRun(dir + "/p.snnp --data " + dir + " --quiet");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.output.find("images are 16x12 but the program expects 28x28"), std::string::npos)
      << r.output;
}

TEST(DataShape, SummaryCsvPathIsCheckedBeforeTraining) {
  std::string dir = testutil::freshDir("shape_csv");
  writeBars(dir, 12, 16, 20, 10);
  testkit::ProgramSpec s;
  s.image_width = 12;
  s.image_height = 16;
  s.crop_pixels = 50;
  s.neurons = 5;
  testkit::writeProgramFile(s, dir + "/p.snnp");
  auto r = runSnnRun(dir + "/p.snnp --data " + dir + " --summary-csv " + dir + "/no/such/s.csv");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.output.find("--summary-csv"), std::string::npos) << r.output;
  EXPECT_NE(runSnnRun("--help").output.find("--summary-csv"), std::string::npos);
}
