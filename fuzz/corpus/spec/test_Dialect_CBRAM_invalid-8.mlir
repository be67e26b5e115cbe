cbram.program @p device #cbram.device<"cbram", read_energy_pj = 0.1> chip #cbram.chip<"cbram-512k"> {
}
