// Cards between their plain structs and the program's FlatBuffers tables.
#pragma once
#include "snn/contract/Cards.h"
#include "snn/schema/program_generated.h"

namespace snn_contract {

namespace fb = ::snn::program;

DeviceCard readDeviceCard(const fb::DeviceCard &table);
ChipCard readChipCard(const fb::Chip &table);
flatbuffers::Offset<fb::DeviceCard> writeDeviceCard(flatbuffers::FlatBufferBuilder &fbb,
                                                    const DeviceCard &card);
flatbuffers::Offset<fb::Chip> writeChipCard(flatbuffers::FlatBufferBuilder &fbb,
                                            const ChipCard &card);

} // namespace snn_contract
