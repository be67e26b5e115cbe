#include "TestUtil.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <stdexcept>

namespace snnrt::testutil {

std::string freshDir(const std::string &name) {
  // ctest runs each test in its own process, possibly in parallel: keep every
  // test's files under its own name so that no test deletes another's data.
  std::string owner = "global";
  if (const auto *info = ::testing::UnitTest::GetInstance()->current_test_info())
    owner = std::string(info->test_suite_name()) + "." + info->name();
  std::string d = std::string(SNN_TEST_TMP) + "/" + owner + "/" + name;
  std::string cmd = "rm -rf '" + d + "' && mkdir -p '" + d + "'";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("cannot create " + d);
  return d;
}

const std::string &sharedSyntheticSet(const std::string &name, uint32_t trainCount,
                                      uint32_t testCount, bool gz) {
  static std::map<std::string, std::string> written;
  auto [it, fresh] = written.try_emplace(name);
  if (fresh) {
    it->second = freshDir(name);
    writeSyntheticSet(it->second, trainCount, testCount, gz);
  }
  return it->second;
}

void writeFile(const std::string &path, const std::vector<uint8_t> &bytes, bool gz) {
  if (gz) {
    gzFile f = gzopen(path.c_str(), "wb");
    if (!f) throw std::runtime_error("cannot write " + path);
    if (!bytes.empty()) gzwrite(f, bytes.data(), unsigned(bytes.size()));
    gzclose(f);
  } else {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
  }
}

static void be32(std::vector<uint8_t> &b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(uint8_t(v >> s));
}

std::vector<uint8_t> idxImages(const std::vector<uint8_t> &pixels, uint32_t count,
                               const IdxSpec &s) {
  std::vector<uint8_t> b;
  be32(b, s.imageMagic);
  be32(b, s.declaredImages ? s.declaredImages : count);
  be32(b, s.height);
  be32(b, s.width);
  b.insert(b.end(), pixels.begin(), pixels.end());
  if (s.truncateImagesTo) b.resize(s.truncateImagesTo);
  return b;
}

std::vector<uint8_t> idxLabels(const std::vector<uint8_t> &labels, const IdxSpec &s) {
  std::vector<uint8_t> b;
  be32(b, s.labelMagic);
  be32(b, s.declaredLabels ? s.declaredLabels : uint32_t(labels.size()));
  b.insert(b.end(), labels.begin(), labels.end());
  return b;
}

void writeSyntheticSet(const std::string &dir, uint32_t trainCount, uint32_t testCount,
                       bool gz) {
  uint64_t x = 12345;
  auto rnd = [&] { x = x * 6364136223846793005ULL + 1442695040888963407ULL; return uint32_t(x >> 33); };
  for (int split = 0; split < 2; ++split) {
    uint32_t n = split == 0 ? trainCount : testCount;
    std::vector<uint8_t> px(size_t(n) * 784, 0), lb(n);
    for (uint32_t i = 0; i < n; ++i) {
      uint8_t c = uint8_t(i % 10);
      lb[i] = c;
      uint32_t col = 2 + uint32_t(c * 2.4);
      for (uint32_t y = 4; y < 24; ++y)
        for (uint32_t dx = 0; dx < 4; ++dx) px[size_t(i) * 784 + y * 28 + col + dx] = 255;
      for (int k = 0; k < 20; ++k) px[size_t(i) * 784 + rnd() % 784] = uint8_t(rnd() % 256);
    }
    std::string pre = dir + "/" + (split == 0 ? "train" : "t10k");
    std::string ext = gz ? ".gz" : "";
    writeFile(pre + "-images-idx3-ubyte" + ext, idxImages(px, n), gz);
    writeFile(pre + "-labels-idx1-ubyte" + ext, idxLabels(lb), gz);
  }
}

Cmd runSnnRun(const std::string &args) {
  std::string cmd = std::string(SNN_RUN_BINARY) + " " + args + " 2>&1";
  FILE *p = popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("popen failed");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

SplitCmd runSnnRunSplit(const std::string &args) {
  if (std::system(("mkdir -p '" + std::string(SNN_TEST_TMP) + "'").c_str()) != 0)
    throw std::runtime_error("cannot create " + std::string(SNN_TEST_TMP));
  std::string errPath = std::string(SNN_TEST_TMP) + "/stderr-XXXXXX";
  int fd = mkstemp(errPath.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  ::close(fd);
  std::string cmd = std::string(SNN_RUN_BINARY) + " " + args + " 2>'" + errPath + "'";
  FILE *p = popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("popen failed");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int st = pclose(p);
  std::string err = readText(errPath);
  std::remove(errPath.c_str());
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out, err};
}

std::string readText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool hasIdxSet(const std::string &dir) {
  struct stat st;
  for (const char *f : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
    std::string raw = dir + "/" + f;
    if (::stat((raw + ".gz").c_str(), &st) != 0 && ::stat(raw.c_str(), &st) != 0) return false;
  }
  return true;
}

std::string mnistDir() {
  const char *env = std::getenv("SNN_MNIST_DIR");
  return env && *env ? env : SNN_MNIST_DIR;
}

} // namespace snnrt::testutil
