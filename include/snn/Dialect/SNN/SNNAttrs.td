//===- SNNAttrs.td - attributes of the snn dialect ---------*- tablegen -*-===//
//
// Structured attributes group the parameters of one model component. Every
// parameter has a default (MODEL.md's reconstruction), so a spec names only
// what it changes; the printer leaves defaults out.
//
//===----------------------------------------------------------------------===//
#ifndef SNN_DIALECT_SNN_SNNATTRS_TD
#define SNN_DIALECT_SNN_SNNATTRS_TD

include "mlir/IR/AttrTypeBase.td"
include "snn/Dialect/SNN/SNNDialect.td"
include "snn/Dialect/SNN/SNNEnums.td"

class SNN_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<SNN_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

// A real-valued parameter with a default. Stored as APFloat (which MLIR can
// hash and compare); read with the ordinary float syntax (a spec's reals are
// finite: `inf`/`nan` are refused), printed in the shortest form that reads
// back exactly ("0.5", not "5.000000e-01").
class F64Param<string default, string desc>
    : AttrParameter<"::llvm::APFloat", desc> {
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
  let parser = "::mlir::snn::parseFiniteReal($_parser)";
  let printer = "$_printer << ::mlir::snn::printableReal($_self.convertToDouble())";
  let defaultValue = "::llvm::APFloat(" # default # ")";
}

// A count parameter: an unsigned 32-bit integer; a negative or too large value
// is an error (it used to wrap: start = -1 became 4294967295).
class SNN_UIntParam<string default, string desc>
    : DefaultValuedParameter<"uint32_t", default, desc> {
  let parser = "::mlir::snn::parseUInt32($_parser)";
}

def SNN_PoissonAttr : SNN_Attr<"Poisson", "poisson"> {
  let summary = "Poisson rate coding of pixel intensities";
  let description = [{
    Pixel intensity `v` in [0, 255] becomes a Poisson spike train of rate
    `v / 255 * max_rate_hz`, simulated in steps of `dt_ms` for
    `presentation_ms` per image. An input counts as active
    (`x_i(t) = 1`) while it has spiked within the last `window_ms`.
  }];
  let parameters = (ins
    F64Param<"63.75", "rate of a fully white pixel, Hz">:$max_rate_hz,
    F64Param<"1.0", "simulation time step, ms">:$dt_ms,
    F64Param<"100.0", "presentation time per image, ms">:$presentation_ms,
    F64Param<"10.0", "window in which an input spike keeps x_i = 1, ms">:$window_ms);
}

def SNN_BayesianWTAAttr : SNN_Attr<"BayesianWTA", "bayesian_wta"> {
  let summary = "Bayesian winner-take-all neurons (Nessler et al. 2013)";
  let description = [{
    Membrane potential `u_k = b_k + sum_i w_ki x_i(t)`. The layer fires as a
    Poisson process of total rate `total_rate_hz`; each spike goes to neuron
    `k` with probability `softmax(u)_k`. `homeostasis` keeps a neuron from
    winning every image; `homeostasis_rate` is its strength.
  }];
  let parameters = (ins
    F64Param<"200.0", "total firing rate of the layer, Hz">:$total_rate_hz,
    DefaultValuedParameter<"::mlir::snn::Homeostasis",
        "::mlir::snn::Homeostasis::none", "homeostatic mechanism">:$homeostasis,
    F64Param<"0.0", "strength of the homeostatic term">:$homeostasis_rate);
}

