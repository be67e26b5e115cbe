#include "snn/contract/ProgramIO.h"

namespace snn_contract {

#define SNN_READ_STR(name) card.name = t.name() ? t.name()->str() : std::string();
#define SNN_READ_UINT(name) card.name = t.name();
#define SNN_READ_REAL(name) card.name = double(t.name());
#define SNN_READ_BOOL(name) card.name = t.name();
#define SNN_READ(KIND, name, def, lo, hi, doc) SNN_READ_##KIND(name)

DeviceCard readDeviceCard(const fb::DeviceCard &t) {
  DeviceCard card;
#define SNN_DEVICE_FIELD SNN_READ
#include "snn/contract/CardFields.def"
  return card;
}
ChipCard readChipCard(const fb::Chip &t) {
  ChipCard card;
#define SNN_CHIP_FIELD SNN_READ
#include "snn/contract/CardFields.def"
  return card;
}
#undef SNN_READ

// Strings must be created before the table builder starts.
#define SNN_MAKE_STR(name) auto name##Off = fbb.CreateString(card.name);
#define SNN_MAKE(KIND, name, def, lo, hi, doc) SNN_MAKE_##KIND(name)
#define SNN_MAKE_UINT(name)
#define SNN_MAKE_REAL(name)
#define SNN_MAKE_BOOL(name)
#define SNN_ADD_STR(name) b.add_##name(name##Off);
#define SNN_ADD_UINT(name) b.add_##name(card.name);
#define SNN_ADD_REAL(name) b.add_##name(card.name);
#define SNN_ADD_BOOL(name) b.add_##name(card.name);
#define SNN_ADD(KIND, name, def, lo, hi, doc) SNN_ADD_##KIND(name)

flatbuffers::Offset<fb::DeviceCard> writeDeviceCard(flatbuffers::FlatBufferBuilder &fbb,
                                                    const DeviceCard &card) {
#define SNN_DEVICE_FIELD SNN_MAKE
#include "snn/contract/CardFields.def"
  fb::DeviceCardBuilder b(fbb);
#define SNN_DEVICE_FIELD SNN_ADD
#include "snn/contract/CardFields.def"
  return b.Finish();
}
flatbuffers::Offset<fb::Chip> writeChipCard(flatbuffers::FlatBufferBuilder &fbb,
                                            const ChipCard &card) {
#define SNN_CHIP_FIELD SNN_MAKE
#include "snn/contract/CardFields.def"
  fb::ChipBuilder b(fbb);
#define SNN_CHIP_FIELD SNN_ADD
#include "snn/contract/CardFields.def"
  return b.Finish();
}

} // namespace snn_contract
