//===- SNNOps.td - operations of the snn dialect -----------*- tablegen -*-===//
#ifndef SNN_DIALECT_SNN_SNNOPS_TD
#define SNN_DIALECT_SNN_SNNOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "snn/Dialect/SNN/SNNDialect.td"
include "snn/Dialect/SNN/SNNEnums.td"
include "snn/Dialect/SNN/SNNAttrs.td"
include "snn/Dialect/SNN/SNNTypes.td"


def SNN_NetworkOp : SNN_Op<"network", [
    Symbol, SymbolTable, IsolatedFromAbove, NoTerminator, SingleBlock,
    NoRegionArguments, RegionKindInterface]> {
  let summary = "a spiking network with its learning and evaluation setup";
  let description = [{
    Holds one network: exactly one `snn.input`, the populations and
    projections, the learning rules and pruning schedules attached to
    projections, one `snn.train` and at most one `snn.evaluate`. The body is a
    graph region: operations may appear in any order.

    ```mlir
    snn.network @tiny {
      %x = snn.input #snn.poisson<> image(28, 28) crop 64 : !snn.spikes<64>
      %y = snn.population #snn.bayesian_wta<> -> !snn.spikes<10>
      %w = snn.projection %x -> %y : !snn.spikes<64> -> !snn.spikes<10>
      snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<64, 10>
      snn.train mnist epochs 1
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name attr-dict-with-keyword $body";
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    static ::mlir::RegionKind getRegionKind(unsigned) {
      return ::mlir::RegionKind::Graph;
    }
    /// The single input encoder (valid after verification).
    InputOp getInput();
    /// The training setup (valid after verification).
    TrainOp getTrain();
    /// The evaluation setup, or null when the defaults apply.
    EvaluateOp getEvaluate();
  }];
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name)>];
}

def SNN_InputOp : SNN_Op<"input", [HasParent<"NetworkOp">]> {
  let summary = "image input, cropped and rate-encoded into spike trains";
  let description = [{
    Reads `width` x `height` images. Without `crop` or `mask` every pixel is an
    input channel. `crop K` keeps the `K` pixels of highest mean intensity over
    the training images (the mask is computed from data at run time);
    `mask [i, ...]` names the kept pixels explicitly (row-major indices). The
    result has one channel per kept pixel. State is reset between images
    unless `keep_state` is set.
  }];
  let arguments = (ins
    ConfinedAttr<I32Attr, [IntPositive]>:$width,
    ConfinedAttr<I32Attr, [IntPositive]>:$height,
    OptionalAttr<I32Attr>:$crop,
    OptionalAttr<DenseI32ArrayAttr>:$mask,
    SNN_PoissonAttr:$encoding,
    UnitAttr:$keep_state);
  let results = (outs SNN_SpikesType:$spikes);
  let assemblyFormat = [{
    qualified($encoding) `image` `(` $width `,` $height `)` (`crop` $crop^)?
    (`mask` $mask^)? (`keep_state` $keep_state^)? attr-dict `:` qualified(type($spikes))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Number of channels after cropping.
    uint32_t getNumChannels();
  }];
}

def SNN_PopulationOp : SNN_Op<"population", [HasParent<"NetworkOp">]> {
  let summary = "a population of spiking neurons";
  let description = [{
    `N` neurons (from the result type) of one neuron model:
    `#snn.bayesian_wta<...>` or `#snn.lif_adaptive<...>`.
  }];
  let arguments = (ins AnyAttrOf<[SNN_BayesianWTAAttr, SNN_LIFAdaptiveAttr]>:$model);
  let results = (outs SNN_SpikesType:$spikes);
  let assemblyFormat = "qualified($model) attr-dict `->` qualified(type($spikes))";
}

def SNN_ProjectionOp : SNN_Op<"projection", [HasParent<"NetworkOp">,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "all-to-all plastic connection from one group to a population";
  let description = [{
    Weights live in `[w_min, w_max]` and start from `init`
    (`uniform` in `[init_low, init_high]`, `constant` at `init_low`, or
    `dense`: the explicit values of `initial_weights`, a 2-D float elements
    attribute (dense or a dense resource) of shape
    `[pre + bias row, post]`, row-major, the bias row last, each within
    `[w_min, w_max]`; e.g. imported from NIR).
    With `bias` (the default) an always-active extra input row is added whose
    weights start in `[bias_low, bias_high]`.

    ```mlir
    %w = snn.projection %x -> %y init uniform {w_min = -1.0, w_max = 1.0}
        : !snn.spikes<397> -> !snn.spikes<500>
    ```
  }];
  let arguments = (ins
    SNN_SpikesType:$pre,
    SNN_SpikesType:$post,
    DefaultValuedAttr<SNN_InitKind, "::mlir::snn::InitKind::uniform">:$init,
    DefaultValuedAttr<F64Attr, "-1.0">:$w_min,
    DefaultValuedAttr<F64Attr, "1.0">:$w_max,
    DefaultValuedAttr<F64Attr, "-1.0">:$init_low,
    DefaultValuedAttr<F64Attr, "1.0">:$init_high,
    DefaultValuedAttr<BoolAttr, "true">:$bias,
    DefaultValuedAttr<F64Attr, "-1.0">:$bias_low,
    DefaultValuedAttr<F64Attr, "1.0">:$bias_high,
    OptionalAttr<ElementsAttr>:$initial_weights);
  let results = (outs SNN_SynapsesType:$synapses);
  let assemblyFormat = [{
    $pre `->` $post (`init` $init^)? attr-dict `:` qualified(type($pre)) `->` qualified(type($post))
  }];
  let hasVerifier = 1;
}

