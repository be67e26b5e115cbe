#include "snnrt/ModelExport.h"
#include "snnrt/Error.h"
#include "snnrt/Model.h"

namespace snnrt {

bool readModelWeights(const std::string &path, ModelWeights &out, std::string &error) noexcept {
  try {
    TrainedModel m = readModelFile(path, defaultMemoryBudget());
    Simulator sim(*m.program, m.mask, m.seed);
    applyModel(sim, m, true);
    const fb::Program &p = m.program->root();
    auto prov = p.provenance();
    out.specName = prov->spec_name() ? prov->spec_name()->str() : "";
    out.specDigest = prov->spec_digest() ? prov->spec_digest()->str() : "";
    out.inputs = p.projection()->pre_size();
    out.neurons = p.population()->size();
    out.rows = m.rows;
    out.hasBias = p.projection()->has_bias();
    out.weights = m.weights;
    out.pruned = m.pruned;
    out.assignment = m.assignment;
    out.mask = m.mask;
    out.theta = m.theta;
    return true;
  } catch (const std::exception &e) {
    error = e.what();
    return false;
  }
}

} // namespace snnrt
