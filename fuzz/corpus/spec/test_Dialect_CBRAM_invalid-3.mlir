cbram.program @p device #cbram.device<"pcm", levels = 4, levels = 8> chip #cbram.chip<"cbram-512k"> {
}
