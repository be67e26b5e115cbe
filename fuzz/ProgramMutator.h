// Structure-aware mutation of programs, for fuzz-program and fuzz-simulate.
//
// Byte-level mutation of a FlatBuffer mostly breaks its structure (offsets,
// vtables), and it can hardly keep two fields consistent: a population of
// 4e9 neurons needs projection.post_size changed with it before the
// verifier gets past the first comparison. This mutator reads a structurally
// valid program back into the test ProgramBuilder's ProgramSpec (which ties
// population.size and projection.post_size together), changes one thing
// (a scalar to a value on some check's boundary or another field's value,
// an enum to any value including invalid ones, a placement block, the crop
// mask, the conductance table, or the network's size with a placement that
// still fits) and builds a well-formed FlatBuffer again. So every mutation
// reaches the semantic verifier and, when it passes, the simulator.
// Inputs that are not structurally valid get libFuzzer's own mutations.
#pragma once
#include "FuzzPrograms.h"

#include "snn/contract/ProgramIO.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace snnfuzz {

// The ProgramSpec of a structurally valid program, as far as a spec can say
// it (population.size is also projection.post_size; strings other than the
// name and producer, and the provenance, are dropped).
inline ProgramSpec specOf(const fb::Program &p) {
  ProgramSpec s;
  s.format_version = p.format_version();
  s.name = p.name() ? p.name()->str() : "";
  s.producer = p.producer() ? p.producer()->str() : "";
  s.device = snn_contract::readDeviceCard(*p.device());
  s.chip = snn_contract::readChipCard(*p.chip());
  auto q = p.quantization();
  s.encoding = q->encoding();
  s.cells_per_weight = q->cells_per_weight();
  s.levels = q->levels();
  s.conductance_us.clear();
  if (q->conductance_us()) s.conductance_us.assign(q->conductance_us()->begin(), q->conductance_us()->end());
  s.w_min = q->w_min();
  s.w_max = q->w_max();
  s.rounding = q->rounding();
  s.pruned_level = q->pruned_level();
  auto e = p.encoding();
  s.image_width = e->image_width();
  s.image_height = e->image_height();
  s.crop_pixels = e->crop_pixels();
  s.crop_mask.clear();
  if (e->crop_mask()) s.crop_mask.assign(e->crop_mask()->begin(), e->crop_mask()->end());
  s.max_rate_hz = e->max_rate_hz();
  s.dt_ms = e->dt_ms();
  s.presentation_ms = e->presentation_ms();
  s.input_window_ms = e->input_window_ms();
  s.reset_between_images = e->reset_between_images();
  auto pop = p.population();
  s.model = pop->model();
  s.neurons = pop->size();
  s.total_rate_hz = pop->total_rate_hz();
  s.homeostasis = pop->homeostasis();
  s.homeostasis_rate = pop->homeostasis_rate();
  s.v_rest_mv = pop->v_rest_mv();
  s.v_reset_mv = pop->v_reset_mv();
  s.v_thresh_mv = pop->v_thresh_mv();
  s.tau_membrane_ms = pop->tau_membrane_ms();
  s.refractory_ms = pop->refractory_ms();
  s.theta_plus_mv = pop->theta_plus_mv();
  s.tau_theta_ms = pop->tau_theta_ms();
  s.inhibition_mv = pop->inhibition_mv();
  s.input_gain_mv = pop->input_gain_mv();
  auto pr = p.projection();
  s.pre_size = pr->pre_size();
  s.has_bias = pr->has_bias();
  s.init = pr->init();
  s.init_low = pr->init_low();
  s.init_high = pr->init_high();
  s.bias_init_low = pr->bias_init_low();
  s.bias_init_high = pr->bias_init_high();
  auto st = p.stdp();
  s.window_ms = st->window_ms();
  s.ltp = st->ltp();
  s.ltd = st->ltd();
  s.eta_ltp = st->eta_ltp();
  s.eta_ltd = st->eta_ltd();
  s.ltp_c = st->ltp_c();
  s.learn_bias = st->learn_bias();
  s.anneal_to = st->anneal_to();
  auto pg = p.pruning();
  s.prune_mode = pg->mode();
  s.prune_trigger = pg->trigger();
  s.prune_criterion = pg->criterion();
  s.prune_start = pg->start();
  s.prune_ramp = pg->ramp();
  s.prune_interval = pg->interval();
  s.prune_target = pg->target_fraction();
  s.prune_value = pg->value();
  s.adaptive_tolerance = pg->adaptive_tolerance();
  s.prune_maturity = pg->maturity();
  auto ws = p.write_schedule();
  s.skip_unchanged = ws->skip_unchanged();
  s.skip_pruned = ws->skip_pruned();
  s.order = ws->order();
  s.batch_size = ws->batch_size();
  s.rotation_period = ws->rotation_period();
  auto t = p.training();
  s.dataset = t->dataset();
  s.epochs = t->epochs();
  s.train_limit = t->train_limit();
  s.test_limit = t->test_limit();
  s.assign_limit = t->assign_limit();
  s.seed = t->seed();
  s.assignment = t->assignment();
  s.placement.clear();
  for (auto b : *p.placement())
    s.placement.push_back({b->tile(), b->tile_row(), b->tile_col(), b->pre_begin(), b->pre_count(),
                           b->post_begin(), b->post_count()});
  return s;
}

