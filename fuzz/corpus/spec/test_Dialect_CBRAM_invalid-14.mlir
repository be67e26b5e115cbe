cbram.program @p device #cbram.device<"pcm", level = 4> chip #cbram.chip<"cbram-512k"> {
}
