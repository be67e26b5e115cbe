#include "snnrt/Report.h"
#include "snnrt/Error.h"
#include "snnrt/Json.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace snnrt {

namespace {

void energyObject(JsonWriter &j, const EnergyBreakdown &e) {
  j.beginObject();
  auto p = e.parts();
  for (size_t i = 0; i < p.size(); ++i) j.key(EnergyBreakdown::names()[i]).num(p[i]);
  j.key("total").num(e.total());
  j.endObject();
}

double share(double part, double whole) { return whole > 0 ? part / whole : 0.0; }

void countsObject(JsonWriter &j, const EventCounts &c) {
  j.beginObject();
  j.key("steps").num(c.steps).key("cycles").num(c.cycles)
      .key("controller_cycles").num(c.controllerCycles)
      .key("overrun_steps").num(c.overrunSteps)
      .key("cells_read").num(c.cellsRead).key("row_reads").num(c.rowReads)
      .key("column_reads").num(c.columnReads)
      .key("set_pulses").num(c.setPulses).key("reset_pulses").num(c.resetPulses)
      .key("verify_reads").num(c.verifyReads).key("neuron_updates").num(c.neuronUpdates)
      .key("spike_routes").num(c.spikeRoutes).key("control_steps").num(c.controlSteps)
      .key("rng_draws").num(c.rngDraws).key("input_spikes").num(c.inputSpikes)
      .key("output_spikes").num(c.outputSpikes).key("stdp_updates").num(c.stdpUpdates)
      .key("prune_writes").num(c.pruneWrites)
      .key("word_rotations").num(c.wordRotations)
      .key("read_conductance_ns").num(c.readConductanceNs)
      .key("line_activations").num(c.lineActivations)
      .key("accumulate_adds").num(c.accumulateAdds)
      .key("close_reads").num(c.closeReads).key("close_cells").num(c.closeCells)
      .key("close_conductance_ns").num(c.closeConductanceNs)
      .key("close_busy_cycles").num(c.closeBusyCycles);
  j.endObject();
}

struct Wear {
  uint64_t cells = 0, total = 0, max = 0, worn = 0, stuck = 0;
  std::vector<uint64_t> buckets; // [0], [1], [2,3], [4,7], ...
  // Cells per state, and their summed conductance through the program's
  // emitted per-state conductances (quantization.conductance_us).
  std::vector<uint64_t> inState;
  double conductanceUs = 0;
};

// Wear over the cells that hold weights (unused tile cells never change),
// visited tile by tile in row-major cell order (the conductance is a
// floating-point sum: a fixed order keeps it reproducible).
Wear wear(const Simulator &sim) {
  Wear w;
  const Device &d = sim.device();
  const uint32_t cellsPerWeight = d.cellsPerWeight();
  // States are < conductance_us's length: the verifier checks it has one
  // entry per state used, and cells hold no state above their top one.
  const auto *g = sim.program().root().quantization()->conductance_us();
  const std::vector<double> gUs(g->begin(), g->end());
  w.inState.assign(gUs.size(), 0);
  w.buckets.assign(65, 0); // [0], [1], [2,3], ... up to 2^64 - 1
  for (size_t ti = 0; ti < d.numTiles(); ++ti)
    d.forEachPiece(ti, [&](size_t, uint32_t count, size_t j0, uint32_t) {
      if (j0 == Device::kNoSlot) return;
      // Sums in locals (the counters' stores could alias everything else).
      uint64_t total = 0, max = w.max, worn = 0, stuck = 0;
      double conductanceUs = w.conductanceUs; // in cell order
      uint64_t *inState = w.inState.data(), *buckets = w.buckets.data();
      for (uint32_t weight = 0; weight < count / cellsPerWeight; ++weight)
        for (uint32_t bit = 0; bit < cellsPerWeight; ++bit) {
          const Device::Cell c = d.slotCell(j0 + size_t(weight) * d.rows(), bit);
          const uint64_t n = c.writes;
          total += n;
          max = std::max(max, n);
          worn += (c.flags & Tile::kWorn) != 0;
          stuck += (c.flags & Tile::kStuck) != 0;
          ++inState[c.state];
          conductanceUs += gUs[c.state];
          ++buckets[n ? 64 - __builtin_clzll(n) : 0]; // 0 -> 0, 1 -> 1, 2..3 -> 2, ...
        }
      w.cells += count;
      w.total += total;
      w.max = max;
      w.worn += worn;
      w.stuck += stuck;
      w.conductanceUs = conductanceUs;
    });
  // Up to the highest state and bucket that occur.
  while (!w.inState.empty() && w.inState.back() == 0) w.inState.pop_back();
  while (!w.buckets.empty() && w.buckets.back() == 0) w.buckets.pop_back();
  return w;
}

// How one phase presents an image (the output rate only for WTA layers).
void presentationObject(JsonWriter &j, const snn_contract::Presentation &pr, uint32_t steps,
                        bool wta) {
  j.beginObject()
      .key("presentation_ms").num(pr.presentationMs)
      .key("steps_per_image").num(steps)
      .key("max_rate_hz").num(pr.maxRateHz);
  if (wta) j.key("total_rate_hz").num(pr.totalRateHz);
  j.endObject();
}

std::string fmtPresentation(const snn_contract::Presentation &pr, bool wta) {
  char b[160];
  if (wta)
    std::snprintf(b, sizeof b, "%g ms per image, inputs up to %g Hz, output %g Hz",
                  pr.presentationMs, pr.maxRateHz, pr.totalRateHz);
  else
    std::snprintf(b, sizeof b, "%g ms per image, inputs up to %g Hz", pr.presentationMs,
                  pr.maxRateHz);
  return b;
}

std::string fmtEnergy(double pj) {
  char b[64];
  if (pj >= 1e9) std::snprintf(b, sizeof b, "%.3f mJ", pj / 1e9);
  else if (pj >= 1e6) std::snprintf(b, sizeof b, "%.3f uJ", pj / 1e6);
  else if (pj >= 1e3) std::snprintf(b, sizeof b, "%.3f nJ", pj / 1e3);
  else std::snprintf(b, sizeof b, "%.3f pJ", pj);
  return b;
}

} // namespace