def SNN_LIFAdaptiveAttr : SNN_Attr<"LIFAdaptive", "lif_adaptive"> {
  let summary = "LIF neurons with adaptive threshold and lateral inhibition";
  let description = [{
    Leaky integrate-and-fire neurons in the style of Diehl & Cook (2015):
    each input spike raises the membrane by `input_gain_mv * w`, the membrane
    leaks to `v_rest_mv` with `tau_membrane_ms`, a neuron crossing
    `v_thresh_mv + theta` spikes, resets to `v_reset_mv`, is refractory for
    `refractory_ms`, raises its own `theta` by `theta_plus_mv` (decaying with
    `tau_theta_ms`) and inhibits the others by `inhibition_mv`.
  }];
  let parameters = (ins
    F64Param<"-65.0", "resting potential, mV">:$v_rest_mv,
    F64Param<"-65.0", "reset potential, mV">:$v_reset_mv,
    F64Param<"-52.0", "base threshold, mV">:$v_thresh_mv,
    F64Param<"100.0", "membrane time constant, ms">:$tau_membrane_ms,
    F64Param<"5.0", "refractory period, ms">:$refractory_ms,
    F64Param<"0.05", "threshold increase per spike, mV">:$theta_plus_mv,
    F64Param<"10000000.0", "threshold decay time constant, ms">:$tau_theta_ms,
    F64Param<"17.0", "lateral inhibition per spike, mV">:$inhibition_mv,
    F64Param<"1.0", "membrane jump per unit weight and input spike, mV">:$input_gain_mv);
}


def SNN_SoftPruneAttr : SNN_Attr<"SoftPrune", "soft_prune"> {
  let summary = "soft-pruning: matured weights are frozen at a constant";
  let description = [{
    Shi et al. 2018. From `start` (images, or spikes of the neuron, by
    `trigger`) every `interval` images the controller ranks each neuron's
    weights by `criterion` and marks the lowest fraction pruned; the fraction
    ramps linearly from 0 to `target_fraction` over `ramp` images. A pruned
    weight is set to `value` (a low-energy device state), never written again,
    and still read: it keeps shaping the neuron's response. With the
    `adaptive` trigger (Guo et al. 2020) a neuron is pruned once its firing
    share changes by less than `tolerance` between controller steps.
    With `maturity = K > 0`, of the lowest-ranked weights a step would prune
    only those whose stored level read the same at the last `K + 1`
    controller steps (they have stopped learning) are pruned; the others wait
    for a later step. 0 prunes the lowest-ranked weights whatever they do.
  }];
  let parameters = (ins
    DefaultValuedParameter<"::mlir::snn::PruneTrigger",
        "::mlir::snn::PruneTrigger::images", "what starts pruning">:$trigger,
    DefaultValuedParameter<"::mlir::snn::PruneCriterion",
        "::mlir::snn::PruneCriterion::lowest_weight", "ranking">:$criterion,
    SNN_UIntParam<"0", "images or spikes before pruning">:$start,
    SNN_UIntParam<"0", "images to reach the target">:$ramp,
    SNN_UIntParam<"1000", "images between controller steps">:$interval,
    F64Param<"0.75", "fraction of each neuron's weights to prune">:$target_fraction,
    F64Param<"-1.0", "value held by a pruned weight">:$value,
    F64Param<"0.05", "adaptive trigger: relative change of firing share">:$tolerance,
    SNN_UIntParam<"0", "controller steps a weight's level must stay unchanged before it may be pruned (0: any weight)">:$maturity);
}

def SNN_ConventionalPruneAttr : SNN_Attr<"ConventionalPrune", "conventional_prune"> {
  let summary = "conventional pruning: matured weights are removed";
  let description = [{
    Same schedule and weight selection (`maturity`) as `#snn.soft_prune`, but
    a pruned weight becomes 0 and is excluded from reads and writes: it no
    longer contributes.
  }];
  let parameters = (ins
    DefaultValuedParameter<"::mlir::snn::PruneTrigger",
        "::mlir::snn::PruneTrigger::images", "what starts pruning">:$trigger,
    DefaultValuedParameter<"::mlir::snn::PruneCriterion",
        "::mlir::snn::PruneCriterion::lowest_weight", "ranking">:$criterion,
    SNN_UIntParam<"0", "images or spikes before pruning">:$start,
    SNN_UIntParam<"0", "images to reach the target">:$ramp,
    SNN_UIntParam<"1000", "images between controller steps">:$interval,
    F64Param<"0.4", "fraction of each neuron's weights to prune">:$target_fraction,
    F64Param<"0.05", "adaptive trigger: relative change of firing share">:$tolerance,
    SNN_UIntParam<"0", "controller steps a weight's level must stay unchanged before it may be pruned (0: any weight)">:$maturity);
}

#endif // SNN_DIALECT_SNN_SNNATTRS_TD