struct FieldRef {
  enum Kind { U32, U64, F32, F64, Bool, Enum } kind;
  void *p;
  int enumMax = 0;
};

// Every scalar of a spec, cards included.
inline std::vector<FieldRef> fieldsOf(ProgramSpec &s) {
  using F = FieldRef;
  std::vector<FieldRef> f;
#define SNN_CARD_REF_UINT(obj, name) f.push_back({F::U32, &obj.name});
#define SNN_CARD_REF_REAL(obj, name) f.push_back({F::F64, &obj.name});
#define SNN_CARD_REF_BOOL(obj, name) f.push_back({F::Bool, &obj.name});
#define SNN_CARD_REF_STR(obj, name)
#define SNN_DEVICE_FIELD(KIND, name, def, lo, hi, doc) SNN_CARD_REF_##KIND(s.device, name)
#define SNN_CHIP_FIELD(KIND, name, def, lo, hi, doc) SNN_CARD_REF_##KIND(s.chip, name)
#include "snn/contract/CardFields.def"
#undef SNN_CARD_REF_UINT
#undef SNN_CARD_REF_REAL
#undef SNN_CARD_REF_BOOL
#undef SNN_CARD_REF_STR
  auto e = [&](auto &v, auto max) { f.push_back({F::Enum, &v, int(max)}); };
  for (uint32_t *u : {&s.format_version, &s.cells_per_weight, &s.levels, &s.pruned_level,
                      &s.image_width, &s.image_height, &s.crop_pixels, &s.neurons, &s.pre_size,
                      &s.prune_start, &s.prune_ramp, &s.prune_interval, &s.batch_size,
                      &s.rotation_period, &s.epochs, &s.train_limit, &s.test_limit,
                      &s.assign_limit, &s.prune_maturity})
    f.push_back({F::U32, u});
  for (float *x : {&s.w_min, &s.w_max, &s.max_rate_hz, &s.dt_ms, &s.presentation_ms,
                   &s.input_window_ms, &s.total_rate_hz, &s.homeostasis_rate, &s.v_rest_mv,
                   &s.v_reset_mv, &s.v_thresh_mv, &s.tau_membrane_ms, &s.refractory_ms,
                   &s.theta_plus_mv, &s.tau_theta_ms, &s.inhibition_mv, &s.input_gain_mv,
                   &s.init_low, &s.init_high, &s.bias_init_low, &s.bias_init_high, &s.window_ms,
                   &s.eta_ltp, &s.eta_ltd, &s.ltp_c, &s.anneal_to, &s.prune_target,
                   &s.prune_value, &s.adaptive_tolerance})
    f.push_back({F::F32, x});
  for (bool *b : {&s.reset_between_images, &s.has_bias, &s.learn_bias, &s.skip_unchanged,
                  &s.skip_pruned})
    f.push_back({F::Bool, b});
  f.push_back({F::U64, &s.seed});
  e(s.encoding, fb::CellEncoding::MAX);
  e(s.rounding, fb::Rounding::MAX);
  e(s.model, fb::NeuronModel::MAX);
  e(s.homeostasis, fb::Homeostasis::MAX);
  e(s.init, fb::InitKind::MAX);
  e(s.ltp, fb::LtpForm::MAX);
  e(s.ltd, fb::LtdForm::MAX);
  e(s.prune_mode, fb::PruneMode::MAX);
  e(s.prune_trigger, fb::PruneTrigger::MAX);
  e(s.prune_criterion, fb::PruneCriterion::MAX);
  e(s.order, fb::WriteOrder::MAX);
  e(s.dataset, fb::Dataset::MAX);
  e(s.assignment, fb::Assignment::MAX);
  return f;
}

