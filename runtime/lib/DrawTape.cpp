#include "snnrt/DrawTape.h"

#include <cstring>
#include <stdexcept>

#if defined(__AVX512F__)
#include <immintrin.h>
#define SNN_AVX512_TAPE 1
// GCC 12's AVX-512 headers start some shifts and rotates from an
// "undefined" register and then warn that it may be used uninitialized: a
// false positive of the headers (as in StdpEngine.cpp).
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#endif

namespace snnrt {

namespace {

// A linear map of the generator's 256-bit state, by columns: col[j] is the
// image of state bit j (bit j % 64 of word j / 64).
struct Jump {
  uint64_t col[256][4];
  // s <- M s: the columns of the state's set bits, XORed.
  void apply(uint64_t *s) const {
    uint64_t out[4] = {0, 0, 0, 0};
    for (int j = 0; j < 256; ++j) {
      const uint64_t take = uint64_t(0) - (s[j >> 6] >> (j & 63) & 1);
      for (int q = 0; q < 4; ++q) out[q] ^= col[j][q] & take;
    }
    for (int q = 0; q < 4; ++q) s[q] = out[q];
  }
  // this <- this * this (advance twice as far).
  void square() {
    Jump m = *this;
    for (int j = 0; j < 256; ++j) m.apply(col[j]);
  }
};

// Steps kLane and kBlock, built once by squaring the one-step map.
struct Jumps {
  Jump lane, block;
  Jumps() {
    for (int j = 0; j < 256; ++j) {
      uint64_t s[4] = {0, 0, 0, 0};
      s[j >> 6] = uint64_t(1) << (j & 63);
      Rng::advance(s);
      std::memcpy(lane.col[j], s, sizeof s);
    }
    static_assert((DrawTape::kLane & (DrawTape::kLane - 1)) == 0 &&
                      (DrawTape::kLanes & (DrawTape::kLanes - 1)) == 0,
                  "jumps are built by squaring: powers of two");
    for (size_t n = 1; n < DrawTape::kLane; n *= 2) lane.square();
    block = lane;
    for (size_t n = 1; n < DrawTape::kLanes; n *= 2) block.square();
  }
};

const Jumps &jumps() {
  static const Jumps j;
  return j;
}

// Generates the block whose lanes start at `l` into out (lane i's outputs at
// out[i * kLane, (i + 1) * kLane)), each output Rng::next()'s.
void generate(const uint64_t (&l)[4][DrawTape::kLanes], uint64_t *out) {
  constexpr size_t kLane = DrawTape::kLane;
#if SNN_AVX512_TAPE
  static_assert(DrawTape::kLanes == 8 && kLane % 8 == 0, "8 lanes of 64 bits, 8 steps at a time");
  __m512i s0 = _mm512_loadu_si512(l[0]), s1 = _mm512_loadu_si512(l[1]);
  __m512i s2 = _mm512_loadu_si512(l[2]), s3 = _mm512_loadu_si512(l[3]);
  const __m512i lo = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13), hi = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
  for (size_t i = 0; i < kLane; i += 8) {
    // Eight steps of every lane: r[k] holds step i + k of lanes 0..7.
    __m512i r[8];
    for (int k = 0; k < 8; ++k) {
      __m512i x = _mm512_add_epi64(s1, _mm512_slli_epi64(s1, 2)); // Rng::scramble: rotl(s1 * 5, 7) * 9
      x = _mm512_rol_epi64(x, 7);
      r[k] = _mm512_add_epi64(x, _mm512_slli_epi64(x, 3));
      const __m512i t = _mm512_slli_epi64(s1, 17); // Rng::advance
      s2 = _mm512_xor_si512(s2, s0);
      s3 = _mm512_xor_si512(s3, s1);
      s1 = _mm512_xor_si512(s1, s2);
      s0 = _mm512_xor_si512(s0, s3);
      s2 = _mm512_xor_si512(s2, t);
      s3 = _mm512_rol_epi64(s3, 45);
    }
    // Transposed (8 x 8 words), so that each lane's 8 outputs are one store.
    __m512i a[8], b[8];
    for (int k = 0; k < 8; k += 2) {
      a[k] = _mm512_unpacklo_epi64(r[k], r[k + 1]);     // lanes 0 2 4 6 of steps k, k+1
      a[k + 1] = _mm512_unpackhi_epi64(r[k], r[k + 1]); // lanes 1 3 5 7
    }
    for (int h = 0; h < 8; h += 4)
      for (int o = 0; o < 2; ++o) {
        b[h + 2 * o] = _mm512_permutex2var_epi64(a[h + o], lo, a[h + o + 2]);     // lanes o, o+4 of 4 steps
        b[h + 2 * o + 1] = _mm512_permutex2var_epi64(a[h + o], hi, a[h + o + 2]); // lanes o+2, o+6
      }
    // b[0]: lanes 0,4 of steps 0-3; b[1]: lanes 2,6; b[2]: lanes 1,5; b[3]: lanes 3,7; b[4..7]: steps 4-7.
    const int laneOf[4] = {0, 2, 1, 3};
    for (int v = 0; v < 4; ++v) {
      _mm512_storeu_si512(out + size_t(laneOf[v]) * kLane + i, _mm512_shuffle_i64x2(b[v], b[v + 4], 0x44));
      _mm512_storeu_si512(out + size_t(laneOf[v] + 4) * kLane + i, _mm512_shuffle_i64x2(b[v], b[v + 4], 0xee));
    }
  }
#else
  for (size_t lane = 0; lane < DrawTape::kLanes; ++lane) {
    uint64_t s[4] = {l[0][lane], l[1][lane], l[2][lane], l[3][lane]};
    for (size_t i = 0; i < kLane; ++i) {
      out[lane * kLane + i] = Rng::scramble(s[1]);
      Rng::advance(s);
    }
  }
#endif
}

// Every lane moved kBlock steps on (the next block's starts).
void jumpBlock(uint64_t (&l)[4][DrawTape::kLanes]) {
  const Jump &m = jumps().block;
#if SNN_AVX512_TAPE
  const __m512i s[4] = {_mm512_loadu_si512(l[0]), _mm512_loadu_si512(l[1]), _mm512_loadu_si512(l[2]),
                        _mm512_loadu_si512(l[3])};
  __m512i acc[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(),
                    _mm512_setzero_si512()};
  for (int j = 0; j < 256; ++j) {
    const __mmask8 has = _mm512_test_epi64_mask(s[j >> 6], _mm512_set1_epi64(int64_t(uint64_t(1) << (j & 63))));
    for (int q = 0; q < 4; ++q)
      acc[q] = _mm512_mask_xor_epi64(acc[q], has, acc[q], _mm512_set1_epi64(int64_t(m.col[j][q])));
  }
  for (int q = 0; q < 4; ++q) _mm512_storeu_si512(l[q], acc[q]);
#else
  for (size_t lane = 0; lane < DrawTape::kLanes; ++lane) {
    uint64_t s[4] = {l[0][lane], l[1][lane], l[2][lane], l[3][lane]};
    m.apply(s);
    for (int q = 0; q < 4; ++q) l[q][lane] = s[q];
  }
#endif
}

} // namespace

