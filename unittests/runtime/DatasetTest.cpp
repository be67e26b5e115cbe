// idx reader: .gz and raw, magic numbers, counts, truncation; errors name the file.
#include "TestUtil.h"
#include "snnrt/Dataset.h"
#include "snnrt/Error.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

using namespace snnrt;
using namespace snnrt::testutil;

namespace {

std::vector<uint8_t> pixels(uint32_t n) {
  std::vector<uint8_t> p(size_t(n) * 784);
  for (size_t i = 0; i < p.size(); ++i) p[i] = uint8_t(i * 7 + 3);
  return p;
}

void expectDataError(const std::string &ip, const std::string &lp, const std::string &file,
                     const std::string &what) {
  try {
    readIdxPair(ip, lp);
    FAIL() << "accepted";
  } catch (const Error &e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadData);
    std::string m = e.what();
    EXPECT_NE(m.find(file), std::string::npos) << m;
    EXPECT_NE(m.find(what), std::string::npos) << m;
  }
}

} // namespace

TEST(Dataset, ReadsRawAndGzipIdentically) {
  std::string d = freshDir("dataset_ok");
  auto px = pixels(5);
  std::vector<uint8_t> lb = {3, 1, 4, 1, 5};
  writeFile(d + "/a.idx3", idxImages(px, 5), false);
  writeFile(d + "/a.lab", idxLabels(lb), false);
  writeFile(d + "/b.idx3.gz", idxImages(px, 5), true);
  writeFile(d + "/b.lab.gz", idxLabels(lb), true);
  LabelledImages raw = readIdxPair(d + "/a.idx3", d + "/a.lab");
  LabelledImages gz = readIdxPair(d + "/b.idx3.gz", d + "/b.lab.gz");
  EXPECT_EQ(raw.count, 5u);
  EXPECT_EQ(raw.width, 28u);
  EXPECT_EQ(raw.height, 28u);
  EXPECT_EQ(raw.pixels, px);
  EXPECT_EQ(raw.labels, lb);
  EXPECT_EQ(gz.pixels, raw.pixels);
  EXPECT_EQ(gz.labels, raw.labels);
  EXPECT_EQ(raw.image(2)[0], px[2 * 784]);
}