inline uint64_t boundaryInt(uint64_t cur, uint64_t other, uint64_t max, std::mt19937_64 &rng) {
  const uint64_t c[] = {0, 1, 2, 3, cur + 1, cur - 1, cur * 2, cur / 2, other, other + 1,
                        1u << 16, (1u << 16) + 1, 1u << 20, (1u << 20) + 1, 1u << 24,
                        uint64_t(1) << 31, max, max - 1, rng() % 1024, rng()};
  return c[rng() % (sizeof c / sizeof *c)] & max;
}
inline double boundaryReal(double cur, double other, std::mt19937_64 &rng) {
  const double c[] = {0, -0.0, 1, -1, 0.5, cur * 2, cur / 2, -cur, cur + 1, cur - 1, other,
                      std::nan(""), HUGE_VAL, -HUGE_VAL, 1e-30, 1e30,
                      std::numeric_limits<float>::max(), std::numeric_limits<float>::denorm_min(),
                      1e6, 1e9, double(rng() % 1000) / 10};
  return c[rng() % (sizeof c / sizeof *c)];
}

inline void mutateScalar(std::vector<FieldRef> &f, std::mt19937_64 &rng) {
  FieldRef &r = f[rng() % f.size()];
  const FieldRef &o = f[rng() % f.size()]; // another field, for its value
  auto asU64 = [](const FieldRef &x) -> uint64_t {
    switch (x.kind) {
    case FieldRef::U32: return *static_cast<uint32_t *>(x.p);
    case FieldRef::U64: return *static_cast<uint64_t *>(x.p);
    case FieldRef::F32: return uint64_t(std::fabs(*static_cast<float *>(x.p)) < 1e19 ? std::fabs(*static_cast<float *>(x.p)) : 0);
    case FieldRef::F64: return uint64_t(std::fabs(*static_cast<double *>(x.p)) < 1e19 ? std::fabs(*static_cast<double *>(x.p)) : 0);
    default: return 0;
    }
  };
  auto asReal = [](const FieldRef &x) -> double {
    switch (x.kind) {
    case FieldRef::U32: return *static_cast<uint32_t *>(x.p);
    case FieldRef::U64: return double(*static_cast<uint64_t *>(x.p));
    case FieldRef::F32: return *static_cast<float *>(x.p);
    case FieldRef::F64: return *static_cast<double *>(x.p);
    default: return 0;
    }
  };
  switch (r.kind) {
  case FieldRef::U32: {
    auto *v = static_cast<uint32_t *>(r.p);
    *v = uint32_t(boundaryInt(*v, asU64(o), 0xffffffffu, rng));
    break;
  }
  case FieldRef::U64: {
    auto *v = static_cast<uint64_t *>(r.p);
    *v = boundaryInt(*v, asU64(o), ~uint64_t(0), rng);
    break;
  }
  case FieldRef::F32: {
    auto *v = static_cast<float *>(r.p);
    *v = float(boundaryReal(*v, asReal(o), rng));
    break;
  }
  case FieldRef::F64: {
    auto *v = static_cast<double *>(r.p);
    *v = boundaryReal(*v, asReal(o), rng);
    break;
  }
  case FieldRef::Bool: {
    auto *v = static_cast<bool *>(r.p);
    *v = !*v;
    break;
  }
  case FieldRef::Enum: {
    // Any byte value; mostly the valid range and the first invalid value.
    const int8_t v = rng() % 4 ? int8_t(rng() % uint64_t(r.enumMax + 2)) : int8_t(rng());
    std::memcpy(r.p, &v, 1);
    break;
  }
  }
}

