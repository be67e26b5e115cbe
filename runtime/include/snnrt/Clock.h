// The chip clock: converts physical latencies into whole cycles. Every event
// cost in the ledger is an integer number of cycles, so totals are exact.
#pragma once
#include <cmath>
#include <cstdint>

namespace snnrt {

class Clock {
public:
  explicit Clock(double mhz = 100) : mhz_(mhz) {}
  double mhz() const { return mhz_; }

  // ceil(ns * f): a latency occupies every cycle it touches. The 1e-9 guard
  // keeps float noise (e.g. 10 ns at 100 MHz = 1.0000001) from adding a cycle.
  uint64_t cyclesForNs(double ns) const {
    if (ns <= 0) return 0;
    double c = ns * mhz_ / 1000.0;
    return uint64_t(std::ceil(c - 1e-6));
  }
  // Length of a time step of `ms` milliseconds, rounded to the nearest cycle.
  uint64_t cyclesForMs(double ms) const {
    return uint64_t(std::llround(ms * mhz_ * 1000.0));
  }
  double secondsForCycles(uint64_t cycles) const {
    return double(cycles) / (mhz_ * 1e6);
  }

private:
  double mhz_;
};

// Cycle cost of each event kind, derived once per program from the card and
// chip (Program::derived().cycles).
// `read` includes the column conversion (`conversion`: adc_bits cycles of a
// SAR ADC on a resistive array, 0 with sense amplifiers); `verify` is a read.
struct CycleCosts {
  uint64_t read = 0, set = 0, reset = 0, verify = 0, route = 0, neuron = 0,
           control = 0, step = 0, conversion = 0;
};

} // namespace snnrt
