//===- ProgramEmitter.cpp - cbram.program -> FlatBuffer program -----------===//
//
// Every table of the schema is filled from the cbram-level IR; defaults are
// written explicitly (ForceDefaults) so the file says everything it means.
// Before anything is written, the program is checked by the contract's
// verifier, the same one the runtime's loader runs: a program the runtime
// would reject is an error located on the op that holds the offending value.
//
//===----------------------------------------------------------------------===//
#include "snn/Target/Program.h"
#include "snn/Dialect/CBRAM/CBRAMOps.h"
#include "snn/Dialect/SNN/SNNOps.h"
#include "snn/Version.h"

#include "snn/contract/ProgramIO.h"
#include "snn/contract/Verify.h"
#include "snn/contract/Version.h"
#include "snn/schema/program_generated.h"

#include "mlir/IR/BuiltinOps.h"
#include <algorithm>

using namespace mlir;
using namespace mlir::cbram;
namespace fb = ::snn::program;

namespace {
double real(const llvm::APFloat &v) { return v.convertToDouble(); }

/// Finds the one cbram.program, or explains what is wrong with the input.
FailureOr<ProgramOp> findProgram(Operation *op) {
  if (auto program = dyn_cast<ProgramOp>(op))
    return program;
  SmallVector<ProgramOp> programs;
  Operation *network = nullptr;
  op->walk([&](Operation *nested) {
    if (auto program = dyn_cast<ProgramOp>(nested))
      programs.push_back(program);
    else if (isa<mlir::snn::NetworkOp>(nested) && !network)
      network = nested;
  });
  if (network)
    return network->emitError(
        "snn-translate --snn-to-program needs the cbram level, found an "
        "'snn.network'; run snn-opt --snn-to-cbram-pipeline first");
  if (programs.empty())
    return op->emitError("no 'cbram.program' to emit");
  if (programs.size() > 1)
    return programs[1].emitError("a program file holds one network; found a "
                                 "second 'cbram.program'")
               .attachNote(programs[0].getLoc())
           << "the first one";
  return programs.front();
}

/// The op that holds the value of a program field ("population.size" ->
/// cbram.neurons), so a contract violation points at the spec line behind it.
Operation *locate(ProgramOp program, StringRef field) {
  StringRef table = field.split('.').first.split('[').first;
  Operation *op = nullptr;
  if (field == "encoding.accumulation")
    op = program.getOperation(); // from the program's mapping
  else if (table == "encoding")
    op = program.getFirst<EncoderOp>();
  else if (table == "population")
    op = program.getFirst<NeuronsOp>();
  else if (table == "projection")
    op = program.getFirst<WeightsOp>();
  else if (table == "quantization")
    op = program.getFirst<QuantizeOp>();
  else if (table == "stdp")
    op = program.getFirst<StdpEngineOp>();
  else if (table == "pruning")
    op = program.getFirst<PruneControllerOp>();
  else if (table == "write_schedule")
    op = program.getFirst<WriteScheduleOp>();
  else if (table == "training")
    op = program.getFirst<cbram::TrainOp>();
  return op ? op : program.getOperation();
}

fb::NeuronModel toSchema(Attribute model) {
  return isa<mlir::snn::LIFAdaptiveAttr>(model) ? fb::NeuronModel::LIFAdaptive
                                                : fb::NeuronModel::BayesianWTA;
}
} // namespace

LogicalResult mlir::snn::emitProgram(Operation *op, llvm::raw_ostream &os) {
  FailureOr<ProgramOp> found = findProgram(op);
  if (failed(found))
    return failure();
  FailureOr<std::vector<uint8_t>> bytes = buildProgram(*found);
  if (failed(bytes))
    return failure();
  os.write(reinterpret_cast<const char *>(bytes->data()), bytes->size());
  return success();
}

