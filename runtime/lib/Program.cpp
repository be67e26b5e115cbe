#include "snnrt/Program.h"
#include "snnrt/Error.h"
#include "snn/contract/Verify.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>

namespace snnrt {

uint64_t fnv1a64(const uint8_t *data, size_t n, uint64_t h) {
  for (size_t i = 0; i < n; ++i) {
    h ^= data[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

Program Program::fromFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(ErrorKind::BadProgram, path + ": cannot open program file");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad())
    throw Error(ErrorKind::BadProgram, path + ": read error");
  return fromBytes(std::move(bytes), path);
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
  flatbuffers::Verifier v(p.bytes_.data(), p.bytes_.size());
  if (!fb::VerifyProgramBuffer(v))
    fail("corrupt or truncated program (FlatBuffers verification failed)");
  p.root_ = fb::GetProgram(p.bytes_.data());
  if (p.root_->format_version() != kFormatVersion)
    fail("format_version " + std::to_string(p.root_->format_version()) +
         " is not supported (this runtime reads version " +
         std::to_string(kFormatVersion) + ")");
  p.hash_ = fnv1a64(p.bytes_.data(), p.bytes_.size());
  p.verifySemantics();
  return p;
}

uint32_t Program::matrixRows() const {
  return root_->projection()->pre_size() + (root_->projection()->has_bias() ? 1 : 0);
}
uint32_t Program::cellsPerWeight() const {
  return snn_contract::cellsPerWeight(*root_->quantization());
}
uint32_t Program::stepsPerImage() const {
  auto e = root_->encoding();
  return stepsFor(e->presentation_ms(), e->dt_ms());
}
uint32_t Program::inputWindowSteps() const {
  auto e = root_->encoding();
  return stepsFor(e->input_window_ms(), e->dt_ms());
}
uint32_t Program::stdpWindowSteps() const {
  return stepsFor(root_->stdp()->window_ms(), root_->encoding()->dt_ms());
}

void Program::verifySemantics() const {
  if (auto v = snn_contract::verifyProgram(*root_))
    throw Error(ErrorKind::BadProgram, name_ + ": field '" + v->field + "': " + v->message);
}

} // namespace snnrt
