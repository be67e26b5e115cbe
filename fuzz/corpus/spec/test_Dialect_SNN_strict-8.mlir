snn.network @n {
  snn.evaluate max_average_response {test_image = 10}
}
