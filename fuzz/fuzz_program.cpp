// fuzz-program: bytes -> Program::fromBytes (identifier, FlatBuffers
// verifier, format version, the contract's semantic verifier, derived
// constants). The only expected failure is snnrt::Error (BadProgram); a crash,
// a sanitizer report, std::bad_alloc or any other exception is a finding.
// Half of the mutations rebuild the program with one field changed
// (ProgramMutator.h), so that they reach the semantic checks.
#include "FuzzUtil.h"
#include "ProgramMutator.h"
#include "snnrt/Program.h"

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

// Half of the mutations are structure-aware (ProgramMutator.h), half
// libFuzzer's own byte-level ones.
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t maxSize,
                                          unsigned int seed) {
  std::mt19937_64 rng(seed);
  if (rng() % 2)
    if (size_t n = snnfuzz::mutateProgram(data, size, maxSize, rng)) return n;
  return LLVMFuzzerMutate(data, size, maxSize);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    snnrt::Program p = snnrt::Program::fromBytes(std::vector<uint8_t>(data, data + size), "fuzz.snnp");
    // A loaded program is the bytes it was given, hashed.
    if (p.bytes().size() != size || p.hash() != snnrt::fnv1a64(data, size))
      snnfuzz::finding("loaded program differs from its bytes");
    const snnrt::DerivedConstants &d = p.derived();
    if (d.stepsPerImage == 0 || d.inputWindowSteps == 0 || d.stdpWindowSteps == 0 ||
        d.writeBatch == 0 || d.matrixRows == 0)
      snnfuzz::finding("verified program with a zero derived constant");
  } catch (const snnrt::Error &e) {
    if (e.kind() != snnrt::ErrorKind::BadProgram)
      snnfuzz::finding(std::string("Program::fromBytes threw a non-BadProgram error: ") + e.what());
  } catch (const std::exception &e) {
    snnfuzz::unexpected(e);
  }
  return 0;
}
