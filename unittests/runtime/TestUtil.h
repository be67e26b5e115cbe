// Shared helpers of the runtime tests: temp dirs, idx file writers, a
// synthetic labelled data set, and running the snn-run binary.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace snnrt::testutil {

// A fresh empty directory under the build tree, private to the running test.
std::string freshDir(const std::string &name);

struct IdxSpec {
  uint32_t imageMagic = 0x00000803, labelMagic = 0x00000801;
  uint32_t width = 28, height = 28;
  uint32_t declaredImages = 0, declaredLabels = 0; // 0 = actual counts
  size_t truncateImagesTo = 0;                     // bytes; 0 = no truncation
};

void writeFile(const std::string &path, const std::vector<uint8_t> &bytes, bool gz);
std::vector<uint8_t> idxImages(const std::vector<uint8_t> &pixels, uint32_t count,
                               const IdxSpec &s = {});
std::vector<uint8_t> idxLabels(const std::vector<uint8_t> &labels, const IdxSpec &s = {});

// Writes {train,t10k}-{images,labels} files of a synthetic 10-class set into
// dir: class c is a bright 4-pixel-wide vertical bar at column 2 + 2.4c plus
// a little seeded noise. Easy to learn, so a correct runtime must beat chance.
void writeSyntheticSet(const std::string &dir, uint32_t trainCount, uint32_t testCount,
                       bool gz);
// The synthetic set of the first test that asks for `name` (a fresh dir of
// that test), written once per process and shared by the later tests.
const std::string &sharedSyntheticSet(const std::string &name, uint32_t trainCount,
                                      uint32_t testCount, bool gz);

struct Cmd {
  int exitCode;
  std::string output; // stdout + stderr
};
Cmd runSnnRun(const std::string &args);

// Runs snn-run with stdout and stderr kept apart.
struct SplitCmd {
  int exitCode;
  std::string out, err;
};
SplitCmd runSnnRunSplit(const std::string &args);

std::string readText(const std::string &path);

// True when dir holds the four {train,t10k}-{images-idx3,labels-idx1}-ubyte
// files, each raw or gzip-compressed (.gz): either form that
// scripts/fetch-mnist.sh leaves (it copies what its source has).
bool hasIdxSet(const std::string &dir);

// The MNIST directory of the tests on real data: $SNN_MNIST_DIR when set,
// else the build's SNN_MNIST_DIR (CMake cache, default data/mnist).
std::string mnistDir();

} // namespace snnrt::testutil
