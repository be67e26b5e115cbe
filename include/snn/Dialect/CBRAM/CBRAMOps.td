//===- CBRAMOps.td - operations of the cbram dialect -------*- tablegen -*-===//
#ifndef SNN_DIALECT_CBRAM_CBRAMOPS_TD
#define SNN_DIALECT_CBRAM_CBRAMOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "snn/Dialect/SNN/SNNAttrs.td"
include "snn/Dialect/SNN/SNNEnums.td"
include "snn/Dialect/CBRAM/CBRAMDialect.td"
include "snn/Dialect/CBRAM/CBRAMEnums.td"
include "snn/Dialect/CBRAM/CBRAMAttrs.td"
include "snn/Dialect/CBRAM/CBRAMTypes.td"

//===----------------------------------------------------------------------===//
// The program (the chip it runs on)
//===----------------------------------------------------------------------===//

def CBRAM_ProgramOp : CBRAM_Op<"program", [
    Symbol, IsolatedFromAbove, NoTerminator, SingleBlock, NoRegionArguments,
    RegionKindInterface]> {
  let summary = "a network mapped onto one chip of one memory technology";
  let description = [{
    Everything the runtime needs to train and test one network on one chip.
    `snn-to-cbram` creates it from an `snn.network` with the encoder, the
    neurons, the weight matrix, the STDP engine, the pruning controller and
    the training setup; `snn-cbram-quantize` adds the quantized storage,
    `snn-cbram-place` the tiles and weight blocks, and
    `snn-cbram-schedule-writes` the write schedule, each as `mapping` (the
    spec's `cbram.mapping`, after pipeline overrides) says. `overrides`
    lists the options that changed the spec's experiment and `spec_digest`
    the SHA-256 of the spec's canonical text; both travel into the emitted
    program. `snn-translate --snn-to-program` emits a complete program as a
    FlatBuffer.

    ```mlir
    cbram.program @tiny device #cbram.device<"subquantum-cbram">
                        chip #cbram.chip<"cbram-512k"> {
      cbram.encoder #snn.poisson<> image(28, 28) crop 64
      %w = cbram.weights init uniform [-1.0, 1.0] bias [-1.0, 1.0]
               range [-1.0, 1.0] : !cbram.matrix<65, 20>
      cbram.neurons 20 #snn.bayesian_wta<> units 20
      cbram.stdp_engine %w ltp nessler_exp ltd constant : !cbram.matrix<65, 20>
      cbram.train mnist epochs 1 images 300 seed 1 assignment max_average_response
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, CBRAM_DeviceAttr:$device,
                       CBRAM_ChipAttr:$chip,
                       DefaultValuedAttr<CBRAM_MappingAttr, "defaults">:$mapping,
                       OptionalAttr<TypedArrayAttrBase<CBRAM_OverrideAttr,
                           "pipeline options that overrode the spec">>:$overrides,
                       OptionalAttr<StrAttr>:$spec_digest);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name `device` qualified($device) `chip` qualified($chip)
    (`mapping` qualified($mapping)^)? (`overrides` $overrides^)?
    attr-dict-with-keyword $body
  }];
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name,
      "DeviceAttr":$device, "ChipAttr":$chip, "MappingAttr":$mapping)>];
  let extraClassDeclaration = [{
    static ::mlir::RegionKind getRegionKind(unsigned) {
      return ::mlir::RegionKind::Graph;
    }
    ::mlir::Block *getBodyBlock() { return &getBody().front(); }
    /// The first op of a kind in the body, or null.
    template <typename OpT> OpT getFirst() {
      auto range = getBodyBlock()->getOps<OpT>();
      return range.empty() ? OpT() : *range.begin();
    }
  }];
}

def CBRAM_TileOp : CBRAM_Op<"tile", [HasParent<"ProgramOp">, NoTerminator,
    SingleBlock, NoRegionArguments]> {
  let summary = "one memory array of the chip and the weight blocks on it";
  let description = [{
    Tile `index` of the chip (`tile_rows` x `tile_cols` cells). Its body
    holds the `cbram.block`s placed on it; they must fit the tile and must
    not overlap.
  }];
  let arguments = (ins ConfinedAttr<I32Attr, [IntNonNegative]>:$index);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$index attr-dict-with-keyword $body";
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "uint32_t":$index)>];
  let extraClassDeclaration = [{
    ::mlir::Block *getBodyBlock() { return &getBody().front(); }
  }];
}

def CBRAM_BlockOp : CBRAM_Op<"block", [HasParent<"TileOp">]> {
  let summary = "a rectangle of the weight matrix placed on a tile";
  let description = [{
    Matrix rows `[pre_begin, pre_begin + pre_count)` (inputs; the bias is the
    last row) and columns `[post_begin, post_begin + post_count)` (neurons)
    stored at tile rows `[row, row + pre_count)` and tile columns
    `[col, col + post_count * cells_per_weight)`. `cells [lo, hi)` is the
    slice of each weight's cells held here: all of them (`[0,
    cells_per_weight)`) unless a weight's cells are split across blocks.

    ```mlir
    cbram.block %w rows [0, 398) cols [0, 1024) pre [0, 398) post [0, 256)
        cells [0, 4) : !cbram.matrix<398, 500>
    ```
  }];
  let arguments = (ins CBRAM_MatrixType:$matrix,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$row,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$row_end,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$col,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$col_end,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$pre_begin,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$pre_end,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$post_begin,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$post_end,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$cell_begin,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$cell_end);
  let assemblyFormat = [{
    $matrix `rows` ` ` `[` $row `,` $row_end `)` `cols` ` ` `[` $col `,` $col_end `)`
    `pre` ` ` `[` $pre_begin `,` $pre_end `)` `post` ` ` `[` $post_begin `,` $post_end `)`
    `cells` ` ` `[` $cell_begin `,` $cell_end `)` attr-dict `:` qualified(type($matrix))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    uint32_t getPreCount() { return getPreEnd() - getPreBegin(); }
    uint32_t getPostCount() { return getPostEnd() - getPostBegin(); }
    uint32_t getCellCount() { return getCellEnd() - getCellBegin(); }
    uint32_t getTileIndex();
  }];
}

//===----------------------------------------------------------------------===//
// Network on the chip
//===----------------------------------------------------------------------===//

def CBRAM_EncoderOp : CBRAM_Op<"encoder", [HasParent<"ProgramOp">]> {
  let summary = "the input encoder: image crop and Poisson rate coding";
  let description = [{
    Same meaning as `snn.input`: `crop K` keeps the `K` pixels of highest
    mean training intensity, `mask [...]` names them, neither keeps all.
  }];
  let arguments = (ins
    ConfinedAttr<I32Attr, [IntPositive]>:$width,
    ConfinedAttr<I32Attr, [IntPositive]>:$height,
    OptionalAttr<I32Attr>:$crop,
    OptionalAttr<DenseI32ArrayAttr>:$mask,
    SNN_PoissonAttr:$encoding,
    UnitAttr:$keep_state);
  let assemblyFormat = [{
    qualified($encoding) `image` `(` $width `,` $height `)` (`crop` $crop^)?
    (`mask` $mask^)? (`keep_state` $keep_state^)? attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Number of input channels after cropping.
    uint32_t getNumChannels();
  }];
}

def CBRAM_NeuronsOp : CBRAM_Op<"neurons", [HasParent<"ProgramOp">]> {
  let summary = "the output population on the chip's neuron units";
  let description = [{
    `count` neurons of one model, updated `units` at a time by the chip's
    neuron units (`units` <= the chip's `neuron_units`).
  }];
  let arguments = (ins ConfinedAttr<I32Attr, [IntPositive]>:$count,
    AnyAttrOf<[SNN_BayesianWTAAttr, SNN_LIFAdaptiveAttr]>:$model,
    ConfinedAttr<I32Attr, [IntPositive]>:$units);
  let assemblyFormat = "$count qualified($model) `units` $units attr-dict";
}

def CBRAM_WeightsOp : CBRAM_Op<"weights", [HasParent<"ProgramOp">]> {
  let summary = "the plastic weight matrix (inputs + bias row x neurons)";
  let description = [{
    The matrix the arrays store. Weights live in `range [w_min, w_max]` and
    start from `init` (uniform in `[init_low, init_high]` or constant at
    `init_low`); with `bias [lo, hi]` the last row is an always-active bias
    input initialised uniformly in `[lo, hi]`. `init dense` takes every
    initial value from `initial_weights` (rows x cols, row-major).
  }];
  let arguments = (ins SNN_InitKind:$init,
    F64Attr:$init_low, F64Attr:$init_high,
    OptionalAttr<F64Attr>:$bias_low, OptionalAttr<F64Attr>:$bias_high,
    F64Attr:$w_min, F64Attr:$w_max,
    OptionalAttr<ElementsAttr>:$initial_weights);
  let results = (outs CBRAM_MatrixType:$matrix);
  let assemblyFormat = [{
    `init` $init custom<Range>($init_low, $init_high)
    custom<Bias>($bias_low, $bias_high)
    `range` custom<Range>($w_min, $w_max) attr-dict `:` qualified(type($matrix))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    bool getHasBias() { return getBiasLow().has_value(); }
    /// Presynaptic inputs, without the bias row.
    uint32_t getPreSize() {
      return getMatrix().getType().getRows() - (getHasBias() ? 1 : 0);
    }
    uint32_t getPostSize() { return getMatrix().getType().getCols(); }
  }];
}

def CBRAM_QuantizeOp : CBRAM_Op<"quantize", [HasParent<"ProgramOp">]> {
  let summary = "quantized storage of the weights in device states";
  let description = [{
    Weights take `levels` values evenly spaced over the weight range
    (`values`, level 0 first). `digital`: a weight is a word of
    `cells_per_weight` binary cells (level `k` = binary `k`, 0 = every cell
    in its lowest conductance state), whose two states have the
    conductances `conductance_us` (the card's g_min and g_max);
    `multi_level`: a weight is one multi-level cell whose state `k` has
    conductance `conductance_us[k]`. Level 0 is the lowest-energy state
    (least read current). Updates are rounded to a level by `rounding`;
    soft-pruned weights are stored as `pruned_level`. The conductances
    travel into the program, where the runtime checks them against the card.

    ```mlir
    cbram.quantize %w digital cells_per_weight 4 levels 16 rounding stochastic
        pruned_level 0 values [-1.0, ..., 1.0] conductance_us [0.5, 50.0]
        : !cbram.matrix<65, 20>
    ```
  }];
  let arguments = (ins CBRAM_MatrixType:$matrix,
    CBRAM_CellEncoding:$encoding,
    ConfinedAttr<I32Attr, [IntPositive]>:$cells_per_weight,
    ConfinedAttr<I32Attr, [IntMinValue<2>]>:$levels,
    CBRAM_Rounding:$rounding,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$pruned_level,
    DenseF64ArrayAttr:$values,
    DenseF64ArrayAttr:$conductance_us);
  let assemblyFormat = [{
    $matrix $encoding `cells_per_weight` $cells_per_weight `levels` $levels
    `rounding` $rounding `pruned_level` $pruned_level
    `values` custom<RealList>($values)
    `conductance_us` custom<RealList>($conductance_us) attr-dict `:` qualified(type($matrix))
  }];
  let hasVerifier = 1;
}

def CBRAM_StdpEngineOp : CBRAM_Op<"stdp_engine", [HasParent<"ProgramOp">]> {
  let summary = "the on-chip STDP engine that updates one weight matrix";
  let description = [{
    On each output spike, the spiking neuron's column is updated: LTP for
    inputs active within `window_ms`, LTD for the others (same rule and
    constants as `snn.stdp`).
  }];
  let arguments = (ins CBRAM_MatrixType:$matrix,
    SNN_LtpForm:$ltp, SNN_LtdForm:$ltd,
    F64Attr:$window_ms, F64Attr:$eta_ltp, F64Attr:$eta_ltd, F64Attr:$ltp_c,
    BoolAttr:$learn_bias, F64Attr:$anneal_to);
  let assemblyFormat = [{
    $matrix `ltp` $ltp `ltd` $ltd `window_ms` custom<Real>($window_ms)
    `eta_ltp` custom<Real>($eta_ltp) `eta_ltd` custom<Real>($eta_ltd)
    `ltp_c` custom<Real>($ltp_c) `learn_bias` $learn_bias
    `anneal_to` custom<Real>($anneal_to) attr-dict
    `:` qualified(type($matrix))
  }];
}

def CBRAM_PruneControllerOp : CBRAM_Op<"prune_controller",
    [HasParent<"ProgramOp">]> {
  let summary = "the controller that prunes matured weights during training";
  let description = [{
    Runs a `#snn.soft_prune` or `#snn.conventional_prune` schedule on the
    weight matrix. Without this op nothing is pruned.
  }];
  let arguments = (ins CBRAM_MatrixType:$matrix,
    AnyAttrOf<[SNN_SoftPruneAttr, SNN_ConventionalPruneAttr]>:$schedule);
  let assemblyFormat = [{
    qualified($schedule) `on` $matrix attr-dict `:` qualified(type($matrix))
  }];
}

def CBRAM_WriteScheduleOp : CBRAM_Op<"write_schedule", [HasParent<"ProgramOp">,
    NoTerminator, SingleBlock, NoRegionArguments]> {
  let summary = "how STDP updates become write batches";
  let description = [{
    A column update writes at most `batch` cells of one tile at a time
    (`batch` <= the chip's `write_drivers_per_tile`); tiles write in
    parallel. `skip_unchanged` issues no pulse for a cell whose quantized
    state would not change, `skip_pruned` never writes pruned cells, and
    `order` is `row` (bit b of a weight word always in cell b) or
    `wear_leveling`: the bit-to-cell map of every word rotates by one cell
    each `rotate_every` training images, adopted when the word is next
    written, so the frequent low-order bit flips spread over all cells of the
    word. The body lists, per tile, the worst-case write work of one
    column update (`cbram.tile_writes`).
  }];
  let arguments = (ins CBRAM_MatrixType:$matrix,
    ConfinedAttr<I32Attr, [IntPositive]>:$batch,
    CBRAM_WriteOrder:$order,
    DefaultValuedAttr<ConfinedAttr<I32Attr, [IntNonNegative]>, "0">:$rotation_period,
    UnitAttr:$skip_unchanged, UnitAttr:$skip_pruned);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $matrix `batch` $batch `order` $order (`rotate_every` $rotation_period^)?
    (`skip_unchanged` $skip_unchanged^)?
    (`skip_pruned` $skip_pruned^)? `:` qualified(type($matrix))
    attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
}

def CBRAM_TileWritesOp : CBRAM_Op<"tile_writes",
    [HasParent<"WriteScheduleOp">]> {
  let summary = "the worst-case write work of one column update on a tile";
  let description = [{
    Tile `tile` holds cells of `neurons` neurons; one neuron's column update
    writes at most `cells` cells there, in `batches` batches of at most the
    schedule's `batch` cells.
  }];
  let arguments = (ins ConfinedAttr<I32Attr, [IntNonNegative]>:$tile,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$neurons,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$cells,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$batches);
  let assemblyFormat = [{
    `tile` $tile `neurons` $neurons `cells` $cells `batches` $batches attr-dict
  }];
}

def CBRAM_TrainOp : CBRAM_Op<"train", [HasParent<"ProgramOp">]> {
  let summary = "training and evaluation setup";
  let description = [{
    Train for `epochs` passes over the first `images` training images
    (0: all), seeded by `seed`; then assign classes from `assign_images`
    labelled images (0: the images trained on) by `assignment` and test on
    the first `test_images` test images (0: all). Assignment and test present
    images for `readout_presentation_ms` at `readout_max_rate_hz`, the WTA
    layer firing at `readout_total_rate_hz` (each 0: as in training; from
    `snn.evaluate`).
  }];
  let arguments = (ins SNN_Dataset:$dataset,
    ConfinedAttr<I32Attr, [IntPositive]>:$epochs,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$images,
    ConfinedAttr<I64Attr, [IntNonNegative]>:$seed, SNN_Assignment:$assignment,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$assign_images,
    ConfinedAttr<I32Attr, [IntNonNegative]>:$test_images,
    DefaultValuedAttr<F64Attr, "0.0">:$readout_presentation_ms,
    DefaultValuedAttr<F64Attr, "0.0">:$readout_max_rate_hz,
    DefaultValuedAttr<F64Attr, "0.0">:$readout_total_rate_hz);
  let assemblyFormat = [{
    $dataset `epochs` $epochs `images` $images `seed` $seed
    `assignment` $assignment `assign_images` $assign_images
    `test_images` $test_images
    (`readout_presentation_ms` custom<Real>($readout_presentation_ms)^)?
    (`readout_max_rate_hz` custom<Real>($readout_max_rate_hz)^)?
    (`readout_total_rate_hz` custom<Real>($readout_total_rate_hz)^)? attr-dict
  }];
}

#endif // SNN_DIALECT_CBRAM_CBRAMOPS_TD
