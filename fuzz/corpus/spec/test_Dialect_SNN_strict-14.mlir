snn.network @n attributes {cbram.mapping = #cbram.mapping<bits = 8>} {
  snn.train mnist epochs 1
}
