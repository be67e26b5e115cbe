snn.network @n {
  snn.train imagenet epochs 1
}
