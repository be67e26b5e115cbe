// A random stream read in order from draws made ahead: the outputs of an Rng
// (xoshiro256**), each exactly the Rng::next() it stands for, so that a
// consumer of the tape gets the numbers, and leaves the stream, as drawing
// them one by one would.
//
// Why: one generator is a serial chain (each state needs the previous one),
// about 0.7 ns a draw here, and a training image takes some 22,000 draws.
// Drawn ahead, the tape comes in blocks of kLanes x kLane outputs, made by
// eight copies of the generator side by side (one vector register each
// word): lane l starts l * kLane draws into the block, placed there by a
// jump (xoshiro is linear over GF(2), so advancing n steps is a fixed
// 256 x 256 bit matrix, built once), and each lane's outputs go to their own
// stretch of the block, in stream order.
//
// Direct mode draws every number when it is taken (no tape): for consumers
// that also draw through an Rng between the tape's reads (cycle-to-cycle
// noise of multi-level writes), which would otherwise restart the lanes.
//
// Checkpoints hold the stream's position as the Rng's four words, whatever
// the mode: the same bytes as before the tape existed.
#pragma once
#include "snnrt/Rng.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace snnrt {

class DrawTape {
public:
  static constexpr size_t kLanes = 8, kLane = 512, kBlock = kLanes * kLane;
  // The most outputs one take() or peek() hands out.
  static constexpr size_t kMaxTake = kBlock;
  enum class Mode { Ahead, Direct };

  DrawTape() : DrawTape(Rng(), Mode::Direct) {}
  explicit DrawTape(const Rng &start, Mode mode = Mode::Ahead);
  // The bytes a tape holds besides itself (its buffer).
  static constexpr uint64_t bufferBytes() { return 2 * kBlock * sizeof(uint64_t); }

  Mode mode() const { return ahead_ ? Mode::Ahead : Mode::Direct; }

  // The next n outputs (n <= kMaxTake), valid until the next call; the
  // stream moves past them.
  const uint64_t *take(size_t n) {
    const uint64_t *p = peek(n);
    pos_ += ahead_ ? n : 0;
    if (!ahead_) direct_ = peeked_;
    return p;
  }
  // The next n outputs (n <= kMaxTake) without moving the stream; skip(m)
  // then moves it past the first m of them (m <= n, no call in between).
  const uint64_t *peek(size_t n);
  void skip(size_t m);
  uint64_t next() {
    if (!ahead_) return direct_.next();
    return pos_ < end_ ? buf_[pos_++] : *take(1);
  }
  uint32_t next32() { return uint32_t(next() >> 32); }
  double uniform() { return Rng::toUniform(next()); }

  // The stream at its position, as an Rng (for consumers that draw through
  // one), and the stream continued from r afterwards. In Ahead mode resume()
  // keeps the tape when r has not moved, and otherwise restarts the lanes
  // (seven jumps: cheap once, not per draw).
  Rng rng() const;
  void resume(const Rng &r);

  void save(CheckpointWriter &w) const { rng().save(w); }
  void load(CheckpointReader &r, const std::string &field) {
    Rng g;
    g.load(r, field);
    resume(g);
  }

private:
  // Appends a block at end_ (Ahead), moving what is left to the front.
  void refill();
  // The 8 lanes' start states, word-major (lane l of word q at [q][l]).
  struct Lanes { uint64_t w[4][kLanes]; };
  static Lanes lanesFrom(const Rng &r);
  static Rng laneRng(const Lanes &l, size_t lane, size_t steps);

  bool ahead_ = true;
  std::vector<uint64_t> buf_;
  size_t pos_ = 0, end_ = 0; // Ahead: the unread outputs are buf_[pos_, end_)
  // Ahead: the lanes of the newest block (at buf_[blockAt_]), of the block
  // before it (its tail may still be unread) and of the next one.
  Lanes prev_{}, cur_{}, next_{};
  ptrdiff_t blockAt_ = 0;
  // Direct: the stream at pos, and after the last peek.
  Rng direct_, peeked_;
  size_t peekedN_ = 0;
};

} // namespace snnrt
