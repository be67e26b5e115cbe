// exp() of an array of doubles with exactly std::exp's results: the
// softmax of the WTA sampler must not depend on how it is computed. With
// AVX-512 and FMA (SNN_NATIVE builds on such hosts), 8 lanes at a time by
// glibc's own algorithm, used only if it reproduces this process's std::exp
// bit for bit on a fixed sample (checked once); otherwise std::exp per
// element. glibc's special cases (|x| < 2^-54, |x| >= 512) always go to
// std::exp.
#pragma once
#include <cstddef>

namespace snnrt {

// out[i] = std::exp(x[i]), bit for bit, for i < n.
void expInto(const double *x, double *out, size_t n);
// Whether expInto takes the vector path on this host.
bool vectorExpAvailable();

} // namespace snnrt
