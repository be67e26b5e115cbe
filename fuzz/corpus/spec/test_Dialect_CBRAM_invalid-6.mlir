cbram.program @p device #cbram.device<"pcm", stuck_at_set_rate = 1.5> chip #cbram.chip<"cbram-512k"> {
}
