cbram.program @p device #cbram.device<"pcm"> chip #cbram.chip<"cbram-1g"> {
}
