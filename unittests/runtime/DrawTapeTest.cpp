// The tape is the stream: whatever the mode and however it is read (take,
// peek and skip, next), every output is the Rng's next() it stands for,
// across blocks and their refills, and rng() is the stream's position.
#include "snnrt/DrawTape.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace snnrt;

namespace {

// Reads `tape` in pieces of varied sizes (up to kMaxTake, so that pieces
// straddle blocks and leave tails of every length) and checks each output
// and, now and then, the position against a plain Rng.
void readAlongside(DrawTape &tape, Rng &ref, uint64_t pieces) {
  Rng sizes(99, 7);
  for (uint64_t n = 0; n < pieces; ++n) {
    const uint64_t kind = sizes.next() % 8;
    // Mostly small reads (the encoder's and the coins'), some whole blocks.
    const size_t want = kind == 0 ? DrawTape::kMaxTake - sizes.next() % 3
                        : kind == 1 ? size_t(sizes.next() % DrawTape::kMaxTake) + 1
                                    : size_t(sizes.next() % 600);
    if (kind < 4) {
      const uint64_t *x = tape.take(want);
      for (size_t a = 0; a < want; ++a) {
        ASSERT_EQ(x[a], ref.next()) << "piece " << n << " draw " << a;
      }
    } else if (kind < 6) {
      const uint64_t *x = tape.peek(want);
      const size_t used = want ? size_t(sizes.next() % (want + 1)) : 0;
      for (size_t a = 0; a < used; ++a) {
        ASSERT_EQ(x[a], ref.next()) << "piece " << n << " draw " << a;
      }
      tape.skip(used);
    } else {
      for (size_t a = 0; a < want % 40; ++a) {
        ASSERT_EQ(tape.next(), ref.next());
      }
    }
    if (n % 7 == 0) {
      ASSERT_EQ(tape.rng(), ref) << "position after piece " << n;
    }
  }
}

} // namespace

TEST(DrawTape, EveryOutputIsTheRngsNextInBothModes) {
  for (DrawTape::Mode mode : {DrawTape::Mode::Ahead, DrawTape::Mode::Direct}) {
    Rng ref(2024, 2);
    DrawTape tape(ref, mode);
    EXPECT_EQ(tape.mode(), mode);
    EXPECT_EQ(tape.rng(), ref);
    readAlongside(tape, ref, 400); // about 60 blocks
    EXPECT_EQ(tape.next(), ref.next());
    EXPECT_EQ(tape.uniform(), ref.uniform());
    EXPECT_EQ(tape.next32(), ref.next32());
  }
}

// Each lane starts where the one before it ends (the jump is kLane steps),
// and each block where the one before it ends: a read across the boundary
// of the first block sees no seam.
TEST(DrawTape, BlocksAndLanesJoinWithoutASeam) {
  Rng ref(5, 5);
  DrawTape tape(ref);
  for (size_t a = 0; a < 3 * DrawTape::kBlock + 17; ++a) {
    ASSERT_EQ(tape.next(), ref.next()) << a;
  }
  ASSERT_EQ(tape.rng(), ref);
}

// A consumer that draws through rng() hands the stream back with resume():
// the tape continues from there; an Rng that did not move keeps it as is.
TEST(DrawTape, ResumeContinuesFromTheRngItIsGiven) {
  Rng ref(8, 1);
  DrawTape tape(ref);
  for (int a = 0; a < 1000; ++a) tape.next(), ref.next();
  Rng through = tape.rng();
  ASSERT_EQ(through, ref);
  tape.resume(through); // unmoved
  EXPECT_EQ(tape.next(), ref.next());
  through = tape.rng();
  for (int a = 0; a < 123; ++a) EXPECT_EQ(through.next(), ref.next());
  tape.resume(through);
  EXPECT_EQ(tape.rng(), ref);
  readAlongside(tape, ref, 60);
  // Another stream altogether.
  Rng other(77, 3);
  tape.resume(other);
  readAlongside(tape, other, 60);
}

// A checkpoint holds the stream's position as the Rng's four words.
TEST(DrawTape, SavesThePositionAsTheRngWould) {
  Rng ref(31, 4);
  DrawTape tape(ref);
  for (int a = 0; a < 5000; ++a) tape.next(), ref.next();
  CheckpointWriter a, b;
  tape.save(a);
  ref.save(b);
  EXPECT_EQ(a.bytes(), b.bytes());
}

TEST(DrawTape, RefusesMoreThanOneTakeHolds) {
  DrawTape tape(Rng(1, 1));
  EXPECT_THROW(tape.take(DrawTape::kMaxTake + 1), std::length_error);
  EXPECT_NO_THROW(tape.take(DrawTape::kMaxTake));
}
