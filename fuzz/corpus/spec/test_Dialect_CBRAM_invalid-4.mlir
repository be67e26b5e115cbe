cbram.program @p device #cbram.device<levels = 4> chip #cbram.chip<"cbram-512k"> {
}