TEST(Dataset, LimitReadsOnlyTheFirstImages) {
  std::string d = freshDir("dataset_limit");
  auto px = pixels(6);
  writeFile(d + "/i", idxImages(px, 6), true);
  writeFile(d + "/l", idxLabels({0, 1, 2, 3, 4, 5}), true);
  LabelledImages s = readIdxPair(d + "/i", d + "/l", 2);
  EXPECT_EQ(s.count, 2u);
  EXPECT_EQ(s.labels, (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ(s.pixels, std::vector<uint8_t>(px.begin(), px.begin() + 2 * 784));
}

TEST(Dataset, RejectsWrongMagic) {
  std::string d = freshDir("dataset_magic");
  IdxSpec bad;
  bad.imageMagic = 0x00000801;
  writeFile(d + "/i", idxImages(pixels(2), 2, bad), false);
  writeFile(d + "/l", idxLabels({1, 2}), false);
  expectDataError(d + "/i", d + "/l", d + "/i", "magic");
  IdxSpec badL;
  badL.labelMagic = 0x00000803;
  writeFile(d + "/i2", idxImages(pixels(2), 2), false);
  writeFile(d + "/l2", idxLabels({1, 2}, badL), false);
  expectDataError(d + "/i2", d + "/l2", d + "/l2", "magic");
}

TEST(Dataset, RejectsTruncatedImagesRawAndGz) {
  std::string d = freshDir("dataset_trunc");
  IdxSpec t;
  t.truncateImagesTo = 16 + 784 + 100; // header + 1.1 images of 2
  for (bool gz : {false, true}) {
    std::string ip = d + (gz ? "/i.gz" : "/i"), lp = d + (gz ? "/l.gz" : "/l");
    writeFile(ip, idxImages(pixels(2), 2, t), gz);
    writeFile(lp, idxLabels({1, 2}), gz);
    expectDataError(ip, lp, ip, "truncated");
  }
  // Truncated inside the header.
  writeFile(d + "/h", {0, 0, 8, 3, 0, 0}, false);
  writeFile(d + "/hl", idxLabels({1}), false);
  expectDataError(d + "/h", d + "/hl", d + "/h", "truncated");
}

TEST(Dataset, RejectsCorruptGzip) {
  std::string d = freshDir("dataset_corrupt");
  writeFile(d + "/i.gz", idxImages(pixels(3), 3), true);
  writeFile(d + "/l.gz", idxLabels({1, 2, 3}), true);
  // Cut the compressed stream in the middle.
  std::string f = d + "/i.gz";
  std::string cmd = "truncate -s $(( $(stat -c %s '" + f + "') / 2 )) '" + f + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  try {
    readIdxPair(d + "/i.gz", d + "/l.gz");
    FAIL();
  } catch (const Error &e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadData);
    EXPECT_NE(std::string(e.what()).find(d + "/i.gz"), std::string::npos);
  }
}

TEST(Dataset, RejectsCountMismatchAndBadLabels) {
  std::string d = freshDir("dataset_count");
  writeFile(d + "/i", idxImages(pixels(3), 3), false);
  writeFile(d + "/l", idxLabels({1, 2}), false);
  expectDataError(d + "/i", d + "/l", d + "/l", "does not match image count 3");
  writeFile(d + "/l2", idxLabels({1, 2, 11}), false);
  expectDataError(d + "/i", d + "/l2", d + "/l2", "label 11");
  IdxSpec more;
  more.declaredImages = 4; // header claims more images than the file holds
  writeFile(d + "/i3", idxImages(pixels(3), 3, more), false);
  writeFile(d + "/l3", idxLabels({1, 2, 3, 4}), false);
  expectDataError(d + "/i3", d + "/l3", d + "/i3", "truncated");
  writeFile(d + "/i4", idxImages(pixels(4), 3), false); // one image too many
  writeFile(d + "/l4", idxLabels({1, 2, 3}), false);
  expectDataError(d + "/i4", d + "/l4", d + "/i4", "trailing");
}

TEST(Dataset, LoadSplitFindsGzOrRawAndReportsMissing) {
  std::string d = freshDir("dataset_split");
  writeSyntheticSet(d, 20, 10, true);
  LabelledImages tr = loadSplit(d, "train");
  EXPECT_EQ(tr.count, 20u);
  EXPECT_EQ(tr.labels[13], 3);
  std::string e = freshDir("dataset_split_raw");
  writeSyntheticSet(e, 20, 10, false);
  EXPECT_EQ(loadSplit(e, "t10k").pixels, loadSplit(d, "t10k").pixels);
  try {
    loadSplit(freshDir("dataset_empty"), "train");
    FAIL();
  } catch (const Error &err) {
    EXPECT_EQ(err.kind(), ErrorKind::BadData);
    EXPECT_NE(std::string(err.what()).find("train-images-idx3-ubyte"), std::string::npos);
  }
}

TEST(Dataset, IdxSetIsFoundRawOrGzipped) {
  std::string gz = freshDir("idxset_gz"), raw = freshDir("idxset_raw");
  writeSyntheticSet(gz, 10, 10, true);
  writeSyntheticSet(raw, 10, 10, false);
  EXPECT_TRUE(hasIdxSet(gz));
  EXPECT_TRUE(hasIdxSet(raw));
  EXPECT_FALSE(hasIdxSet(freshDir("idxset_empty")));
  EXPECT_FALSE(hasIdxSet(gz + "/missing"));
  // A mix of raw and .gz is a set too; one file missing is not.
  std::string mixed = freshDir("idxset_mixed");
  writeSyntheticSet(mixed, 10, 10, false);
  ASSERT_EQ(std::remove((mixed + "/t10k-labels-idx1-ubyte").c_str()), 0);
  EXPECT_FALSE(hasIdxSet(mixed));
  writeFile(mixed + "/t10k-labels-idx1-ubyte.gz", idxLabels(std::vector<uint8_t>(10, 1)), true);
  EXPECT_TRUE(hasIdxSet(mixed));
  ASSERT_EQ(std::remove((mixed + "/train-images-idx3-ubyte").c_str()), 0);
  EXPECT_FALSE(hasIdxSet(mixed));
}

TEST(Dataset, ReadsRealMnistAndFashionHeaders) {
  std::string mnist = mnistDir();
  if (!hasIdxSet(mnist))
    GTEST_SKIP() << "MNIST not found in " << mnist << " (run scripts/setup.sh)";
  LabelledImages t = loadSplit(mnist, "t10k", 100);
  EXPECT_EQ(t.count, 100u);
  EXPECT_EQ(t.width, 28u);
  EXPECT_EQ(t.labels[0], 7); // the first MNIST test digit is a 7
  EXPECT_EQ(t.labels[1], 2);
  std::string fashion = "/usr/share/datasets/fashion-mnist";
  if (hasIdxSet(fashion)) {
    LabelledImages f = loadSplit(fashion, "t10k", 10);
    EXPECT_EQ(f.count, 10u);
    EXPECT_EQ(f.labels[0], 9); // ankle boot
  }
}