DrawTape::DrawTape(const Rng &start, Mode mode)
    : ahead_(mode == Mode::Ahead), buf_(2 * kBlock, 0), direct_(start), peeked_(start) {
  if (ahead_) next_ = lanesFrom(start);
}

DrawTape::Lanes DrawTape::lanesFrom(const Rng &r) {
  Lanes l;
  uint64_t s[4];
  for (int q = 0; q < 4; ++q) s[q] = r.state()[q];
  for (size_t lane = 0; lane < kLanes; ++lane) {
    if (lane) jumps().lane.apply(s);
    for (int q = 0; q < 4; ++q) l.w[q][lane] = s[q];
  }
  return l;
}

Rng DrawTape::laneRng(const Lanes &l, size_t lane, size_t steps) {
  uint64_t s[4] = {l.w[0][lane], l.w[1][lane], l.w[2][lane], l.w[3][lane]};
  for (size_t i = 0; i < steps; ++i) Rng::advance(s);
  return Rng::fromState(s);
}

void DrawTape::refill() {
  // What is left (less than one take, so at most one block's tail) moves to
  // the front; the new block follows it.
  const size_t left = end_ - pos_;
  std::memmove(buf_.data(), buf_.data() + pos_, left * sizeof(uint64_t));
  pos_ = 0;
  end_ = left;
  prev_ = cur_;
  cur_ = next_;
  blockAt_ = ptrdiff_t(end_);
  generate(cur_.w, buf_.data() + end_);
  end_ += kBlock;
  jumpBlock(next_.w);
}

const uint64_t *DrawTape::peek(size_t n) {
  if (n > kMaxTake) throw std::length_error("DrawTape: " + std::to_string(n) + " draws at once (at most " + std::to_string(kMaxTake) + ")");
  if (!ahead_) {
    peeked_ = direct_;
    for (size_t a = 0; a < n; ++a) buf_[a] = peeked_.next();
    peekedN_ = n;
    return buf_.data();
  }
  if (end_ - pos_ < n) refill();
  return buf_.data() + pos_;
}

void DrawTape::skip(size_t m) {
  if (ahead_) {
    pos_ += m;
    return;
  }
  if (m == peekedN_) {
    direct_ = peeked_;
    return;
  }
  for (size_t i = 0; i < m; ++i) direct_.next();
}

Rng DrawTape::rng() const {
  if (!ahead_) return direct_;
  if (pos_ == end_) return laneRng(next_, 0, 0);
  // pos_ is in the newest block or in the unread tail of the one before.
  const ptrdiff_t at = ptrdiff_t(pos_) - blockAt_;
  const Lanes &l = at >= 0 ? cur_ : prev_;
  const size_t off = size_t(at >= 0 ? at : at + ptrdiff_t(kBlock));
  return laneRng(l, off / kLane, off % kLane);
}

void DrawTape::resume(const Rng &r) {
  if (!ahead_) {
    direct_ = r;
    return;
  }
  if (r == rng()) return;
  pos_ = end_ = 0;
  blockAt_ = 0;
  next_ = lanesFrom(r);
}

} // namespace snnrt
