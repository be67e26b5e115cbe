snn.network @n {
  snn.evaluate max_average_response {presentation = 300.0}
}
