cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k", write_drivers_per_tile = 0> {
}