std::string reportJson(const Program &p, const Simulator &sim, const RunResult &r,
                       const std::string &dataDir) {
  const fb::Program &root = p.root();
  const EnergyLedger &L = sim.ledger();
  JsonWriter j;
  j.beginObject();
  j.key("report_version").num(1);
  j.key("program").beginObject()
      .key("file").str(p.name())
      .key("name").str(root.name() ? root.name()->str() : "")
      .key("producer").str(root.producer() ? root.producer()->str() : "")
      .key("format_version").num(root.format_version())
      .key("device").str(root.device()->name()->str())
      .key("chip").str(root.chip()->name()->str())
      .key("inputs").num(sim.inputs()).key("neurons").num(sim.neurons())
      .key("model").str(fb::EnumNameNeuronModel(root.population()->model()))
      .key("pruning_mode").str(fb::EnumNamePruneMode(root.pruning()->mode()))
      .key("encoding").str(fb::EnumNameCellEncoding(root.quantization()->encoding()))
      .key("cells_per_weight").num(p.derived().cellsPerWeight)
      .key("levels").num(root.quantization()->levels())
      .key("write_batch").num(root.write_schedule()->batch_size())
      .key("write_order").str(fb::EnumNameWriteOrder(root.write_schedule()->order()))
      .key("skip_unchanged").boolean(root.write_schedule()->skip_unchanged())
      .key("skip_pruned").boolean(root.write_schedule()->skip_pruned())
      .key("accumulation").str(fb::EnumNameAccumulation(root.encoding()->accumulation()))
      .key("adc_bits").num(root.chip()->adc_bits());
  {
    const fb::Provenance *pv = root.provenance();
    auto text = [](const flatbuffers::String *s) { return s ? s->str() : std::string(); };
    j.key("spec_name").str(text(pv->spec_name()))
        .key("spec_digest").str(text(pv->spec_digest()))
        .key("compiler").str(text(pv->compiler()))
        .key("compiler_git").str(text(pv->git()));
    j.key("overrides").beginArray();
    if (pv->overrides())
      for (const fb::Override *o : *pv->overrides())
        j.beginObject()
            .key("key").str(text(o->key()))
            .key("spec_value").str(text(o->spec_value()))
            .key("value").str(text(o->value()))
            .endObject();
    j.endArray();
  }
  j.endObject();
  j.key("settings").beginObject()
      .key("data_dir").str(dataDir)
      .key("dataset").str(fb::EnumNameDataset(root.training()->dataset()))
      .key("train_images").num(r.trainImages).key("epochs").num(r.epochs)
      .key("assign_images").num(r.assignImages).key("test_images").num(r.testImages)
      .key("seed").num(r.seed).key("resumed").boolean(r.resumed);
  if (!r.modelPath.empty()) j.key("model").str(r.modelPath);
  // Only a program that declares a readout presentation reports it (and
  // training's next to it); otherwise assignment and test presented images
  // as training did.
  if (snn_contract::declaresReadout(root)) {
    const bool wta = root.population()->model() == fb::NeuronModel::BayesianWTA;
    j.key("presentation").beginObject().key("train");
    presentationObject(j, snn_contract::trainingPresentation(root), p.derived().stepsPerImage, wta);
    j.key("readout");
    presentationObject(j, snn_contract::readoutPresentation(root),
                       p.derived().readoutStepsPerImage, wta);
    j.endObject();
  }
  j.endObject();

  j.key("accuracy").beginObject();
  j.key("test").num(r.testAccuracy).key("test_correct").num(r.testCorrect);
  j.key("train").num(r.trainAccuracy).key("train_correct").num(r.trainCorrect);
  j.key("per_class").beginArray();
  for (int c = 0; c < 10; ++c)
    j.num(r.classCount[c] ? double(r.confusion[c][c]) / r.classCount[c] : 0.0);
  j.endArray();
  j.key("class_counts").beginArray();
  for (int c = 0; c < 10; ++c) j.num(r.classCount[c]);
  j.endArray();
  j.key("confusion").beginArray();
  for (int c = 0; c < 10; ++c) {
    j.beginArray();
    for (int q = 0; q < 10; ++q) j.num(r.confusion[c][q]);
    j.endArray();
  }
  j.endArray();
  j.key("no_spike").beginArray();
  for (int c = 0; c < 10; ++c) j.num(r.noSpike[c]);
  j.endArray();
  j.endObject();

  j.key("assignment").beginArray();
  for (int8_t a : r.assignment) j.num(int(a));
  j.endArray();
  uint32_t unassigned = uint32_t(std::count(r.assignment.begin(), r.assignment.end(), -1));
  j.key("unassigned_neurons").num(unassigned);

  EventCounts tot = L.total();
  j.key("cycles").beginObject();
  for (int ph = 0; ph < kNumPhases; ++ph) j.key(phaseName(Phase(ph))).num(L.at(Phase(ph)).cycles);
  j.key("total").num(tot.cycles).key("clock_mhz").num(double(root.chip()->clock_mhz()));
  j.endObject();
  j.key("simulated_time_s").beginObject();
  for (int ph = 0; ph < kNumPhases; ++ph) j.key(phaseName(Phase(ph))).num(L.seconds(L.at(Phase(ph))));
  j.key("total").num(L.seconds(tot));
  j.endObject();
  j.key("energy_pj").beginObject();
  for (int ph = 0; ph < kNumPhases; ++ph) {
    j.key(phaseName(Phase(ph)));
    energyObject(j, L.energy(Phase(ph)));
  }
  j.key("total");
  energyObject(j, L.energyTotal());
  j.endObject();
  // The share of each phase's energy computed from at least one value its
  // card lists in `assumed_fields`.
  j.key("energy_assumed_share").beginObject();
  for (int ph = 0; ph < kNumPhases; ++ph) {
    const EnergyBreakdown e = L.energy(Phase(ph));
    j.key(phaseName(Phase(ph))).num(share(L.assumedPj(e), e.total()));
  }
  {
    const EnergyBreakdown e = L.energyTotal();
    j.key("total").num(share(L.assumedPj(e), e.total()));
  }
  j.endObject();
  // What each component is computed from, whether that rests on an
  // assumption, and the per-event constants in force.
  j.key("energy_model").beginObject();
  j.key("components").beginObject();
  for (size_t i = 0; i < EnergyBreakdown::kParts; ++i) {
    j.key(EnergyBreakdown::names()[i]).beginObject().key("inputs").beginArray();
    for (const std::string &f : L.inputs()[i]) j.str(f);
    j.endArray().key("assumed").boolean(L.assumed()[i]).endObject();
  }
  j.endObject();
  j.key("resistive_array").boolean(L.resistive())
      .key("adc_bits").num(root.chip()->adc_bits())
      .key("conversion_pj").num(L.conversionPj())
      .key("conversion_cycles").num(L.costs().conversion)
      .key("read_cycles").num(L.costs().read)
      .key("accumulation").str(fb::EnumNameAccumulation(root.encoding()->accumulation()));
  j.endObject();
  j.key("events").beginObject();
  for (int ph = 0; ph < kNumPhases; ++ph) {
    j.key(phaseName(Phase(ph)));
    countsObject(j, L.at(Phase(ph)));
  }
  j.endObject();
  // The second read of every input window (Rewindow): what re-reading a row
  // to subtract it from the potentials costs, per phase.
  j.key("window_close_reads").beginObject();
  for (int ph = 0; ph < kNumPhases; ++ph) {
    const EventCounts &c = L.at(Phase(ph));
    const EnergyBreakdown e = L.closeReadEnergy(c), all = L.energy(Phase(ph));
    j.key(phaseName(Phase(ph))).beginObject()
        .key("row_reads").num(c.closeReads).key("cells_read").num(c.closeCells)
        .key("busy_cycles").num(c.closeBusyCycles)
        .key("energy_pj").num(e.total())
        .key("share_of_reads").num(share(e.total(), all.reads()))
        .key("share_of_total").num(share(e.total(), all.total()))
        .endObject();
  }
  j.endObject();

  Wear w = wear(sim);
  j.key("writes").beginObject()
      .key("total_pulses").num(w.total).key("cells").num(w.cells)
      .key("max_per_cell").num(w.max)
      .key("mean_per_cell").num(w.cells ? double(w.total) / w.cells : 0.0)
      .key("worn_out_cells").num(w.worn).key("stuck_cells").num(w.stuck);
  j.key("histogram").beginArray();
  for (size_t b = 0; b < w.buckets.size(); ++b) {
    uint64_t lo = b == 0 ? 0 : (uint64_t(1) << (b - 1));
    uint64_t hi = b == 0 ? 0 : (uint64_t(1) << b) - 1;
    j.beginObject().key("min").num(lo).key("max").num(hi).key("cells").num(w.buckets[b]).endObject();
  }
  j.endArray().endObject();
  // The array's stored state at the end of the run, through the conductances
  // the compiler emitted for each cell state.
  j.key("array_state").beginObject()
      .key("cells").num(w.cells)
      .key("mean_conductance_us").num(w.cells ? w.conductanceUs / w.cells : 0.0)
      .key("total_conductance_us").num(w.conductanceUs);
  j.key("cells_in_state").beginArray();
  for (uint64_t n : w.inState) j.num(n);
  j.endArray().endObject();

  const EventCounts &tr = L.at(Phase::Train);
  j.key("pruning").beginObject()
      .key("mode").str(fb::EnumNamePruneMode(root.pruning()->mode()))
      .key("final_fraction").num(sim.pruning().fraction());
  j.key("fraction_over_time").beginArray();
  for (const PruneSample &s : sim.pruning().history())
    j.beginObject().key("images").num(s.images).key("fraction").num(s.fraction).endObject();
  j.endArray();
  j.key("writes_avoided").num(tr.avoidedPruneSet + tr.avoidedPruneReset)
      .key("writes_avoided_set").num(tr.avoidedPruneSet)
      .key("writes_avoided_reset").num(tr.avoidedPruneReset)
      .key("energy_saved_pj").num(L.savedByPruningPj(tr))
      .key("prune_writes").num(tr.pruneWrites)
      .endObject();
  j.key("write_scheduling").beginObject()
      .key("skip_unchanged").boolean(root.write_schedule()->skip_unchanged())
      .key("skip_pruned").boolean(root.write_schedule()->skip_pruned())
      .key("order").str(fb::EnumNameWriteOrder(root.write_schedule()->order()))
      .key("rotation_period").num(root.write_schedule()->rotation_period())
      .key("word_rotations").num(tr.wordRotations)
      .key("writes_issued").num(tr.setPulses + tr.resetPulses)
      .key("writes_avoided").num(tr.avoidedSchedSet + tr.avoidedSchedReset)
      .key("energy_saved_pj").num(L.savedBySchedulingPj(tr))
      .endObject();

  auto perImage = [](uint64_t spikes, uint32_t n) { return n ? double(spikes) / n : 0.0; };
  j.key("spikes_per_image").beginObject()
      // From the ledger, so that a resumed run reports the whole training.
      .key("train").num(perImage(L.at(Phase::Train).outputSpikes, r.trainImages * r.epochs))
      .key("assign").num(perImage(r.assign.outputSpikes, r.assign.images))
      .key("test").num(perImage(r.test.outputSpikes, r.test.images))
      .endObject();
  j.key("performance").beginObject()
      .key("train_wall_s").num(r.train.wallSeconds)
      .key("assign_wall_s").num(r.assign.wallSeconds)
      .key("test_wall_s").num(r.test.wallSeconds)
      .key("train_images_per_s").num(r.train.wallSeconds > 0 ? r.train.images / r.train.wallSeconds : 0.0)
      .key("peak_rss_mb").num(r.peakRssMb)
      .key("memory_estimate_mb").num(r.memoryEstimateMb)
      .endObject();
  j.endObject();
  return j.text() + "\n";
}

