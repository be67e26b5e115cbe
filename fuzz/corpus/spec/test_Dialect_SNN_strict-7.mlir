snn.network @n {
  snn.train mnist epochs 1 {seeds = 3}
}
