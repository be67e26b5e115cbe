cbram.program @p device #cbram.device<"pcn"> chip #cbram.chip<"cbram-512k"> {
}
