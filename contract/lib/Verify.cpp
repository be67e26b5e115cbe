#include "snn/contract/Verify.h"
#include "snn/contract/Cards.h"
#include "snn/contract/Geometry.h"
#include "snn/contract/Limits.h"
#include "snn/contract/ProgramIO.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <tuple>
#include <vector>

namespace snn_contract {

uint32_t cellsPerWeight(const fb::Quantization &q) {
  return q.encoding() == fb::CellEncoding::DigitalBits ? q.cells_per_weight() : 1;
}

uint32_t stepsFor(double ms, double dt_ms) {
  // Saturating: a verified program stays far below both ends, but the
  // verifier itself asks before it knows.
  const double s = std::round(ms / dt_ms);
  if (!(s >= 1)) return 1;
  if (s >= 4294967295.0) return UINT32_MAX;
  return uint32_t(s);
}

Presentation trainingPresentation(const fb::Program &p) {
  return {p.encoding()->presentation_ms(), p.encoding()->max_rate_hz(),
          p.population()->total_rate_hz()};
}

Presentation readoutPresentation(const fb::Program &p) {
  const fb::Training &t = *p.training();
  const Presentation train = trainingPresentation(p);
  auto pick = [](double readout, double training) { return readout != 0 ? readout : training; };
  return {pick(t.readout_presentation_ms(), train.presentationMs),
          pick(t.readout_max_rate_hz(), train.maxRateHz),
          pick(t.readout_total_rate_hz(), train.totalRateHz)};
}

bool declaresReadout(const fb::Program &p) {
  const fb::Training &t = *p.training();
  return t.readout_presentation_ms() != 0 || t.readout_max_rate_hz() != 0 ||
         t.readout_total_rate_hz() != 0;
}

namespace {
// The weight level L stores, w_min + L * step (as the runtime's Quantizer).
double levelStep(const fb::Quantization &q) {
  return (double(q.w_max()) - q.w_min()) / double(q.levels() - 1);
}
double levelWeight(const fb::Quantization &q, uint32_t level) {
  return q.w_min() + levelStep(q) * level;
}
} // namespace

float stdpLevelStep(const fb::Program &p, uint32_t level, bool ltp) {
  const fb::Quantization &q = *p.quantization();
  const fb::Stdp &s = *p.stdp();
  const double step = levelStep(q);
  const double w = levelWeight(q, level);
  const double dw = ltp ? (s.ltp() == fb::LtpForm::NesslerExp
                               ? s.eta_ltp() * (s.ltp_c() * std::exp(-w) - 1.0)
                               : s.eta_ltp())
                        : (s.ltd() == fb::LtdForm::Constant ? -s.eta_ltd()
                                                            : -s.eta_ltd() * std::exp(w));
  return float(dw / step);
}

namespace {

using Result = std::optional<Violation>;
#define SNN_TRY(expr)                                                          \
  if (Result v_ = (expr))                                                      \
    return v_;

Result fail(const std::string &field, const std::string &why) {
  return Violation{field, why};
}
Result finite(const std::string &f, double v) {
  if (!std::isfinite(v)) return fail(f, "must be a finite number");
  return std::nullopt;
}
Result nonneg(const std::string &f, double v) {
  SNN_TRY(finite(f, v));
  if (v < 0) return fail(f, "must be >= 0 (got " + formatReal(v) + ")");
  return std::nullopt;
}
Result positive(const std::string &f, double v) {
  SNN_TRY(finite(f, v));
  if (!(v > 0)) return fail(f, "must be > 0 (got " + formatReal(v) + ")");
  return std::nullopt;
}
Result fraction(const std::string &f, double v) {
  SNN_TRY(finite(f, v));
  if (v < 0 || v > 1)
    return fail(f, "must be a fraction in [0, 1] (got " + formatReal(v) + ")");
  return std::nullopt;
}
template <class E> Result enumv(const std::string &f, E v, E max) {
  if (int(v) < 0 || int(v) > int(max))
    return fail(f, "unknown enum value " + std::to_string(int(v)));
  return std::nullopt;
}
// Shortest text of a float field's value ("1e+30", not the double
// expansion of the float nearest to it).
std::string formatFloat(double v) {
  const float f = float(v);
  if (!std::isfinite(f)) return formatReal(v);
  std::string best;
  char buffer[40];
  for (int precision = 1; precision <= 9; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, double(f));
    if (std::strtof(buffer, nullptr) != f) continue;
    if (best.empty() || std::string(buffer).size() < best.size()) best = buffer;
  }
  return best;
}

// A float field, finite and at most kMaxMagnitude in size (Limits.h).
Result bounded(const std::string &f, double v) {
  SNN_TRY(finite(f, v));
  if (std::fabs(v) > kMaxMagnitude)
    return fail(f, "must be within [-" + formatReal(kMaxMagnitude) + ", " +
                       formatReal(kMaxMagnitude) + "] (got " + formatFloat(v) + ")");
  return std::nullopt;
}

// A duration in time steps, round(ms / dt_ms), at most `max`. `ms` and
// `dt_ms` are finite and dt_ms > 0.
Result steps(const std::string &f, double ms, double dt_ms, uint32_t max,
             const char *what) {
  const double s = std::round(ms / dt_ms);
  if (s > double(max))
    return fail(f, formatFloat(ms) + " ms / dt_ms " + formatFloat(dt_ms) + " ms = " +
                       formatReal(s) + " " + what + ", more than the limit of " +
                       std::to_string(max));
  return std::nullopt;
}
// A Poisson rate `name` (Hz): at most one spike per step of dt_ms.
Result spikeRate(const std::string &f, const char *name, double hz, double dt_ms) {
  SNN_TRY(nonneg(f, hz));
  if (hz * dt_ms / 1000.0 > 1)
    return fail(f, std::string(name) + " * dt must be <= 1 spike per step (got " +
                       formatReal(hz * dt_ms / 1000.0) + ")");
  return std::nullopt;
}
// The time an image is presented: at least one step, at most
// kMaxStepsPerImage of them.
Result presentation(const std::string &f, double ms, double dt_ms) {
  SNN_TRY(positive(f, ms));
  if (ms < dt_ms) return fail(f, "must be >= dt_ms");
  return steps(f, ms, dt_ms, kMaxStepsPerImage, "steps per image");
}
Result prefixed(const char *table, Result r) {
  if (r)
    r->field = std::string(table) + "." + r->field;
  return r;
}

Result verifyQuantization(const fb::Program &p) {
  auto d = p.device();
  auto q = p.quantization();
  SNN_TRY(enumv("quantization.encoding", q->encoding(), fb::CellEncoding::MAX));
  SNN_TRY(enumv("quantization.rounding", q->rounding(), fb::Rounding::MAX));
  if (q->levels() < 2) return fail("quantization.levels", "must be >= 2");
  if (q->encoding() == fb::CellEncoding::DigitalBits) {
    if (q->cells_per_weight() < 1 || q->cells_per_weight() > 16)
      return fail("quantization.cells_per_weight",
                  "must be in [1, 16] for digital words (got " +
                      std::to_string(q->cells_per_weight()) + ")");
    if (q->levels() > (1u << q->cells_per_weight()))
      return fail("quantization.levels",
                  "exceeds 2^cells_per_weight (" +
                      std::to_string(1u << q->cells_per_weight()) + ")");
  } else {
    if (q->cells_per_weight() != 1)
      return fail("quantization.cells_per_weight",
                  "must be 1 for multi-level cells (got " +
                      std::to_string(q->cells_per_weight()) + ")");
    if (q->levels() > d->levels())
      return fail("quantization.levels",
                  "a multi-level cell has " + std::to_string(d->levels()) +
                      " states (device.levels); " + std::to_string(q->levels()) +
                      " weight levels do not fit");
  }
  SNN_TRY(bounded("quantization.w_min", q->w_min()));
  SNN_TRY(bounded("quantization.w_max", q->w_max()));
  if (!(q->w_min() < q->w_max()))
    return fail("quantization.w_min", "must be < w_max");
  if (q->pruned_level() >= q->levels())
    return fail("quantization.pruned_level", "must be < levels");

  // Conductances of the cell states used: [g_min, g_max] for binary cells,
  // one per level for multi-level cells; ascending, within the card's range.
  auto g = q->conductance_us();
  size_t want = q->encoding() == fb::CellEncoding::DigitalBits ? 2 : q->levels();
  if (!g || g->size() != want)
    return fail("quantization.conductance_us",
                "must list " + std::to_string(want) +
                    " conductances (one per cell state used), got " +
                    std::to_string(g ? g->size() : 0));
  for (uint32_t i = 0; i < g->size(); ++i) {
    double gi = g->Get(i);
    std::string f = "quantization.conductance_us[" + std::to_string(i) + "]";
    SNN_TRY(finite(f, gi));
    // float rounding of the card's bounds: allow one part in 1e6 of each
    // bound (a slack scaled by g_max let a table with g_max = 10^6 uS go
    // below 0, and a negative conductance wrapped the nS sums the ledger
    // keeps); never below 0.
    const double lo = d->g_min_us() - 1e-6 * std::max(1.0, double(d->g_min_us()));
    const double hi = d->g_max_us() + 1e-6 * std::max(1.0, double(d->g_max_us()));
    if (gi < 0 || gi < lo || gi > hi)
      return fail(f, formatReal(gi) + " uS is outside the device's range [" +
                         formatReal(d->g_min_us()) + ", " +
                         formatReal(d->g_max_us()) + "] uS");
    if (i > 0 && gi < g->Get(i - 1))
      return fail(f, "conductances must not decrease with the level");
  }
  // A sensed multi-level cell is one analog value per column: the column
  // converter must resolve every state (a sense amplifier resolves two).
  const uint32_t bits = p.chip()->adc_bits();
  if (q->encoding() == fb::CellEncoding::MultiLevel && d->g_max_us() > 0 && bits < 32 &&
      (uint64_t(1) << bits) < q->levels())
    return fail("chip.adc_bits",
                "multi-level cells of " + std::to_string(q->levels()) +
                    " states need a column ADC of at least " +
                    std::to_string(uint32_t(std::ceil(std::log2(double(q->levels()))))) +
                    " bits to be read (got " + std::to_string(bits) + ")");
  return std::nullopt;
}

Result verifyNetwork(const fb::Program &p, uint32_t &crop) {
  auto q = p.quantization();
  // Encoding.
  auto e = p.encoding();
  if (e->image_width() == 0 || e->image_height() == 0)
    return fail("encoding.image_width", "image dimensions must be >= 1");
  uint64_t npix = uint64_t(e->image_width()) * e->image_height();
  if (npix > kMaxImagePixels)
    return fail("encoding.image_width",
                "images larger than 2^20 pixels are not supported (" +
                    std::to_string(npix) + ")");
  crop = e->crop_pixels();
  if (e->crop_mask() && e->crop_mask()->size() > 0) {
    if (e->crop_mask()->size() > npix)
      return fail("encoding.crop_mask", "lists more pixels than the image has");
    crop = e->crop_mask()->size();
    std::vector<uint8_t> seen(npix, 0);
    for (uint32_t i = 0; i < crop; ++i) {
      uint32_t px = e->crop_mask()->Get(i);
      if (px >= npix)
        return fail("encoding.crop_mask", "pixel index " + std::to_string(px) +
                                              " out of range (image has " +
                                              std::to_string(npix) + " pixels)");
      if (seen[px])
        return fail("encoding.crop_mask", "duplicate pixel " + std::to_string(px));
      seen[px] = 1;
    }
  }
  if (crop == 0 || crop > npix)
    return fail("encoding.crop_pixels", "must be in [1, image pixels]");
  SNN_TRY(nonneg("encoding.max_rate_hz", e->max_rate_hz()));
  SNN_TRY(positive("encoding.dt_ms", e->dt_ms()));
  if (e->dt_ms() < kMinDtMs || e->dt_ms() > kMaxDtMs)
    return fail("encoding.dt_ms", "must be in [" + formatReal(kMinDtMs) + ", " +
                                      formatReal(kMaxDtMs) + "] ms (got " +
                                      formatFloat(e->dt_ms()) + ")");
  SNN_TRY(spikeRate("encoding.max_rate_hz", "max_rate_hz", e->max_rate_hz(), e->dt_ms()));
  SNN_TRY(presentation("encoding.presentation_ms", e->presentation_ms(), e->dt_ms()));
  SNN_TRY(positive("encoding.input_window_ms", e->input_window_ms()));
  SNN_TRY(steps("encoding.input_window_ms", e->input_window_ms(), e->dt_ms(),
                kMaxWindowSteps, "steps"));
  SNN_TRY(enumv("encoding.accumulation", e->accumulation(), fb::Accumulation::MAX));
  if (e->accumulation() != fb::Accumulation::Rewindow &&
      p.population()->model() != fb::NeuronModel::BayesianWTA)
    return fail("encoding.accumulation",
                std::string(fb::EnumNameAccumulation(e->accumulation())) +
                    " maintains Bayesian WTA potentials; LIF neurons integrate every "
                    "input spike (use Rewindow)");

  // Population.
  auto pop = p.population();
  SNN_TRY(enumv("population.model", pop->model(), fb::NeuronModel::MAX));
  SNN_TRY(enumv("population.homeostasis", pop->homeostasis(), fb::Homeostasis::MAX));
  if (pop->size() == 0) return fail("population.size", "must be >= 1");
  if (pop->size() > kMaxNeurons)
    return fail("population.size", "must be <= 2^24 = " + std::to_string(kMaxNeurons) +
                                        " neurons (got " + std::to_string(pop->size()) + ")");
  SNN_TRY(nonneg("population.homeostasis_rate", pop->homeostasis_rate()));
  SNN_TRY(bounded("population.homeostasis_rate", pop->homeostasis_rate()));
  if (pop->model() == fb::NeuronModel::BayesianWTA) {
    SNN_TRY(spikeRate("population.total_rate_hz", "total_rate_hz", pop->total_rate_hz(),
                      e->dt_ms()));
  } else {
    SNN_TRY(positive("population.tau_membrane_ms", pop->tau_membrane_ms()));
    SNN_TRY(positive("population.tau_theta_ms", pop->tau_theta_ms()));
    SNN_TRY(nonneg("population.refractory_ms", pop->refractory_ms()));
    SNN_TRY(steps("population.refractory_ms", pop->refractory_ms(), e->dt_ms(),
                  kMaxWindowSteps, "steps"));
    SNN_TRY(bounded("population.v_rest_mv", pop->v_rest_mv()));
    SNN_TRY(bounded("population.v_reset_mv", pop->v_reset_mv()));
    SNN_TRY(bounded("population.v_thresh_mv", pop->v_thresh_mv()));
    SNN_TRY(nonneg("population.theta_plus_mv", pop->theta_plus_mv()));
    SNN_TRY(bounded("population.theta_plus_mv", pop->theta_plus_mv()));
    SNN_TRY(nonneg("population.inhibition_mv", pop->inhibition_mv()));
    SNN_TRY(bounded("population.inhibition_mv", pop->inhibition_mv()));
    SNN_TRY(bounded("population.input_gain_mv", pop->input_gain_mv()));
    if (p.projection()->has_bias())
      return fail("projection.has_bias",
                  "LIFAdaptive neurons take no bias row (set has_bias = false)");
  }

  // Projection.
  auto pr = p.projection();
  SNN_TRY(enumv("projection.init", pr->init(), fb::InitKind::MAX));
  if (pr->pre_size() == 0) return fail("projection.pre_size", "must be >= 1");
  if (pr->pre_size() != crop)
    return fail("projection.pre_size", "must equal the encoder's crop size (" +
                                           std::to_string(crop) + "), got " +
                                           std::to_string(pr->pre_size()));
  if (pr->post_size() != pop->size())
    return fail("projection.post_size", "must equal population.size (" +
                                            std::to_string(pop->size()) + ")");
  // Explicit initial weights (init Dense): one finite value per matrix
  // entry, inside the weight range.
  {
    auto iw = pr->initial_weights();
    const bool dense = pr->init() == fb::InitKind::Dense;
    const uint64_t want = uint64_t(pr->pre_size() + (pr->has_bias() ? 1 : 0)) * pr->post_size();
    if (dense && (!iw || iw->size() != want))
      return fail("projection.initial_weights",
                  "init Dense needs one value per weight (" + std::to_string(want) + "), got " +
                      std::to_string(iw ? iw->size() : 0));
    if (!dense && iw && iw->size() > 0)
      return fail("projection.initial_weights", "given, but init is not Dense");
    if (dense)
      for (uint32_t i = 0; i < iw->size(); ++i) {
        const float v = iw->Get(i);
        if (!std::isfinite(v) || v < q->w_min() || v > q->w_max())
          return fail("projection.initial_weights",
                      "value " + std::to_string(i) + " (" + formatReal(v) +
                          ") is not within [w_min, w_max]");
      }
  }
  for (auto [f, lo, hi] :
       {std::tuple<const char *, float, float>{"projection.init_low", pr->init_low(),
                                               pr->init_high()},
        {"projection.bias_init_low", pr->bias_init_low(), pr->bias_init_high()}}) {
    SNN_TRY(finite(f, lo));
    SNN_TRY(finite(f, hi));
    if (lo > hi) return fail(f, "low bound above high bound");
    if (lo < q->w_min() || hi > q->w_max())
      return fail(f, "initial range must lie within [w_min, w_max]");
  }

  // STDP.
  auto s = p.stdp();
  SNN_TRY(enumv("stdp.ltp", s->ltp(), fb::LtpForm::MAX));
  SNN_TRY(enumv("stdp.ltd", s->ltd(), fb::LtdForm::MAX));
  SNN_TRY(positive("stdp.window_ms", s->window_ms()));
  SNN_TRY(steps("stdp.window_ms", s->window_ms(), e->dt_ms(), kMaxWindowSteps, "steps"));
  SNN_TRY(nonneg("stdp.eta_ltp", s->eta_ltp()));
  SNN_TRY(nonneg("stdp.eta_ltd", s->eta_ltd()));
  SNN_TRY(finite("stdp.ltp_c", s->ltp_c()));
  // Every update of the rule is a finite number of levels (an infinite one
  // times a homeostatic scale of 0 would be NaN).
  for (uint32_t L = 0; L < p.quantization()->levels(); ++L)
    for (bool ltp : {true, false})
      if (!std::isfinite(stdpLevelStep(p, L, ltp)))
        return fail(ltp ? "stdp.eta_ltp" : "stdp.eta_ltd",
                    std::string(ltp ? "LTP" : "LTD") + " of a weight at " +
                        formatReal(levelWeight(*p.quantization(), L)) +
                        " is not a finite number of levels: lower the rate or narrow [w_min, w_max]");
  if (!(s->anneal_to() > 0 && s->anneal_to() <= 1))
    return fail("stdp.anneal_to", "must be in (0, 1], got " + formatReal(s->anneal_to()));

  // Pruning.
  auto pg = p.pruning();
  SNN_TRY(enumv("pruning.mode", pg->mode(), fb::PruneMode::MAX));
  SNN_TRY(enumv("pruning.trigger", pg->trigger(), fb::PruneTrigger::MAX));
  SNN_TRY(enumv("pruning.criterion", pg->criterion(), fb::PruneCriterion::MAX));
  SNN_TRY(fraction("pruning.target_fraction", pg->target_fraction()));
  SNN_TRY(nonneg("pruning.adaptive_tolerance", pg->adaptive_tolerance()));
  if (pg->maturity() > kMaxMaturity)
    return fail("pruning.maturity", "must be at most " + std::to_string(kMaxMaturity) +
                                        " controller steps, got " + std::to_string(pg->maturity()));
  if (pg->mode() != fb::PruneMode::None && pg->interval() == 0)
    return fail("pruning.interval", "must be >= 1 when pruning is enabled");
  if (pg->mode() == fb::PruneMode::Soft) {
    SNN_TRY(finite("pruning.value", pg->value()));
    double step = (q->w_max() - q->w_min()) / double(q->levels() - 1);
    double stored = q->w_min() + step * q->pruned_level();
    if (std::fabs(stored - pg->value()) > step / 2 + 1e-6)
      return fail("pruning.value", "soft-pruned value " + formatReal(pg->value()) +
                                       " does not match quantization.pruned_level " +
                                       std::to_string(q->pruned_level()) + " (= " +
                                       formatReal(stored) + ")");
  }
  return std::nullopt;
}

Result verifyPlacement(const fb::Program &p) {
  auto ch = p.chip();
  const uint32_t rows = p.projection()->pre_size() + (p.projection()->has_bias() ? 1 : 0);
  const uint32_t cols = p.projection()->post_size();
  const uint32_t cpw = cellsPerWeight(*p.quantization());
  // Every weight exactly once, every block inside its tile, no two blocks
  // sharing tile cells. Nothing here allocates by the matrix's or the
  // tiles' area: a program declares sizes far beyond what it can fill.
  auto pl = p.placement();
  if (pl->size() == 0) return fail("placement", "is empty");
  if (pl->size() > kMaxPlacementBlocks)
    return fail("placement", "has " + std::to_string(pl->size()) +
                                 " blocks, more than the limit of 2^20 = " +
                                 std::to_string(kMaxPlacementBlocks));
  std::vector<Rect> matrix, tiles;
  matrix.reserve(pl->size());
  tiles.reserve(pl->size());
  uint64_t placed = 0;
  for (uint32_t b = 0; b < pl->size(); ++b) {
    auto blk = pl->Get(b);
    std::string f = "placement[" + std::to_string(b) + "]";
    if (blk->tile() >= ch->num_tiles())
      return fail(f + ".tile", "tile " + std::to_string(blk->tile()) + " >= chip.num_tiles");
    if (blk->pre_count() == 0 || blk->post_count() == 0) return fail(f, "empty block");
    if (uint64_t(blk->pre_begin()) + blk->pre_count() > rows)
      return fail(f + ".pre_begin", "block exceeds the weight matrix rows (" +
                                        std::to_string(rows) + " incl. bias)");
    if (uint64_t(blk->post_begin()) + blk->post_count() > cols)
      return fail(f + ".post_begin", "block exceeds the weight matrix columns (" +
                                         std::to_string(cols) + ")");
    if (uint64_t(blk->tile_row()) + blk->pre_count() > ch->tile_rows())
      return fail(f + ".tile_row", "block does not fit the tile rows");
    if (uint64_t(blk->tile_col()) + uint64_t(blk->post_count()) * cpw > ch->tile_cols())
      return fail(f + ".tile_col", "block does not fit the tile columns");
    const int64_t r0 = blk->pre_begin(), c0 = blk->post_begin();
    matrix.push_back({r0, r0 + blk->pre_count(), c0, c0 + blk->post_count()});
    // All tiles in one plane, each in its own band of rows.
    const int64_t t0 = int64_t(blk->tile()) * ch->tile_rows() + blk->tile_row();
    tiles.push_back({t0, t0 + blk->pre_count(), int64_t(blk->tile_col()),
                     int64_t(blk->tile_col()) + int64_t(blk->post_count()) * cpw});
    placed += uint64_t(blk->pre_count()) * blk->post_count();
  }
  if (auto pair = findOverlap(matrix)) {
    const Rect &a = matrix[pair->first], &b = matrix[pair->second];
    return fail("placement[" + std::to_string(pair->second) + "]",
                "weight (" + std::to_string(std::max(a.r0, b.r0)) + ", " +
                    std::to_string(std::max(a.c0, b.c0)) + ") is placed twice (also by placement[" +
                    std::to_string(pair->first) + "])");
  }
  if (auto pair = findOverlap(tiles))
    return fail("placement[" + std::to_string(pair->second) + "]",
                "overlaps placement[" + std::to_string(pair->first) + "] on tile " +
                    std::to_string(pl->Get(uint32_t(pair->second))->tile()));
  // Disjoint blocks inside the matrix cover it iff their areas add up.
  if (placed != uint64_t(rows) * cols) {
    auto cell = findUncovered(matrix, rows, cols);
    return fail("placement", cell ? "weight (" + std::to_string(cell->first) + ", " +
                                        std::to_string(cell->second) + ") is not placed"
                                  : "weights are not placed");
  }
  return std::nullopt;
}

} // namespace

