#include "snnrt/Tile.h"

namespace snnrt {

void Tile::save(CheckpointWriter &w) const {
  w.vec(state_);
  w.vec(writes_);
  w.vec(flags_);
}

void Tile::load(CheckpointReader &r, const std::string &field) {
  auto state = r.vec<uint16_t>(cells(), field + ".state");
  auto writes = r.vec<uint32_t>(cells(), field + ".writes");
  auto flags = r.vec<uint8_t>(cells(), field + ".flags");
  r.requireBelow(state, uint64_t(maxState_) + 1, field + ".state", "states per cell");
  for (size_t c = 0; c < flags.size(); ++c) {
    if (flags[c] & ~(kStuck | kWorn))
      r.fail(CheckpointReader::at(field + ".flags", c),
             CheckpointReader::show(flags[c]) + " has bits other than stuck (1) and worn (2)");
    if ((flags[c] & kWorn) && writes[c] == 0)
      r.fail(CheckpointReader::at(field + ".flags", c), "worn out without a single write");
  }
  state_ = std::move(state);
  writes_ = std::move(writes);
  flags_ = std::move(flags);
}

} // namespace snnrt