inline void mutateVectors(ProgramSpec &s, std::mt19937_64 &rng) {
  switch (rng() % 4) {
  case 0: { // one placement block
    auto &pl = s.placement;
    if (pl.empty() || rng() % 4 == 0) {
      if (pl.empty()) pl.push_back({0, 0, 0, 0, 1, 0, 1});
      else pl.push_back(pl[rng() % pl.size()]); // a duplicate
      return;
    }
    const size_t i = rng() % pl.size();
    if (rng() % 5 == 0) {
      pl.erase(pl.begin() + long(i));
      return;
    }
    uint32_t *fields[] = {&pl[i].tile, &pl[i].tile_row, &pl[i].tile_col, &pl[i].pre_begin,
                          &pl[i].pre_count, &pl[i].post_begin, &pl[i].post_count};
    uint32_t &v = *fields[rng() % 7];
    const uint32_t other = *fields[rng() % 7];
    v = uint32_t(boundaryInt(v, other, 0xffffffffu, rng));
    return;
  }
  case 1: { // the crop mask
    auto &m = s.crop_mask;
    const uint64_t npix = uint64_t(s.image_width) * s.image_height;
    const unsigned op = unsigned(rng() % 4);
    if (op == 0 || m.empty()) {
      m.push_back(m.empty() || rng() % 2 ? uint32_t(rng() % (npix + 2)) : m[rng() % m.size()]);
    } else if (op == 1) {
      m.erase(m.begin() + long(rng() % m.size()));
    } else if (op == 2) {
      m[rng() % m.size()] = uint32_t(boundaryInt(m[0], npix, 0xffffffffu, rng));
    } else {
      m.clear();
    }
    return;
  }
  case 2: { // the conductance table
    auto &g = s.conductance_us;
    if (g.empty() || rng() % 4 == 0) g.push_back(g.empty() ? 1.f : g.back());
    else if (rng() % 3 == 0) g.pop_back();
    else {
      float &x = g[rng() % g.size()];
      x = float(boundaryReal(x, g[rng() % g.size()], rng));
    }
    return;
  }
  default: { // the network's size, with a placement that fits again
    const uint32_t sizes[] = {1, 2, 3, 7, 16, 33, 100, 500};
    if (rng() % 2) s.neurons = sizes[rng() % 8];
    else {
      s.crop_mask.clear();
      s.crop_pixels = sizes[rng() % 8];
      s.pre_size = s.crop_pixels;
    }
    const uint64_t rows = uint64_t(s.pre_size ? s.pre_size : s.crop_pixels) + s.has_bias;
    const uint32_t cpw = s.encoding == fb::CellEncoding::DigitalBits ? s.cells_per_weight : 1;
    if (rows * s.neurons <= (1u << 16) && cpw && s.chip.tile_cols / cpw > 0 && s.chip.tile_rows > 0 &&
        rows * s.neurons / (uint64_t(s.chip.tile_cols / cpw) * s.chip.tile_rows) < 4096) {
      s.placement.clear();
      s.placement = snnrt::testkit::autoPlacement(s);
    }
    return;
  }
  }
}

// One structure-aware mutation of data[0, size), in place; returns the new
// size, or 0 when the input is not a structurally valid program or the
// result would not fit maxSize.
inline size_t mutateProgram(uint8_t *data, size_t size, size_t maxSize, std::mt19937_64 &rng) {
  flatbuffers::Verifier v(data, size);
  if (size < 8 || !fb::ProgramBufferHasIdentifier(data) || !fb::VerifyProgramBuffer(v)) return 0;
  ProgramSpec s = specOf(*fb::GetProgram(data));
  const int rounds = 1 + int(rng() % 2);
  for (int i = 0; i < rounds; ++i) {
    if (rng() % 10 < 7) {
      std::vector<FieldRef> f = fieldsOf(s);
      mutateScalar(f, rng);
    } else {
      mutateVectors(s, rng);
    }
  }
  // An empty placement would make the builder place the network itself
  // (autoPlacement), for whatever sizes the spec now has.
  if (s.placement.empty()) s.placement.push_back({0, 0, 0, 0, 1, 0, 1});
  // Without a table the builder spreads `levels` conductances evenly: keep
  // that loop small.
  if (s.conductance_us.empty() && s.encoding != fb::CellEncoding::DigitalBits && s.levels > 4096)
    s.conductance_us.push_back(1.f);
  const std::vector<uint8_t> out = snnrt::testkit::buildProgram(s);
  if (out.size() > maxSize) return 0;
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

} // namespace snnfuzz