void printSummary(const Program &p, const Simulator &sim, const RunResult &r, FILE *out) {
  const EnergyLedger &L = sim.ledger();
  const fb::Program &root = p.root();
  std::fprintf(out, "snn-run: %s  (%s on %s, %u inputs, %u neurons)\n", p.name().c_str(),
               root.device()->name()->c_str(), root.chip()->name()->c_str(), sim.inputs(),
               sim.neurons());
  std::fprintf(out, "  train %u images x %u epochs, assign %u, test %u, seed %llu\n",
               r.trainImages, r.epochs, r.assignImages, r.testImages, (unsigned long long)r.seed);
  const bool wta = root.population()->model() == fb::NeuronModel::BayesianWTA;
  std::fprintf(out, "  presentation: train %s; assign and test %s\n",
               fmtPresentation(snn_contract::trainingPresentation(root), wta).c_str(),
               snn_contract::declaresReadout(root)
                   ? fmtPresentation(snn_contract::readoutPresentation(root), wta).c_str()
                   : "as in training");
  // The target as the program states it, and what overrode the spec.
  const fb::Quantization &q = *root.quantization();
  const fb::WriteSchedule &ws = *root.write_schedule();
  std::fprintf(out, "  weights %s, %u cell(s) per weight, %u levels; writes: batch %u, %s order%s%s\n",
               q.encoding() == fb::CellEncoding::DigitalBits ? "digital words" : "multi-level cells",
               p.derived().cellsPerWeight, q.levels(), ws.batch_size(),
               ws.order() == fb::WriteOrder::WearLeveling ? "wear-leveling" : "row",
               ws.skip_unchanged() ? ", skip unchanged" : "",
               ws.skip_pruned() ? ", skip pruned" : "");
  if (const fb::Provenance *pv = root.provenance()) {
    if (pv->spec_name() && pv->spec_name()->size())
      std::fprintf(out, "  spec @%s (sha256 %.12s), %s\n", pv->spec_name()->c_str(),
                   pv->spec_digest() ? pv->spec_digest()->c_str() : "",
                   pv->compiler() ? pv->compiler()->c_str() : "");
    if (pv->overrides())
      for (const fb::Override *o : *pv->overrides())
        std::fprintf(out, "  override %s: %s (spec: %s)\n", o->key() ? o->key()->c_str() : "?",
                     o->value() ? o->value()->c_str() : "?",
                     o->spec_value() ? o->spec_value()->c_str() : "?");
  }
  std::fprintf(out, "\n  %-22s %10.2f %%  (%llu / %u)\n", "test accuracy", 100 * r.testAccuracy,
               (unsigned long long)r.testCorrect, r.testImages);
  std::fprintf(out, "  %-22s %10.2f %%\n", "train accuracy", 100 * r.trainAccuracy);
  std::fprintf(out, "  %-22s", "per class (%)");
  for (int c = 0; c < 10; ++c)
    std::fprintf(out, " %d:%.0f", c,
                 r.classCount[c] ? 100.0 * r.confusion[c][c] / r.classCount[c] : 0.0);
  std::fprintf(out, "\n");
  EventCounts tot = L.total();
  std::fprintf(out, "  %-22s %14llu  (%.3f s simulated)\n", "cycles",
               (unsigned long long)tot.cycles, L.seconds(tot));
  EnergyBreakdown e = L.energyTotal();
  auto pe = e.parts();
  std::fprintf(out, "\n  %-12s %14s %14s\n", "energy", "total", "share");
  for (size_t i = 0; i < pe.size(); ++i)
    std::fprintf(out, "  %-12s %14s %13.1f%%%s\n", EnergyBreakdown::names()[i],
                 fmtEnergy(pe[i]).c_str(), 100 * share(pe[i], e.total()),
                 L.assumed()[i] ? "  (assumed)" : "");
  std::fprintf(out, "  %-12s %14s\n", "total", fmtEnergy(e.total()).c_str());
  std::fprintf(out, "  %-32s %.1f %% of the energy (components marked assumed)\n",
               "rests on assumed card values", 100 * share(L.assumedPj(e), e.total()));
  const EnergyBreakdown close = L.closeReadEnergy(tot);
  if (tot.closeReads)
    std::fprintf(out, "  %-32s %s (%.1f %% of read energy, %llu row reads)\n",
                 "window-close re-reads", fmtEnergy(close.total()).c_str(),
                 100 * share(close.total(), e.reads()), (unsigned long long)tot.closeReads);
  const EventCounts &tr = L.at(Phase::Train);
  std::fprintf(out, "\n  %-32s %llu\n", "write pulses (train)",
               (unsigned long long)(tr.setPulses + tr.resetPulses));
  std::fprintf(out, "  %-32s %llu  (%s)\n", "avoided by write scheduling",
               (unsigned long long)(tr.avoidedSchedSet + tr.avoidedSchedReset),
               fmtEnergy(L.savedBySchedulingPj(tr)).c_str());
  std::fprintf(out, "  %-32s %llu  (%s)\n", "avoided by pruning",
               (unsigned long long)(tr.avoidedPruneSet + tr.avoidedPruneReset),
               fmtEnergy(L.savedByPruningPj(tr)).c_str());
  std::fprintf(out, "  %-32s %.1f %%\n", "pruned weights", 100 * sim.pruning().fraction());
  const double trained = double(r.trainImages) * r.epochs;
  std::fprintf(out, "  %-32s %.1f\n", "output spikes / train image",
               trained > 0 ? double(tr.outputSpikes) / trained : 0.0);
  std::fprintf(out, "  %-32s %.0f img/s, peak RSS %.0f MB (estimate %.0f MB)\n", "speed",
               r.train.wallSeconds > 0 ? r.train.images / r.train.wallSeconds : 0.0,
               r.peakRssMb, r.memoryEstimateMb);
  std::fflush(out);
}

void writeTextFile(const std::string &path, const std::string &text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(ErrorKind::Io, path + ": cannot write file");
  out << text;
  if (!out) throw Error(ErrorKind::Io, path + ": write failed");
}

} // namespace snnrt