std::optional<Violation> verifyProgram(const fb::Program &p) {
  SNN_TRY(prefixed("device", checkDeviceCard(readDeviceCard(*p.device()))));
  SNN_TRY(prefixed("chip", checkChipCard(readChipCard(*p.chip()))));
  SNN_TRY(verifyQuantization(p));
  uint32_t crop = 0;
  SNN_TRY(verifyNetwork(p, crop));

  // Write scheduling.
  auto q = p.quantization();
  auto ws = p.write_schedule();
  SNN_TRY(enumv("write_schedule.order", ws->order(), fb::WriteOrder::MAX));
  if (ws->batch_size() == 0)
    return fail("write_schedule.batch_size", "must be >= 1");
  if (ws->batch_size() > p.chip()->write_drivers_per_tile())
    return fail("write_schedule.batch_size",
                "exceeds chip.write_drivers_per_tile (" +
                    std::to_string(p.chip()->write_drivers_per_tile()) + ")");
  if (ws->order() == fb::WriteOrder::WearLeveling) {
    if (ws->rotation_period() == 0)
      return fail("write_schedule.rotation_period",
                  "wear-leveling order needs a rotation period of at least one image");
    if (q->encoding() != fb::CellEncoding::DigitalBits || q->cells_per_weight() < 2)
      return fail("write_schedule.order",
                  "wear-leveling rotates the cells of a digital word; this program "
                  "stores one cell per weight");
  }

  // Training.
  auto t = p.training();
  SNN_TRY(enumv("training.dataset", t->dataset(), fb::Dataset::MAX));
  SNN_TRY(enumv("training.assignment", t->assignment(), fb::Assignment::MAX));
  if (t->epochs() == 0) return fail("training.epochs", "must be >= 1");
  // The readout presentation: 0 keeps training's, any other value obeys
  // training's rules.
  const double dt = p.encoding()->dt_ms();
  if (t->readout_presentation_ms() != 0)
    SNN_TRY(presentation("training.readout_presentation_ms", t->readout_presentation_ms(), dt));
  if (t->readout_max_rate_hz() != 0)
    SNN_TRY(spikeRate("training.readout_max_rate_hz", "readout_max_rate_hz",
                      t->readout_max_rate_hz(), dt));
  if (t->readout_total_rate_hz() != 0) {
    if (p.population()->model() != fb::NeuronModel::BayesianWTA)
      return fail("training.readout_total_rate_hz",
                  "sets the output rate of a Bayesian WTA layer; LIF neurons fire from "
                  "their potentials (must be 0)");
    SNN_TRY(spikeRate("training.readout_total_rate_hz", "readout_total_rate_hz",
                      t->readout_total_rate_hz(), dt));
  }

  return verifyPlacement(p);
}

} // namespace snn_contract