def SNN_StdpOp : SNN_Op<"stdp", [HasParent<"NetworkOp">]> {
  let summary = "spike-timing-dependent plasticity on a projection";
  let description = [{
    On each postsynaptic spike, every weight whose input spiked within
    `window_ms` before it is potentiated (LTP), every other weight is
    depressed (LTD); weights are clipped to the projection's range.
    `nessler_exp` LTP: `dw = eta_ltp * (ltp_c * exp(-w) - 1)`;
    `constant` LTD: `dw = -eta_ltd`. `learn_bias` makes the bias row learn as
    an always-active input. Both learning rates fall linearly over the whole
    training run to `anneal_to` times their initial value (1: constant).
  }];
  let arguments = (ins
    SNN_SynapsesType:$synapses,
    SNN_LtpForm:$ltp,
    SNN_LtdForm:$ltd,
    DefaultValuedAttr<F64Attr, "10.0">:$window_ms,
    DefaultValuedAttr<F64Attr, "0.01">:$eta_ltp,
    DefaultValuedAttr<F64Attr, "0.01">:$eta_ltd,
    DefaultValuedAttr<F64Attr, "2.718281828459045">:$ltp_c,
    DefaultValuedAttr<BoolAttr, "true">:$learn_bias,
    DefaultValuedAttr<F64Attr, "1.0">:$anneal_to);
  let assemblyFormat = [{
    $synapses `ltp` $ltp `ltd` $ltd attr-dict `:` qualified(type($synapses))
  }];
  let hasVerifier = 1;
}

def SNN_PruneOp : SNN_Op<"prune", [HasParent<"NetworkOp">]> {
  let summary = "a pruning schedule applied during training";
  let description = [{
    `#snn.soft_prune<...>` freezes matured weights at a constant;
    `#snn.conventional_prune<...>` removes them.
  }];
  let arguments = (ins
    SNN_SynapsesType:$synapses,
    AnyAttrOf<[SNN_SoftPruneAttr, SNN_ConventionalPruneAttr]>:$schedule);
  let assemblyFormat = "qualified($schedule) `on` $synapses attr-dict `:` qualified(type($synapses))";
  let hasVerifier = 1;
}

def SNN_TrainOp : SNN_Op<"train", [HasParent<"NetworkOp">]> {
  let summary = "unsupervised training setup";
  let description = [{
    Trains for `epochs` passes over the first `images` images of the training
    set (0: all of it), with every random choice drawn from `seed`.
  }];
  let arguments = (ins
    SNN_Dataset:$dataset,
    ConfinedAttr<I32Attr, [IntPositive]>:$epochs,
    DefaultValuedAttr<ConfinedAttr<I32Attr, [IntNonNegative]>, "0">:$images,
    DefaultValuedAttr<ConfinedAttr<I64Attr, [IntNonNegative]>, "1">:$seed);
  let assemblyFormat = [{
    $dataset `epochs` $epochs (`images` $images^)? (`seed` $seed^)? attr-dict
  }];
}

def SNN_EvaluateOp : SNN_Op<"evaluate", [HasParent<"NetworkOp">]> {
  let summary = "label assignment and test setup";
  let description = [{
    After training, weights are frozen; each output neuron is assigned a class
    from its responses to the first `assign_images` labelled training images
    (0: the images trained on) by `assignment`; then the first `test_images`
    test images (0: all) are classified by the class whose neurons spike
    most.

    The readout (assignment and test) presents images like training unless
    it declares its own presentation; each value left out is training's:

    - `presentation_ms`: time per image (training: the input's
      `#snn.poisson` `presentation_ms`); at least one time step, at most as
      many steps per image as training allows;
    - `max_rate_hz`: input rate of a white pixel (training: `#snn.poisson`
      `max_rate_hz`); `max_rate_hz * dt_ms` at most one spike per step;
    - `total_rate_hz`: output rate of the `#snn.bayesian_wta` layer
      (training: its `total_rate_hz`); refused for `#snn.lif_adaptive`
      populations, which fire from their potentials, not at a set rate.

    Training is unaffected: a longer or faster readout gives each test image
    more output spikes to vote with, at the cycles and energy of the longer
    presentation.

    ```mlir
    snn.evaluate max_average_response presentation_ms 350.0 total_rate_hz 400.0
    ```
  }];
  let arguments = (ins
    SNN_Assignment:$assignment,
    DefaultValuedAttr<ConfinedAttr<I32Attr, [IntNonNegative]>, "0">:$assign_images,
    DefaultValuedAttr<ConfinedAttr<I32Attr, [IntNonNegative]>, "0">:$test_images,
    OptionalAttr<F64Attr>:$presentation_ms,
    OptionalAttr<F64Attr>:$max_rate_hz,
    OptionalAttr<F64Attr>:$total_rate_hz);
  let assemblyFormat = [{
    $assignment (`assign_images` $assign_images^)? (`test_images` $test_images^)?
    (`presentation_ms` custom<Real>($presentation_ms)^)?
    (`max_rate_hz` custom<Real>($max_rate_hz)^)?
    (`total_rate_hz` custom<Real>($total_rate_hz)^)? attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The readout's rules that depend on the rest of the network (the
    /// input's time step, the population's model); run by the network.
    ::mlir::LogicalResult verifyReadout(InputOp input, ::mlir::Block &body);
  }];
}

#endif // SNN_DIALECT_SNN_SNNOPS_TD
