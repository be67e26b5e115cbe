cbram.program @p device #cbram.device<"pcm", set_pulse_ns = 1.0e30> chip #cbram.chip<"cbram-512k"> {
}
