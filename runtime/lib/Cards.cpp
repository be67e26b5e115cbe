#include "snnrt/Cards.h"

#include <stdexcept>

namespace snnrt {

const std::vector<DeviceCardValues> &deviceCards() {
  static const std::vector<DeviceCardValues> cards = {
#define SNN_DEVICE_CARD(id, tech, levels, gmin, gmax, rd, st, rs, vf, sns, rns, rdns, \
                        verify, nl, c2c, d2d, endu, ss, sr, leak, src)                \
  {id, tech, levels, gmin, gmax, rd, st, rs, vf, sns, rns, rdns, verify, nl, c2c, d2d, \
   endu, ss, sr, leak, src},
#include "snn/schema/DeviceCards.def"
  };
  return cards;
}

const std::vector<ChipValues> &chipCards() {
  static const std::vector<ChipValues> chips = {
#define SNN_CHIP(id, clk, tiles, rows, cols, adc, drivers, units, nuc, nupj, rc, rpj, cc, \
                 cpj, rngpj, src)                                                         \
  {id, clk, tiles, rows, cols, adc, drivers, units, nuc, nupj, rc, rpj, cc, cpj, rngpj, src},
#include "snn/schema/DeviceCards.def"
  };
  return chips;
}

const DeviceCardValues &deviceCard(const std::string &name) {
  for (const auto &c : deviceCards())
    if (c.name == name) return c;
  throw std::out_of_range("unknown device card '" + name + "'");
}

const ChipValues &chipCard(const std::string &name) {
  for (const auto &c : chipCards())
    if (c.name == name) return c;
  throw std::out_of_range("unknown chip card '" + name + "'");
}

} // namespace snnrt
