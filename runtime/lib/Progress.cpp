#include "snnrt/Progress.h"

#include <unistd.h>

namespace snnrt {

Progress::Style Progress::detect(bool quiet) {
  if (quiet) return Style::Quiet;
  return ::isatty(STDERR_FILENO) ? Style::Bar : Style::Lines;
}

Progress::Progress(Style style, std::string label, uint64_t total, uint64_t done)
    : style_(style), label_(std::move(label)), total_(total), start_(done), done_(done),
      t0_(std::chrono::steady_clock::now()), last_(t0_) {}

void Progress::tick(uint64_t done) {
  auto now = std::chrono::steady_clock::now();
  double since = std::chrono::duration<double>(now - last_).count();
  // Redraw a bar 10x per second; print a plain line every 10 s.
  if (since < (style_ == Style::Bar ? 0.1 : 10.0) && done != total_) return;
  last_ = now;
  if (done == total_) {
    finish();
    return;
  }
  draw(done, false);
}

void Progress::draw(uint64_t done, bool final) {
  double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  double rate = el > 0 ? double(done - start_) / el : 0;
  double eta = rate > 0 ? double(total_ - done) / rate : 0;
  double frac = total_ ? double(done) / double(total_) : 1;
  if (style_ == Style::Bar) {
    const int width = 30;
    int filled = int(frac * width);
    std::string bar(size_t(filled), '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r%-6s [%s] %3.0f%% %llu/%llu  %.0f img/s  ETA %.0fs   ",
                 label_.c_str(), bar.c_str(), frac * 100, (unsigned long long)done,
                 (unsigned long long)total_, rate, final ? 0.0 : eta);
    if (final) std::fputc('\n', stderr);
  } else {
    std::fprintf(stderr, "%s: %llu/%llu images (%.0f%%), %.0f img/s, ETA %.0fs\n",
                 label_.c_str(), (unsigned long long)done, (unsigned long long)total_,
                 frac * 100, rate, final ? 0.0 : eta);
  }
  std::fflush(stderr);
}

void Progress::finish() {
  if (style_ == Style::Quiet || drewFinal_) return;
  drewFinal_ = true;
  draw(done_, true);
}

} // namespace snnrt
