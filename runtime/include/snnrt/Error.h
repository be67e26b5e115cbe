// Errors of the runtime library. The library throws; snn-run catches in main and
// maps the kind to an exit code (bad program, data or usage -> 2).
#pragma once
#include <stdexcept>
#include <string>

namespace snnrt {

enum class ErrorKind { BadProgram, BadData, BadCheckpoint, Io, Usage };

class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, const std::string &msg)
      : std::runtime_error(msg), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

private:
  ErrorKind kind_;
};

} // namespace snnrt
