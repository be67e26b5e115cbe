#include "snnrt/Program.h"
#include "snnrt/Error.h"

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

uint32_t stepsFor(double ms, double dt_ms) {
  long s = std::lround(ms / dt_ms);
  return s < 1 ? 1u : uint32_t(s);
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
  auto q = root_->quantization();
  return q->encoding() == fb::CellEncoding::DigitalBits ? q->bits_per_weight() : 1;
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

namespace {

struct Checker {
  const std::string &file;
  [[noreturn]] void fail(const std::string &field, const std::string &why) const {
    throw Error(ErrorKind::BadProgram, file + ": field '" + field + "': " + why);
  }
  void finite(const std::string &f, double v) const {
    if (!std::isfinite(v)) fail(f, "must be a finite number");
  }
  void nonneg(const std::string &f, double v) const {
    finite(f, v);
    if (v < 0) fail(f, "must be >= 0 (got " + num(v) + ")");
  }
  void positive(const std::string &f, double v) const {
    finite(f, v);
    if (!(v > 0)) fail(f, "must be > 0 (got " + num(v) + ")");
  }
  void fraction(const std::string &f, double v) const {
    finite(f, v);
    if (v < 0 || v > 1) fail(f, "must be a fraction in [0, 1] (got " + num(v) + ")");
  }
  template <class E> void enumv(const std::string &f, E v, E max) const {
    if (int(v) < 0 || int(v) > int(max))
      fail(f, "unknown enum value " + std::to_string(int(v)));
  }
  static std::string num(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
  }
};

} // namespace

void Program::verifySemantics() const {
  Checker c{name_};
  const fb::Program &p = *root_;

  // Device card.
  auto d = p.device();
  if (d->levels() < 2) c.fail("device.levels", "must be >= 2");
  c.nonneg("device.g_min_us", d->g_min_us());
  c.nonneg("device.g_max_us", d->g_max_us());
  if (d->g_min_us() > d->g_max_us()) c.fail("device.g_min_us", "must be <= g_max_us");
  c.nonneg("device.read_energy_pj", d->read_energy_pj());
  c.nonneg("device.set_energy_pj", d->set_energy_pj());
  c.nonneg("device.reset_energy_pj", d->reset_energy_pj());
  c.nonneg("device.verify_energy_pj", d->verify_energy_pj());
  c.nonneg("device.set_pulse_ns", d->set_pulse_ns());
  c.nonneg("device.reset_pulse_ns", d->reset_pulse_ns());
  c.nonneg("device.read_latency_ns", d->read_latency_ns());
  c.fraction("device.nonlinearity", d->nonlinearity());
  c.nonneg("device.c2c_sigma", d->c2c_sigma());
  c.nonneg("device.d2d_sigma", d->d2d_sigma());
  c.nonneg("device.endurance_cycles", d->endurance_cycles());
  c.fraction("device.stuck_at_set_rate", d->stuck_at_set_rate());
  c.fraction("device.stuck_at_reset_rate", d->stuck_at_reset_rate());
  if (d->stuck_at_set_rate() + d->stuck_at_reset_rate() > 1)
    c.fail("device.stuck_at_set_rate", "stuck-at rates sum to more than 1");
  c.nonneg("device.leakage_pw_per_cell", d->leakage_pw_per_cell());

  // Chip.
  auto ch = p.chip();
  c.positive("chip.clock_mhz", ch->clock_mhz());
  if (ch->num_tiles() == 0) c.fail("chip.num_tiles", "must be >= 1");
  if (ch->tile_rows() == 0) c.fail("chip.tile_rows", "must be >= 1");
  if (ch->tile_cols() == 0) c.fail("chip.tile_cols", "must be >= 1");
  if (ch->write_drivers_per_tile() == 0) c.fail("chip.write_drivers_per_tile", "must be >= 1");
  if (ch->neuron_units() == 0) c.fail("chip.neuron_units", "must be >= 1");
  c.nonneg("chip.neuron_update_energy_pj", ch->neuron_update_energy_pj());
  c.nonneg("chip.spike_route_energy_pj", ch->spike_route_energy_pj());
  c.nonneg("chip.control_energy_pj", ch->control_energy_pj());
  c.nonneg("chip.rng_energy_pj", ch->rng_energy_pj());
  if (double(ch->num_tiles()) * ch->tile_rows() * ch->tile_cols() > 4e9)
    c.fail("chip.num_tiles", "chip larger than 4 Gcells is not supported");

  // Quantization.
  auto q = p.quantization();
  c.enumv("quantization.encoding", q->encoding(), fb::CellEncoding::MAX);
  c.enumv("quantization.rounding", q->rounding(), fb::Rounding::MAX);
  if (q->levels() < 2) c.fail("quantization.levels", "must be >= 2");
  if (q->encoding() == fb::CellEncoding::DigitalBits) {
    if (q->bits_per_weight() < 1 || q->bits_per_weight() > 16)
      c.fail("quantization.bits_per_weight", "must be in [1, 16]");
    if (q->levels() > (1u << q->bits_per_weight()))
      c.fail("quantization.levels", "exceeds 2^bits_per_weight");
  } else {
    if (q->levels() != d->levels())
      c.fail("quantization.levels",
             "must equal device.levels for multi-level cells (" +
                 std::to_string(d->levels()) + ")");
    if (q->levels() > 65536) c.fail("quantization.levels", "must be <= 65536");
  }
  c.finite("quantization.w_min", q->w_min());
  c.finite("quantization.w_max", q->w_max());
  if (!(q->w_min() < q->w_max())) c.fail("quantization.w_min", "must be < w_max");
  if (q->pruned_level() >= q->levels())
    c.fail("quantization.pruned_level", "must be < levels");

  // Encoding.
  auto e = p.encoding();
  if (e->image_width() == 0 || e->image_height() == 0)
    c.fail("encoding.image_width", "image dimensions must be >= 1");
  uint32_t npix = e->image_width() * e->image_height();
  uint32_t crop = e->crop_pixels();
  if (e->crop_mask() && e->crop_mask()->size() > 0) {
    crop = e->crop_mask()->size();
    std::vector<uint8_t> seen(npix, 0);
    for (uint32_t i = 0; i < crop; ++i) {
      uint32_t px = e->crop_mask()->Get(i);
      if (px >= npix)
        c.fail("encoding.crop_mask", "pixel index " + std::to_string(px) +
                                         " out of range (image has " +
                                         std::to_string(npix) + " pixels)");
      if (seen[px]) c.fail("encoding.crop_mask", "duplicate pixel " + std::to_string(px));
      seen[px] = 1;
    }
  }
  if (crop == 0 || crop > npix)
    c.fail("encoding.crop_pixels", "must be in [1, image pixels]");
  c.nonneg("encoding.max_rate_hz", e->max_rate_hz());
  c.positive("encoding.dt_ms", e->dt_ms());
  if (e->max_rate_hz() * e->dt_ms() / 1000.0 > 1)
    c.fail("encoding.max_rate_hz", "max_rate_hz * dt must be <= 1 spike per step");
  c.positive("encoding.presentation_ms", e->presentation_ms());
  if (e->presentation_ms() < e->dt_ms())
    c.fail("encoding.presentation_ms", "must be >= dt_ms");
  c.positive("encoding.input_window_ms", e->input_window_ms());

  // Population.
  auto pop = p.population();
  c.enumv("population.model", pop->model(), fb::NeuronModel::MAX);
  c.enumv("population.homeostasis", pop->homeostasis(), fb::Homeostasis::MAX);
  if (pop->size() == 0) c.fail("population.size", "must be >= 1");
  c.nonneg("population.homeostasis_rate", pop->homeostasis_rate());
  if (pop->model() == fb::NeuronModel::BayesianWTA) {
    c.nonneg("population.total_rate_hz", pop->total_rate_hz());
    if (pop->total_rate_hz() * e->dt_ms() / 1000.0 > 1)
      c.fail("population.total_rate_hz", "total_rate_hz * dt must be <= 1");
  } else {
    c.positive("population.tau_membrane_ms", pop->tau_membrane_ms());
    c.positive("population.tau_theta_ms", pop->tau_theta_ms());
    c.nonneg("population.refractory_ms", pop->refractory_ms());
    c.finite("population.v_rest_mv", pop->v_rest_mv());
    c.finite("population.v_reset_mv", pop->v_reset_mv());
    c.finite("population.v_thresh_mv", pop->v_thresh_mv());
    c.nonneg("population.theta_plus_mv", pop->theta_plus_mv());
    c.nonneg("population.inhibition_mv", pop->inhibition_mv());
    c.finite("population.input_gain_mv", pop->input_gain_mv());
    if (p.projection()->has_bias())
      c.fail("projection.has_bias", "LIFAdaptive neurons take no bias row (set has_bias = false)");
  }

  // Projection.
  auto pr = p.projection();
  c.enumv("projection.init", pr->init(), fb::InitKind::MAX);
  if (pr->pre_size() == 0) c.fail("projection.pre_size", "must be >= 1");
  if (pr->pre_size() != crop)
    c.fail("projection.pre_size", "must equal the encoder's crop size (" +
                                      std::to_string(crop) + "), got " +
                                      std::to_string(pr->pre_size()));
  if (pr->post_size() != pop->size())
    c.fail("projection.post_size", "must equal population.size (" +
                                       std::to_string(pop->size()) + ")");
  for (auto [f, lo, hi] : {std::tuple<const char *, float, float>{"projection.init_low",
                                                                   pr->init_low(), pr->init_high()},
                           {"projection.bias_init_low", pr->bias_init_low(), pr->bias_init_high()}}) {
    c.finite(f, lo);
    c.finite(f, hi);
    if (lo > hi) c.fail(f, "low bound above high bound");
    if (lo < q->w_min() || hi > q->w_max())
      c.fail(f, "initial range must lie within [w_min, w_max]");
  }

  // STDP.
  auto s = p.stdp();
  c.enumv("stdp.ltp", s->ltp(), fb::LtpForm::MAX);
  c.enumv("stdp.ltd", s->ltd(), fb::LtdForm::MAX);
  c.positive("stdp.window_ms", s->window_ms());
  c.nonneg("stdp.eta_ltp", s->eta_ltp());
  c.nonneg("stdp.eta_ltd", s->eta_ltd());
  c.finite("stdp.ltp_c", s->ltp_c());
  if (!(s->anneal_to() > 0 && s->anneal_to() <= 1))
    c.fail("stdp.anneal_to", "must be in (0, 1], got " + Checker::num(s->anneal_to()));

  // Pruning.
  auto pg = p.pruning();
  c.enumv("pruning.mode", pg->mode(), fb::PruneMode::MAX);
  c.enumv("pruning.trigger", pg->trigger(), fb::PruneTrigger::MAX);
  c.enumv("pruning.criterion", pg->criterion(), fb::PruneCriterion::MAX);
  c.fraction("pruning.target_fraction", pg->target_fraction());
  c.nonneg("pruning.adaptive_tolerance", pg->adaptive_tolerance());
  if (pg->mode() != fb::PruneMode::None && pg->interval() == 0)
    c.fail("pruning.interval", "must be >= 1 when pruning is enabled");
  if (pg->mode() == fb::PruneMode::Soft) {
    c.finite("pruning.value", pg->value());
    double step = (q->w_max() - q->w_min()) / double(q->levels() - 1);
    double stored = q->w_min() + step * q->pruned_level();
    if (std::fabs(stored - pg->value()) > step / 2 + 1e-6)
      c.fail("pruning.value", "soft-pruned value " + Checker::num(pg->value()) +
                                  " does not match quantization.pruned_level " +
                                  std::to_string(q->pruned_level()) + " (= " +
                                  Checker::num(stored) + ")");
  }

  // Write scheduling.
  auto ws = p.write_schedule();
  c.enumv("write_schedule.order", ws->order(), fb::WriteOrder::MAX);
  if (ws->batch_size() > ch->write_drivers_per_tile())
    c.fail("write_schedule.batch_size",
           "exceeds chip.write_drivers_per_tile (" +
               std::to_string(ch->write_drivers_per_tile()) + ")");
  if (ws->order() == fb::WriteOrder::WearLeveling) {
    if (ws->rotation_period() == 0)
      c.fail("write_schedule.rotation_period",
             "wear-leveling order needs a rotation period of at least one image");
    if (q->encoding() != fb::CellEncoding::DigitalBits || q->bits_per_weight() < 2)
      c.fail("write_schedule.order",
             "wear-leveling rotates the cells of a digital word; this program "
             "stores one cell per weight");
  }

  // Training.
  auto t = p.training();
  c.enumv("training.dataset", t->dataset(), fb::Dataset::MAX);
  c.enumv("training.assignment", t->assignment(), fb::Assignment::MAX);
  if (t->epochs() == 0) c.fail("training.epochs", "must be >= 1");

  // Placement: every weight exactly once, every block inside its tile, no
  // two blocks sharing tile cells.
  const uint32_t rows = matrixRows(), cols = pr->post_size(), cpw = cellsPerWeight();
  auto pl = p.placement();
  if (pl->size() == 0) c.fail("placement", "is empty");
  std::vector<uint8_t> covered(size_t(rows) * cols, 0);
  for (uint32_t b = 0; b < pl->size(); ++b) {
    auto blk = pl->Get(b);
    std::string f = "placement[" + std::to_string(b) + "]";
    if (blk->tile() >= ch->num_tiles())
      c.fail(f + ".tile", "tile " + std::to_string(blk->tile()) + " >= chip.num_tiles");
    if (blk->pre_count() == 0 || blk->post_count() == 0)
      c.fail(f, "empty block");
    if (uint64_t(blk->pre_begin()) + blk->pre_count() > rows)
      c.fail(f + ".pre_begin", "block exceeds the weight matrix rows (" +
                                   std::to_string(rows) + " incl. bias)");
    if (uint64_t(blk->post_begin()) + blk->post_count() > cols)
      c.fail(f + ".post_begin", "block exceeds the weight matrix columns (" +
                                    std::to_string(cols) + ")");
    if (uint64_t(blk->tile_row()) + blk->pre_count() > ch->tile_rows())
      c.fail(f + ".tile_row", "block does not fit the tile rows");
    if (uint64_t(blk->tile_col()) + uint64_t(blk->post_count()) * cpw > ch->tile_cols())
      c.fail(f + ".tile_col", "block does not fit the tile columns");
    for (uint32_t r = blk->pre_begin(); r < blk->pre_begin() + blk->pre_count(); ++r)
      for (uint32_t k = blk->post_begin(); k < blk->post_begin() + blk->post_count(); ++k) {
        uint8_t &cv = covered[size_t(r) * cols + k];
        if (cv) c.fail(f, "weight (" + std::to_string(r) + ", " + std::to_string(k) +
                              ") is placed twice");
        cv = 1;
      }
    for (uint32_t o = 0; o < b; ++o) {
      auto ob = pl->Get(o);
      if (ob->tile() != blk->tile()) continue;
      bool rowsOverlap = blk->tile_row() < ob->tile_row() + ob->pre_count() &&
                         ob->tile_row() < blk->tile_row() + blk->pre_count();
      uint64_t a0 = blk->tile_col(), a1 = a0 + uint64_t(blk->post_count()) * cpw;
      uint64_t b0 = ob->tile_col(), b1 = b0 + uint64_t(ob->post_count()) * cpw;
      if (rowsOverlap && a0 < b1 && b0 < a1)
        c.fail(f, "overlaps placement[" + std::to_string(o) + "] on tile " +
                      std::to_string(blk->tile()));
    }
  }
  for (size_t i = 0; i < covered.size(); ++i)
    if (!covered[i])
      c.fail("placement", "weight (" + std::to_string(i / cols) + ", " +
                              std::to_string(i % cols) + ") is not placed");
}

} // namespace snnrt
