// Helpers shared by the runtime's fuzz targets and their seed tool: a private
// scratch directory (on tmpfs when there is one, so that files written per
// execution and the checkpoint writer's fsync cost next to nothing), idx
// files, a tiny synthetic data set, gzip in memory, the checkpoint file
// header, and the report of an unexpected exception.
#pragma once
#include "snnrt/Checkpoint.h"
#include "snnrt/Error.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <typeinfo>
#include <vector>

namespace snnfuzz {

// A fresh directory, removed when the process exits normally.
inline std::string scratchDir(const char *tag) {
  struct stat st;
  std::string base = ::stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
  if (const char *t = std::getenv("TMPDIR"); t && *t) base = t;
  std::string templ = base + "/snn-" + tag + "-XXXXXX";
  if (!::mkdtemp(templ.data())) {
    std::perror(("mkdtemp " + templ).c_str());
    std::abort();
  }
  static std::vector<std::string> *dirs = [] {
    auto *v = new std::vector<std::string>;
    std::atexit([] {
      for (const std::string &d : *dirs) {
        std::string cmd = "rm -rf '" + d + "'";
        if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "cannot remove %s\n", d.c_str());
      }
    });
    return v;
  }();
  dirs->push_back(templ);
  return templ;
}

inline void writeFile(const std::string &path, const uint8_t *p, size_t n) {
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f || (n && std::fwrite(p, 1, n, f) != n) || std::fclose(f) != 0) {
    std::perror(("write " + path).c_str());
    std::abort();
  }
}
inline void writeFile(const std::string &path, const std::vector<uint8_t> &b) {
  writeFile(path, b.data(), b.size());
}

// A gzip stream (header and trailer, as gzip(1) writes) of `in`.
inline std::vector<uint8_t> gzipBytes(const uint8_t *in, size_t n) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::vector<uint8_t> out(deflateBound(&z, uLong(n)) + 32);
  z.next_in = const_cast<Bytef *>(in);
  z.avail_in = uInt(n);
  z.next_out = out.data();
  z.avail_out = uInt(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

inline void be32(std::vector<uint8_t> &b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(uint8_t(v >> s));
}
inline std::vector<uint8_t> idxImages(const std::vector<uint8_t> &pixels, uint32_t count,
                                      uint32_t height, uint32_t width) {
  std::vector<uint8_t> b;
  be32(b, 0x00000803);
  be32(b, count);
  be32(b, height);
  be32(b, width);
  b.insert(b.end(), pixels.begin(), pixels.end());
  return b;
}
inline std::vector<uint8_t> idxLabels(const std::vector<uint8_t> &labels) {
  std::vector<uint8_t> b;
  be32(b, 0x00000801);
  be32(b, uint32_t(labels.size()));
  b.insert(b.end(), labels.begin(), labels.end());
  return b;
}

// {train,t10k}-{images-idx3,labels-idx1}-ubyte (raw) in dir: 28x28 images,
// class c a vertical bar at column 2 + 2c plus seeded noise (as the unit
// tests' synthetic set, smaller).
inline void writeSyntheticSet(const std::string &dir, uint32_t trainCount, uint32_t testCount) {
  uint64_t x = 12345;
  auto rnd = [&] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return uint32_t(x >> 33);
  };
  for (int split = 0; split < 2; ++split) {
    const uint32_t n = split == 0 ? trainCount : testCount;
    std::vector<uint8_t> px(size_t(n) * 784, 0), lb(n);
    for (uint32_t i = 0; i < n; ++i) {
      const uint8_t c = uint8_t((i * 3 + uint32_t(split)) % 10);
      lb[i] = c;
      const uint32_t col = 2 + 2 * c;
      for (uint32_t y = 4; y < 24; ++y)
        for (uint32_t dx = 0; dx < 4; ++dx) px[size_t(i) * 784 + y * 28 + col + dx] = 255;
      for (int k = 0; k < 40; ++k) px[size_t(i) * 784 + rnd() % 784] = uint8_t(rnd() % 256);
    }
    const std::string pre = dir + "/" + (split == 0 ? "train" : "t10k");
    writeFile(pre + "-images-idx3-ubyte", idxImages(px, n, 28, 28));
    writeFile(pre + "-labels-idx1-ubyte", idxLabels(lb));
  }
}

// A checkpoint file around `payload`, as writeCheckpointFile lays it out
// (runtime/include/snnrt/Checkpoint.h): "SNNC", version, program hash,
// payload size, payload, CRC-32 of everything before it.
inline std::vector<uint8_t> checkpointFile(uint64_t programHash, const uint8_t *payload,
                                           size_t n) {
  std::vector<uint8_t> f = {'S', 'N', 'N', 'C'};
  auto put = [&](const void *p, size_t k) {
    const auto *b = static_cast<const uint8_t *>(p);
    f.insert(f.end(), b, b + k);
  };
  const uint32_t version = snnrt::kCheckpointVersion;
  const uint64_t size = n;
  put(&version, 4);
  put(&programHash, 8);
  put(&size, 8);
  if (n) put(payload, n);
  const uint32_t crc = uint32_t(crc32(crc32(0L, Z_NULL, 0), f.data(), uInt(f.size())));
  put(&crc, 4);
  return f;
}

// The payload of a checkpoint file (no checks: for files this process wrote).
inline std::vector<uint8_t> checkpointPayload(const std::string &path) {
  std::vector<uint8_t> f;
  FILE *in = std::fopen(path.c_str(), "rb");
  if (!in) std::abort();
  uint8_t buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) f.insert(f.end(), buf, buf + n);
  std::fclose(in);
  if (f.size() < 28) std::abort();
  return std::vector<uint8_t>(f.begin() + 24, f.end() - 4);
}

// Any exception but snnrt::Error is a finding: name its type and abort, so
// that libFuzzer saves the input.
[[noreturn]] inline void unexpected(const std::exception &e) {
  std::fprintf(stderr, "FUZZ FINDING: unexpected exception %s: %s\n", typeid(e).name(), e.what());
  std::abort();
}
[[noreturn]] inline void finding(const std::string &what) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n", what.c_str());
  std::abort();
}

} // namespace snnfuzz
