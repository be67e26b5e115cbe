cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k", assumed_fields = "num_tiles, clock"> {
}
