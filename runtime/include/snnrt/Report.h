// The run report: a JSON document (--report FILE) and a human summary table
// (on stdout, or on stderr when the report goes to stdout). docs/runtime.md
// lists every key.
#pragma once
#include "snnrt/Trainer.h"

#include <cstdio>
#include <string>

namespace snnrt {

std::string reportJson(const Program &p, const Simulator &sim, const RunResult &r,
                       const std::string &dataDir);
void printSummary(const Program &p, const Simulator &sim, const RunResult &r,
                  FILE *out = stdout);
// --summary-csv: a header line and one row of the run's headline numbers
// (settings, accuracy, cycles, energy per phase, writes, pruned fraction);
// docs/runtime.md lists the columns.
std::string summaryCsv(const Program &p, const Simulator &sim, const RunResult &r,
                       const std::string &dataDir);
void writeTextFile(const std::string &path, const std::string &text);

} // namespace snnrt
