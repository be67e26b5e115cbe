// The one-row CSV summary of a run (snn-run --summary-csv): the headline
// numbers of the JSON report, for spreadsheets and for concatenating the rows
// of a sweep (every run writes the same header).
#include "snnrt/Report.h"

#include <algorithm>
#include <cstdio>

namespace snnrt {

namespace {
std::string quote(const std::string &s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}
std::string num(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.10g", v);
  return b;
}
} // namespace

std::string summaryCsv(const Program &p, const Simulator &sim, const RunResult &r,
                       const std::string &dataDir) {
  const fb::Program &root = p.root();
  const EnergyLedger &L = sim.ledger();
  uint64_t pulses = 0, maxWrites = 0;
  const Device &d = sim.device();
  for (size_t c = 0; c < d.cells(); ++c) {
    pulses += d.writes(c);
    maxWrites = std::max<uint64_t>(maxWrites, d.writes(c));
  }
  const double weights = double(sim.device().rows()) * sim.device().cols();
  uint64_t noSpike = 0;
  for (uint32_t c : r.noSpike) noSpike += c;
  const auto unassigned = std::count(r.assignment.begin(), r.assignment.end(), -1);
  std::vector<std::pair<const char *, std::string>> cols = {
      {"program", quote(p.name())},
      {"network", quote(root.name() ? root.name()->str() : "")},
      {"data_dir", quote(dataDir)},
      {"dataset", fb::EnumNameDataset(root.training()->dataset())},
      {"image_width", num(root.encoding()->image_width())},
      {"image_height", num(root.encoding()->image_height())},
      {"inputs", num(sim.inputs())},
      {"neurons", num(sim.neurons())},
      {"train_images", num(r.trainImages)},
      {"epochs", num(r.epochs)},
      {"assign_images", num(r.assignImages)},
      {"test_images", num(r.testImages)},
      {"seed", std::to_string(r.seed)},
      {"model", quote(r.modelPath)},
      {"test_accuracy", num(r.testAccuracy)},
      {"train_accuracy", num(r.trainAccuracy)},
      {"no_spike", num(double(noSpike))},
      {"unassigned_neurons", num(double(unassigned))},
      {"cycles_train", std::to_string(L.at(Phase::Train).cycles)},
      {"cycles_assign", std::to_string(L.at(Phase::Assign).cycles)},
      {"cycles_test", std::to_string(L.at(Phase::Test).cycles)},
      {"cycles_total", std::to_string(L.total().cycles)},
      {"simulated_time_s", num(L.seconds(L.total()))},
      {"energy_pj_train", num(L.energy(Phase::Train).total())},
      {"energy_pj_assign", num(L.energy(Phase::Assign).total())},
      {"energy_pj_test", num(L.energy(Phase::Test).total())},
      {"energy_pj_total", num(L.energyTotal().total())},
      {"write_pulses", std::to_string(pulses)},
      {"max_writes_per_cell", std::to_string(maxWrites)},
      {"pruned_fraction", num(weights > 0 ? double(sim.device().prunedCount()) / weights : 0)},
      {"spikes_per_image_test",
       num(r.test.images ? double(r.test.outputSpikes) / r.test.images : 0)},
      {"train_images_per_s",
       num(r.train.wallSeconds > 0 ? r.train.images / r.train.wallSeconds : 0)},
  };
  std::string head, row;
  for (size_t i = 0; i < cols.size(); ++i) {
    head += (i ? "," : "") + std::string(cols[i].first);
    row += (i ? "," : "") + cols[i].second;
  }
  return head + "\n" + row + "\n";
}

} // namespace snnrt
