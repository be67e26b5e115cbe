#include "snnrt/Program.h"
#include "snnrt/Error.h"
#include "snnrt/Memory.h"
#include "snn/contract/Limits.h"
#include "snn/contract/Verify.h"

#include <cmath>

namespace snnrt {

uint64_t fnv1a64(const uint8_t *data, size_t n, uint64_t h) {
  for (size_t i = 0; i < n; ++i) {
    h ^= data[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

namespace {
// Only called on a verified program: every field read here is in range.
DerivedConstants derive(const fb::Program &r) {
  DerivedConstants d;
  auto e = r.encoding();
  auto dev = r.device();
  auto ch = r.chip();
  d.matrixRows = r.projection()->pre_size() + (r.projection()->has_bias() ? 1 : 0);
  d.cellsPerWeight = snn_contract::cellsPerWeight(*r.quantization());
  d.stepsPerImage = stepsFor(e->presentation_ms(), e->dt_ms());
  d.readoutStepsPerImage =
      stepsFor(snn_contract::readoutPresentation(r).presentationMs, e->dt_ms());
  d.inputWindowSteps = stepsFor(e->input_window_ms(), e->dt_ms());
  d.stdpWindowSteps = stepsFor(r.stdp()->window_ms(), e->dt_ms());
  // The verifier guarantees 1 <= batch_size <= write_drivers_per_tile.
  d.writeBatch = r.write_schedule()->batch_size();
  if (r.write_schedule()->order() == fb::WriteOrder::WearLeveling)
    d.rotationPeriod = r.write_schedule()->rotation_period();
  const Clock clock(ch->clock_mhz());
  CycleCosts &c = d.cycles;
  // A SAR ADC resolves one bit per cycle after the read settles; sense
  // amplifiers (adc_bits = 1) and digital macros (no conductances) sense
  // within the read latency.
  c.conversion = dev->g_max_us() > 0 && ch->adc_bits() > 1 ? ch->adc_bits() : 0;
  c.read = clock.cyclesForNs(dev->read_latency_ns()) + c.conversion;
  c.set = clock.cyclesForNs(dev->set_pulse_ns());
  c.reset = clock.cyclesForNs(dev->reset_pulse_ns());
  c.verify = dev->verify() ? c.read : 0;
  c.route = ch->spike_route_cycles();
  c.neuron = ch->neuron_update_cycles();
  c.control = ch->control_cycles();
  c.step = clock.cyclesForMs(e->dt_ms());
  return d;
}
} // namespace

Program Program::fromFile(const std::string &path) {
  return fromFile(path, defaultMemoryBudget());
}

Program Program::fromFile(const std::string &path, uint64_t maxBytes) {
  const bool budget = maxBytes < kMaxProgramBytes;
  return fromBytes(readWholeFile(path, ErrorKind::BadProgram, "program file",
                                 budget ? maxBytes : kMaxProgramBytes,
                                 budget ? "the memory budget (--max-memory)"
                                        : "the largest program (FlatBuffers' limit)"),
                   path);
}

Program Program::fromBytes(std::vector<uint8_t> bytes, const std::string &name) {
  Program p;
  p.name_ = name;
  p.bytes_ = std::move(bytes);
  auto fail = [&](const std::string &m) {
    throw Error(ErrorKind::BadProgram, name + ": " + m);
  };
  if (p.bytes_.size() < 8)
    fail("file too short to be a program (" + std::to_string(p.bytes_.size()) +
         " bytes)");
  if (!fb::ProgramBufferHasIdentifier(p.bytes_.data()))
    fail(std::string("wrong file identifier (expected \"") +
         fb::ProgramIdentifier() + "\"; not an .snnp program)");
  // Room for every table of a program with the most placement blocks the
  // contract allows, so that a program over that limit gets the verifier's
  // message naming it; far more tables than that are refused here.
  constexpr flatbuffers::uoffset_t kMaxTables = 2 * snn_contract::kMaxPlacementBlocks;
  flatbuffers::Verifier v(p.bytes_.data(), p.bytes_.size(), 64, kMaxTables);
  if (!fb::VerifyProgramBuffer(v))
    fail("corrupt or truncated program (FlatBuffers verification failed: malformed, or more "
         "than " + std::to_string(kMaxTables) + " tables)");
  p.root_ = fb::GetProgram(p.bytes_.data());
  if (p.root_->format_version() != kFormatVersion)
    fail("format_version " + std::to_string(p.root_->format_version()) +
         " is not supported (this runtime reads version " +
         std::to_string(kFormatVersion) + ")");
  p.hash_ = fnv1a64(p.bytes_.data(), p.bytes_.size());
  p.verifySemantics();
  p.derived_ = derive(*p.root_);
  return p;
}

void Program::verifySemantics() const {
  if (auto v = snn_contract::verifyProgram(*root_))
    throw Error(ErrorKind::BadProgram, name_ + ": field '" + v->field + "': " + v->message);
}

} // namespace snnrt
