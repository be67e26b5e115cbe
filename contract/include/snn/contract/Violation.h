// A broken rule of the program contract: which field, and why.
#pragma once
#include <string>

namespace snn_contract {

struct Violation {
  std::string field;   // "device.levels", "placement[3].tile", ...
  std::string message; // "must be >= 2 (got 1)"
};

/// Shortest decimal text that reads back to `value` exactly ("0.01", "10",
/// "1e+06"); the one formatter for reals in messages and printed IR.
std::string formatReal(double value);

} // namespace snn_contract
