// Benchmark-only: writes the paper's network (Shi et al. 2018 as reconstructed
// in MODEL.md: 397 inputs + bias, 500 Bayesian WTA neurons, 100 ms per image,
// 1 ms steps) as a .snnp program, using the test ProgramBuilder.
//   make_paper_program OUT.snnp [--prune soft|conventional|none] [--bits B]
#include "snnrt/testing/ProgramBuilder.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: make_paper_program OUT.snnp [--prune soft|conventional|none] [--bits B]\n");
    return 2;
  }
  snnrt::testkit::ProgramSpec s;
  s.name = "shi2018-paper";
  s.producer = "bench/make_paper_program";
  s.neurons = 500;
  s.crop_pixels = 397;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--bits") == 0) {
      s.bits_per_weight = unsigned(std::atoi(argv[i + 1]));
      s.levels = 1u << s.bits_per_weight;
    } else if (std::strcmp(argv[i], "--prune") == 0) {
      std::string m = argv[i + 1];
      if (m == "soft") s.prune_mode = snn::program::PruneMode::Soft;
      else if (m == "conventional") s.prune_mode = snn::program::PruneMode::Conventional;
      s.prune_target = 0.75f;
      s.prune_start = 1000;
      s.prune_ramp = 2000;
      s.prune_interval = 500;
    }
  }
  snnrt::testkit::writeProgramFile(s, argv[1]);
  return 0;
}
