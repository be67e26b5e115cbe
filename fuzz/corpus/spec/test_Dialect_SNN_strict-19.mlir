snn.network @n {
  snn.train mnist epochs 1 seed -3
}
