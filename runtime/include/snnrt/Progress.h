// Progress display: a redrawn bar with images/s and ETA on a terminal, plain
// periodic lines otherwise (logs, CI), nothing with --quiet. Goes to stderr so
// stdout keeps only the summary.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace snnrt {

class Progress {
public:
  enum class Style { Quiet, Bar, Lines };
  static Style detect(bool quiet); // Bar when stderr is a TTY

  // total: where this phase ends (with --stop-after, where training stops,
  // not the full run); done: where it starts (a resumed position).
  Progress(Style style, std::string label, uint64_t total, uint64_t done = 0);
  void update(uint64_t done) {
    if (sink_) sink_(sinkCtx_, label_.c_str(), done, total_);
    if (style_ == Style::Quiet) return;
    done_ = done;
    if ((done & 15) != 0 && done != total_) return; // cheap gate: clock every 16 images
    tick(done);
  }
  // Draws the final state: the images actually done (the last update), which
  // is below total when the phase ended early.
  void finish();

  // A function called on every update, whatever the style (the Python
  // module's progress callback): phase label, images done, phase total. Per
  // thread; null = none. It may throw (e.g. on KeyboardInterrupt) to end the
  // run.
  using Sink = void (*)(void *ctx, const char *label, uint64_t done, uint64_t total);
  static void setSink(Sink sink, void *ctx) { sink_ = sink; sinkCtx_ = ctx; }

private:
  inline static thread_local Sink sink_ = nullptr;
  inline static thread_local void *sinkCtx_ = nullptr;
  void tick(uint64_t done);
  void draw(uint64_t done, bool final);
  Style style_;
  std::string label_;
  uint64_t total_, start_, done_;
  bool drewFinal_ = false;
  std::chrono::steady_clock::time_point t0_, last_;
};

} // namespace snnrt
