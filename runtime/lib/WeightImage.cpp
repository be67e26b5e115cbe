#include "snnrt/WeightImage.h"
#include "snnrt/Error.h"

#include <png.h>

#include <cmath>
#include <cstdio>
#include <vector>

namespace snnrt {

void writeWeightPng(const Simulator &sim, const std::string &path) {
  auto enc = sim.program().root().encoding();
  const uint32_t iw = enc->image_width(), ih = enc->image_height();
  const uint32_t n = sim.neurons();
  const uint32_t gc = uint32_t(std::ceil(std::sqrt(double(n))));
  const uint32_t gr = (n + gc - 1) / gc;
  const uint32_t W = gc * (iw + 1) + 1, H = gr * (ih + 1) + 1;
  std::vector<uint8_t> rgb(size_t(W) * H * 3, 128); // grey grid lines
  const Quantizer &q = sim.device().quantizer();
  const auto &mask = sim.encoder().mask();
  for (uint32_t k = 0; k < n; ++k) {
    uint32_t x0 = (k % gc) * (iw + 1) + 1, y0 = (k / gc) * (ih + 1) + 1;
    for (uint32_t y = 0; y < ih; ++y)
      for (uint32_t x = 0; x < iw; ++x) {
        uint8_t *px = &rgb[(size_t(y0 + y) * W + x0 + x) * 3];
        px[0] = 0; px[1] = 0; px[2] = 40;
      }
    for (uint32_t i = 0; i < mask.size(); ++i) {
      double v = (sim.device().weight(i, k) - q.wMin()) / (q.wMax() - q.wMin());
      uint8_t g = uint8_t(std::lround(255 * std::min(1.0, std::max(0.0, v))));
      uint32_t x = mask[i] % iw, y = mask[i] / iw;
      uint8_t *px = &rgb[(size_t(y0 + y) * W + x0 + x) * 3];
      px[0] = px[1] = px[2] = g;
    }
  }
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) throw Error(ErrorKind::Io, path + ": cannot write PNG");
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    std::fclose(f);
    throw Error(ErrorKind::Io, path + ": PNG encoding failed");
  }
  png_init_io(png, f);
  png_set_IHDR(png, info, W, H, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (uint32_t y = 0; y < H; ++y) png_write_row(png, &rgb[size_t(y) * W * 3]);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  if (std::fclose(f) != 0) throw Error(ErrorKind::Io, path + ": write failed");
}

} // namespace snnrt