FailureOr<std::vector<uint8_t>> mlir::snn::buildProgram(cbram::ProgramOp program) {
  auto encoder = program.getFirst<EncoderOp>();
  auto neurons = program.getFirst<NeuronsOp>();
  auto weights = program.getFirst<WeightsOp>();
  auto stdp = program.getFirst<StdpEngineOp>();
  auto train = program.getFirst<cbram::TrainOp>();
  auto quantize = program.getFirst<QuantizeOp>();
  auto prune = program.getFirst<PruneControllerOp>();
  auto schedule = program.getFirst<WriteScheduleOp>();
  auto tiles = program.getBodyBlock()->getOps<TileOp>();
  if (!quantize || tiles.empty() || !schedule)
    return program.emitError("program @")
           << program.getSymName() << " is not "
           << (!quantize ? "quantized" : tiles.empty() ? "placed" : "scheduled")
           << "; run snn-opt --snn-to-cbram-pipeline (or snn-cbram-quantize, "
              "snn-cbram-place and snn-cbram-schedule-writes) first";

  flatbuffers::FlatBufferBuilder fbb(1 << 14);
  fbb.ForceDefaults(true);

  // Hardware.
  auto deviceOff =
      ::snn_contract::writeDeviceCard(fbb, program.getDevice().getCard());
  auto chipOff = ::snn_contract::writeChipCard(fbb, program.getChip().getCard());

  std::vector<float> conductances;
  for (double g : quantize.getConductanceUs())
    conductances.push_back(float(g));
  auto conductanceOff = fbb.CreateVector(conductances);
  fb::QuantizationBuilder quant(fbb);
  quant.add_encoding(quantize.getEncoding() == CellEncoding::multi_level
                         ? fb::CellEncoding::MultiLevel
                         : fb::CellEncoding::DigitalBits);
  quant.add_cells_per_weight(quantize.getCellsPerWeight());
  quant.add_conductance_us(conductanceOff);
  quant.add_levels(quantize.getLevels());
  quant.add_w_min(real(weights.getWMin()));
  quant.add_w_max(real(weights.getWMax()));
  quant.add_rounding(quantize.getRounding() == Rounding::nearest
                         ? fb::Rounding::Nearest
                         : fb::Rounding::Stochastic);
  quant.add_pruned_level(quantize.getPrunedLevel());
  auto quantOff = quant.Finish();

  // Network.
  flatbuffers::Offset<flatbuffers::Vector<uint32_t>> maskOff;
  if (auto mask = encoder.getMask()) {
    std::vector<uint32_t> pixels(mask->begin(), mask->end());
    maskOff = fbb.CreateVector(pixels);
  }
  mlir::snn::PoissonAttr poisson = encoder.getEncoding();
  fb::EncodingBuilder enc(fbb);
  enc.add_image_width(encoder.getWidth());
  enc.add_image_height(encoder.getHeight());
  enc.add_crop_pixels(encoder.getNumChannels());
  if (!maskOff.IsNull())
    enc.add_crop_mask(maskOff);
  enc.add_max_rate_hz(real(poisson.getMaxRateHz()));
  enc.add_dt_ms(real(poisson.getDtMs()));
  enc.add_presentation_ms(real(poisson.getPresentationMs()));
  enc.add_input_window_ms(real(poisson.getWindowMs()));
  enc.add_reset_between_images(!encoder.getKeepState());
  enc.add_accumulation(fb::Accumulation(int(program.getMapping().getAccumulation())));
  auto encOff = enc.Finish();

  fb::PopulationBuilder pop(fbb);
  pop.add_model(toSchema(neurons.getModel()));
  pop.add_size(neurons.getCount());
  if (auto wta = dyn_cast<mlir::snn::BayesianWTAAttr>(neurons.getModel())) {
    pop.add_total_rate_hz(real(wta.getTotalRateHz()));
    pop.add_homeostasis(fb::Homeostasis(int(wta.getHomeostasis())));
    pop.add_homeostasis_rate(real(wta.getHomeostasisRate()));
  } else if (auto lif =
                 dyn_cast<mlir::snn::LIFAdaptiveAttr>(neurons.getModel())) {
    pop.add_v_rest_mv(real(lif.getVRestMv()));
    pop.add_v_reset_mv(real(lif.getVResetMv()));
    pop.add_v_thresh_mv(real(lif.getVThreshMv()));
    pop.add_tau_membrane_ms(real(lif.getTauMembraneMs()));
    pop.add_refractory_ms(real(lif.getRefractoryMs()));
    pop.add_theta_plus_mv(real(lif.getThetaPlusMv()));
    pop.add_tau_theta_ms(real(lif.getTauThetaMs()));
    pop.add_inhibition_mv(real(lif.getInhibitionMv()));
    pop.add_input_gain_mv(real(lif.getInputGainMv()));
  }
  auto popOff = pop.Finish();

  flatbuffers::Offset<flatbuffers::Vector<float>> initOff;
  if (auto w = weights.getInitialWeights()) {
    FailureOr<SmallVector<double>> values = mlir::snn::readInitialWeights(*w);
    if (failed(values))
      return weights.emitOpError("'initial_weights' has no readable values");
    std::vector<float> f(values->begin(), values->end());
    initOff = fbb.CreateVector(f);
  }
  fb::ProjectionBuilder proj(fbb);
  proj.add_pre_size(weights.getPreSize());
  proj.add_post_size(weights.getPostSize());
  proj.add_has_bias(weights.getHasBias());
  proj.add_init(weights.getInit() == mlir::snn::InitKind::constant ? fb::InitKind::Constant
                : weights.getInit() == mlir::snn::InitKind::dense  ? fb::InitKind::Dense
                                                                    : fb::InitKind::Uniform);
  if (!initOff.IsNull()) proj.add_initial_weights(initOff);
  proj.add_init_low(real(weights.getInitLow()));
  proj.add_init_high(real(weights.getInitHigh()));
  proj.add_bias_init_low(weights.getBiasLow() ? weights.getBiasLow()->convertToDouble() : 0.0);
  proj.add_bias_init_high(weights.getBiasHigh() ? weights.getBiasHigh()->convertToDouble() : 0.0);
  auto projOff = proj.Finish();

  fb::StdpBuilder rule(fbb);
  rule.add_window_ms(real(stdp.getWindowMs()));
  rule.add_ltp(stdp.getLtp() == mlir::snn::LtpForm::constant
                   ? fb::LtpForm::Constant
                   : fb::LtpForm::NesslerExp);
  rule.add_ltd(stdp.getLtd() == mlir::snn::LtdForm::nessler_exp
                   ? fb::LtdForm::NesslerExp
                   : fb::LtdForm::Constant);
  rule.add_eta_ltp(real(stdp.getEtaLtp()));
  rule.add_eta_ltd(real(stdp.getEtaLtd()));
  rule.add_ltp_c(real(stdp.getLtpC()));
  rule.add_learn_bias(stdp.getLearnBias());
  rule.add_anneal_to(real(stdp.getAnnealTo()));
  auto stdpOff = rule.Finish();

  fb::PruningBuilder pruning(fbb);
  auto addSchedule = [&](auto sched) {
    pruning.add_trigger(fb::PruneTrigger(int(sched.getTrigger())));
    pruning.add_criterion(fb::PruneCriterion(int(sched.getCriterion())));
    pruning.add_start(sched.getStart());
    pruning.add_ramp(sched.getRamp());
    pruning.add_interval(sched.getInterval());
    pruning.add_target_fraction(real(sched.getTargetFraction()));
    pruning.add_adaptive_tolerance(real(sched.getTolerance()));
    pruning.add_maturity(sched.getMaturity());
  };
  if (!prune) {
    pruning.add_mode(fb::PruneMode::None);
  } else if (auto soft =
                 dyn_cast<mlir::snn::SoftPruneAttr>(prune.getSchedule())) {
    pruning.add_mode(fb::PruneMode::Soft);
    addSchedule(soft);
    // The value pruned cells really hold: the level it was mapped to.
    pruning.add_value(quantize.getValues()[quantize.getPrunedLevel()]);
  } else {
    auto conv = cast<mlir::snn::ConventionalPruneAttr>(prune.getSchedule());
    pruning.add_mode(fb::PruneMode::Conventional);
    addSchedule(conv);
    pruning.add_value(0.0f);
  }
  auto pruningOff = pruning.Finish();

  fb::WriteScheduleBuilder writes(fbb);
  writes.add_skip_unchanged(schedule.getSkipUnchanged());
  writes.add_skip_pruned(schedule.getSkipPruned());
  writes.add_order(schedule.getOrder() == WriteOrder::wear_leveling
                       ? fb::WriteOrder::WearLeveling
                       : fb::WriteOrder::RowOrder);
  writes.add_batch_size(schedule.getBatch());
  writes.add_rotation_period(schedule.getRotationPeriod());
  auto writesOff = writes.Finish();

  fb::TrainingBuilder training(fbb);
  training.add_dataset(train.getDataset() == mlir::snn::Dataset::fashion_mnist
                           ? fb::Dataset::FashionMNIST
                           : fb::Dataset::MNIST);
  training.add_epochs(train.getEpochs());
  training.add_train_limit(train.getImages());
  training.add_test_limit(train.getTestImages());
  training.add_assign_limit(train.getAssignImages());
  training.add_seed(uint64_t(train.getSeed()));
  training.add_assignment(train.getAssignment() ==
                                  mlir::snn::Assignment::max_total_spikes
                              ? fb::Assignment::MaxTotalSpikes
                              : fb::Assignment::MaxAverageResponse);
  training.add_readout_presentation_ms(real(train.getReadoutPresentationMs()));
  training.add_readout_max_rate_hz(real(train.getReadoutMaxRateHz()));
  training.add_readout_total_rate_hz(real(train.getReadoutTotalRateHz()));
  auto trainingOff = training.Finish();

  std::vector<flatbuffers::Offset<fb::WeightBlock>> blocks;
  for (TileOp tile : tiles)
    for (BlockOp block : tile.getBodyBlock()->getOps<BlockOp>())
      blocks.push_back(fb::CreateWeightBlock(
          fbb, tile.getIndex(), block.getRow(), block.getCol(),
          block.getPreBegin(), block.getPreCount(), block.getPostBegin(),
          block.getPostCount()));
  auto placementOff = fbb.CreateVector(blocks);

  // Provenance: the spec, the compiler, and every option that changed the
  // spec's experiment.
  std::vector<flatbuffers::Offset<fb::Override>> overrides;
  if (ArrayAttr list = program.getOverridesAttr())
    for (Attribute a : list) {
      auto o = cast<OverrideAttr>(a);
      overrides.push_back(fb::CreateOverrideDirect(fbb, o.getKey().str().c_str(),
                                                   o.getSpecValue().str().c_str(),
                                                   o.getValue().str().c_str()));
    }
  std::string compiler = std::string("snn-translate ") + SNN_VERSION;
  auto provenanceOff = fb::CreateProvenanceDirect(
      fbb, program.getSymName().str().c_str(),
      program.getSpecDigest() ? program.getSpecDigest()->str().c_str() : "",
      compiler.c_str(), SNN_GIT_HASH, &overrides);

  auto name = fbb.CreateString(program.getSymName().str());
  auto producer = fbb.CreateString(compiler);
  fb::ProgramBuilder root(fbb);
  root.add_format_version(::snn_contract::kFormatVersion);
  root.add_name(name);
  root.add_producer(producer);
  root.add_device(deviceOff);
  root.add_chip(chipOff);
  root.add_quantization(quantOff);
  root.add_encoding(encOff);
  root.add_population(popOff);
  root.add_projection(projOff);
  root.add_stdp(stdpOff);
  root.add_pruning(pruningOff);
  root.add_write_schedule(writesOff);
  root.add_training(trainingOff);
  root.add_placement(placementOff);
  root.add_provenance(provenanceOff);
  fb::FinishProgramBuffer(fbb, root.Finish());

  // The runtime's rules, before anything is written.
  if (std::optional<::snn_contract::Violation> v = ::snn_contract::verifyProgram(
          *fb::GetProgram(fbb.GetBufferPointer())))
    return locate(program, v->field)->emitError("the runtime would reject this program: field '")
           << v->field << "' " << v->message;

  return std::vector<uint8_t>(fbb.GetBufferPointer(),
                              fbb.GetBufferPointer() + fbb.GetSize());
}
