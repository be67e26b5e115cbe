snn.network @n attributes {nir.version = "1.0"} {
  snn.train mnist epochs 1
}
