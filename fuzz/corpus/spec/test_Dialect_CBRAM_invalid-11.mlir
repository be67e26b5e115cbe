cbram.program @p device #cbram.device<"pcm", nonlinearity = 1.5> chip #cbram.chip<"cbram-512k"> {
}
