cbram.program @p device #cbram.device<"quantum-foam"> chip #cbram.chip<"cbram-512k"> {
}
