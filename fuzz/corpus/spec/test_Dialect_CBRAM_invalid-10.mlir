cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-512k", adc_bits = 0> {
}
