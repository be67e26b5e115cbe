cbram.program @p device #cbram.device<"pcm", colour = 3> chip #cbram.chip<"cbram-512k"> {
}
