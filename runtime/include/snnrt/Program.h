// Loads a .snnp program: FlatBuffers Verifier, identifier and format version,
// then the contract's semantic checks (snn/contract/Verify.h, shared with the
// compiler's emitter). After a successful load every field the runtime reads
// is in range, so the simulator itself does no defensive checking.
#pragma once
#include "snnrt/Clock.h"
#include "snnrt/Memory.h"
#include "snn/contract/Verify.h"
#include "snn/contract/Version.h"
#include "snn/schema/program_generated.h"

#include <cstdint>
#include <string>
#include <vector>

namespace snnrt {

// The program format version this runtime executes (Program.format_version).
constexpr uint32_t kFormatVersion = snn_contract::kFormatVersion;

namespace fb = snn::program;

// Quantities several components need, derived once when the program is
// loaded (after verification), so that every component agrees on them.
struct DerivedConstants {
  uint32_t matrixRows = 0;       // inputs + bias row
  uint32_t cellsPerWeight = 1;   // cells holding one weight
  uint32_t stepsPerImage = 0;    // presentation_ms / dt_ms (training)
  uint32_t readoutStepsPerImage = 0; // the same for assignment and test
  uint32_t inputWindowSteps = 0; // input_window_ms / dt_ms
  uint32_t stdpWindowSteps = 0;  // stdp.window_ms / dt_ms
  uint32_t writeBatch = 1;       // pulses issued in parallel per tile (write_schedule.batch_size)
  uint64_t rotationPeriod = 0;   // wear leveling: images per rotation (0: off)
  CycleCosts cycles;             // per event kind, at the chip clock
};

// The largest program file: FlatBuffers' limit of a buffer (2 GiB - 1).
constexpr uint64_t kMaxProgramBytes = (uint64_t(1) << 31) - 1;

class Program {
public:
  // Throws Error(BadProgram) naming `path` and the offending field. The file
  // must be a regular file of at most min(maxBytes, kMaxProgramBytes) bytes
  // (maxBytes: the run's memory budget, --max-memory).
  static Program fromFile(const std::string &path, uint64_t maxBytes);
  static Program fromFile(const std::string &path);
  static Program fromBytes(std::vector<uint8_t> bytes, const std::string &name);

  const fb::Program &root() const { return *root_; }
  const std::string &name() const { return name_; }
  // FNV-1a 64 of the file bytes: ties a checkpoint to the program it came from.
  uint64_t hash() const { return hash_; }
  const std::vector<uint8_t> &bytes() const { return bytes_; }

  // Derived quantities used throughout the runtime.
  const DerivedConstants &derived() const { return derived_; }

  Program(Program &&) = default;
  Program &operator=(Program &&) = default;

private:
  Program() = default;
  void verifySemantics() const;

  std::vector<uint8_t> bytes_;
  const fb::Program *root_ = nullptr;
  std::string name_;
  uint64_t hash_ = 0;
  DerivedConstants derived_;
};

uint64_t fnv1a64(const uint8_t *data, size_t n, uint64_t h = 0xcbf29ce484222325ULL);

using snn_contract::stepsFor;

} // namespace snnrt
