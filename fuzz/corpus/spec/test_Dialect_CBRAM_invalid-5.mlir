cbram.program @p device #cbram.device<"pcm", levels = 1> chip #cbram.chip<"cbram-512k"> {
}
