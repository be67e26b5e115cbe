//===- NIR.cpp - NIR graphs in and out of the snn dialect -----------------===//
//
// --import-nir: a NIR file (HDF5, the layout of NIR 1.0's nir.write) whose
// graph is Input -> Affine|Linear -> [LIF|IF] -> Output becomes an
// snn.network with the weights as the projection's initial values.
// --export-nir: an snn.network spec (with trained weights from a saved model,
// --nir-model) becomes such a graph. What NIR has no node for (the input
// encoding, learning rule, pruning schedule, training setup, target) travels
// as graph metadata `snn_cbram.*`: each op's attribute dictionary as text.
// docs/nir.md describes the mapping.
//
//===----------------------------------------------------------------------===//
#include "snn/Target/NIR.h"
#include "snn/Dialect/CBRAM/CBRAMDialect.h"
#include "snn/Dialect/SNN/SNNDialect.h"
#include "snn/Dialect/SNN/SNNOps.h"
#include "snnrt/ModelExport.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/SourceMgr.h"

#include <hdf5.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

using namespace mlir;
using namespace mlir::snn;

namespace {

constexpr const char *kNirVersion = "1.0.0";
constexpr const char *kMetaPrefix = "snn_cbram.";

llvm::cl::opt<std::string> nirModel(
    "nir-model",
    llvm::cl::desc("with --export-nir: a model saved by snn-run --save-model whose "
                   "trained weights are exported (its program must come from this spec)"),
    llvm::cl::value_desc("file"), llvm::cl::init(""));

//===----------------------------------------------------------------------===//
// HDF5 helpers (C API; errors are returned, never printed by the library)
//===----------------------------------------------------------------------===//

struct Hid {
  hid_t id = -1;
  herr_t (*close)(hid_t) = nullptr;
  Hid() = default;
  Hid(hid_t i, herr_t (*c)(hid_t)) : id(i), close(c) {}
  Hid(const Hid &) = delete;
  Hid &operator=(const Hid &) = delete;
  Hid(Hid &&o) : id(o.id), close(o.close) { o.id = -1; }
  Hid &operator=(Hid &&o) {
    std::swap(id, o.id);
    std::swap(close, o.close);
    return *this;
  }
  ~Hid() {
    if (id >= 0 && close) close(id);
  }
  operator hid_t() const { return id; }
  bool ok() const { return id >= 0; }
};

bool exists(hid_t loc, const std::string &name) {
  return H5Lexists(loc, name.c_str(), H5P_DEFAULT) > 0;
}
bool isGroup(hid_t loc, const std::string &name) {
  H5O_info_t info;
  if (H5Oget_info_by_name(loc, name.c_str(), &info, H5P_DEFAULT) < 0) return false;
  return info.type == H5O_TYPE_GROUP;
}

std::vector<std::string> linkNames(hid_t group) {
  std::vector<std::string> names;
  H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
             [](hid_t, const char *name, const H5L_info_t *, void *data) -> herr_t {
               static_cast<std::vector<std::string> *>(data)->push_back(name);
               return 0;
             },
             &names);
  return names;
}

// Strings of a string dataset (any shape; variable or fixed length).
std::optional<std::vector<std::string>> readStringsOf(hid_t d) {
  Hid ft(H5Dget_type(d), H5Tclose), sp(H5Dget_space(d), H5Sclose);
  if (!ft.ok() || !sp.ok() || H5Tget_class(ft) != H5T_STRING) return std::nullopt;
  hssize_t n = H5Sget_simple_extent_npoints(sp);
  if (n < 0) return std::nullopt;
  std::vector<std::string> out;
  if (H5Tis_variable_str(ft) > 0) {
    Hid mt(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mt, H5T_VARIABLE);
    H5Tset_cset(mt, H5Tget_cset(ft));
    std::vector<char *> p(size_t(n), nullptr);
    if (H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data()) < 0) return std::nullopt;
    for (char *s : p) out.push_back(s ? s : "");
    H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, p.data());
  } else {
    size_t size = H5Tget_size(ft);
    Hid mt(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mt, size);
    H5Tset_strpad(mt, H5T_STR_NULLPAD);
    std::vector<char> buf(size * size_t(n) + 1, 0);
    if (H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0) return std::nullopt;
    for (hssize_t i = 0; i < n; ++i) {
      const char *s = buf.data() + size * size_t(i);
      out.emplace_back(s, strnlen(s, size));
    }
  }
  return out;
}

std::optional<std::vector<std::string>> readStrings(hid_t loc, const std::string &name) {
  if (!exists(loc, name)) return std::nullopt;
  Hid d(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!d.ok()) return std::nullopt;
  return readStringsOf(d);
}

std::optional<std::string> readString(hid_t loc, const std::string &name) {
  auto v = readStrings(loc, name);
  if (!v || v->size() != 1) return std::nullopt;
  return v->front();
}

struct Array {
  std::vector<int64_t> shape; // empty: scalar
  std::vector<double> values;
  int64_t count() const { return int64_t(values.size()); }
};

// A numeric dataset, converted to double. nullopt: missing or not numeric.
std::optional<Array> readNumbers(hid_t loc, const std::string &name) {
  if (!exists(loc, name) || isGroup(loc, name)) return std::nullopt;
  Hid d(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!d.ok()) return std::nullopt;
  Hid ft(H5Dget_type(d), H5Tclose), sp(H5Dget_space(d), H5Sclose);
  H5T_class_t c = H5Tget_class(ft);
  if (c != H5T_FLOAT && c != H5T_INTEGER) return std::nullopt;
  int rank = H5Sget_simple_extent_ndims(sp);
  if (rank < 0 || rank > 8) return std::nullopt;
  hsize_t dims[8];
  H5Sget_simple_extent_dims(sp, dims, nullptr);
  Array a;
  for (int i = 0; i < rank; ++i) a.shape.push_back(int64_t(dims[i]));
  hssize_t n = H5Sget_simple_extent_npoints(sp);
  a.values.resize(size_t(n));
  if (n > 0 && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.values.data()) < 0)
    return std::nullopt;
  return a;
}

void writeString(hid_t loc, const std::string &name, const std::string &value) {
  Hid t(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  Hid sp(H5Screate(H5S_SCALAR), H5Sclose);
  Hid d(H5Dcreate2(loc, name.c_str(), t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
  const char *p = value.c_str();
  H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &p);
}

void writeStrings2(hid_t loc, const std::string &name,
                   const std::vector<std::pair<std::string, std::string>> &rows) {
  Hid t(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  hsize_t dims[2] = {rows.size(), 2};
  Hid sp(H5Screate_simple(2, dims, nullptr), H5Sclose);
  Hid d(H5Dcreate2(loc, name.c_str(), t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
  std::vector<const char *> p;
  for (auto &r : rows) {
    p.push_back(r.first.c_str());
    p.push_back(r.second.c_str());
  }
  H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data());
}

template <class T>
void writeArray(hid_t loc, const std::string &name, const std::vector<T> &v,
                std::vector<hsize_t> dims) {
  hid_t mem, file;
  if constexpr (std::is_same_v<T, float>) mem = H5T_NATIVE_FLOAT, file = H5T_IEEE_F32LE;
  else if constexpr (std::is_same_v<T, int64_t>) mem = H5T_NATIVE_INT64, file = H5T_STD_I64LE;
  else if constexpr (std::is_same_v<T, int8_t>) mem = H5T_NATIVE_INT8, file = H5T_STD_I8LE;
  else mem = H5T_NATIVE_UINT8, file = H5T_STD_U8LE;
  Hid sp(H5Screate_simple(int(dims.size()), dims.data(), nullptr), H5Sclose);
  Hid d(H5Dcreate2(loc, name.c_str(), file, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
  H5Dwrite(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
}

Hid makeGroup(hid_t loc, const std::string &name) {
  return Hid(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
}

// The shortest decimal that reads back as the same float (NIR parameters
// are float32), always with a '.' or exponent so that MLIR reads a real.
std::string fmt(double v) {
  const float f = float(v);
  std::string s;
  for (int p = 1; p <= 9; ++p) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.*g", p, double(f));
    s = buf;
    if (std::strtof(buf, nullptr) == f) break;
  }
  if (s.find('.') == std::string::npos) {
    size_t e = s.find_first_of("eE");
    s.insert(e == std::string::npos ? s.size() : e, ".0");
  }
  return s;
}

std::string printAttr(Attribute a) {
  std::string s;
  llvm::raw_string_ostream os(s);
  a.print(os);
  return os.str();
}

// An f32 tensor as an exact hex dense attribute.
std::string denseHex(const std::vector<float> &v, int64_t rows, int64_t cols) {
  std::string hex = llvm::toHex(
      StringRef(reinterpret_cast<const char *>(v.data()), v.size() * sizeof(float)));
  return "dense<\"0x" + hex + "\"> : tensor<" + std::to_string(rows) + "x" + std::to_string(cols) +
         "xf32>";
}

//===----------------------------------------------------------------------===//
// Import
//===----------------------------------------------------------------------===//

struct NirNode {
  std::string name, type;
  Hid group;
};

class Importer {
public:
  Importer(MLIRContext *ctx, std::string file) : ctx_(ctx), file_(std::move(file)) {
    loc_ = FileLineColLoc::get(ctx, file_, 0, 0);
  }

  OwningOpRef<Operation *> run(llvm::StringRef bytes);

private:
  // A located error naming the node.
  InFlightDiagnostic nodeError(const NirNode &n) {
    return emitError(loc_) << "NIR node '" << n.name << "' (" << n.type << "): ";
  }
  InFlightDiagnostic error() { return emitError(loc_); }
  Location nodeLoc(const std::string &name) {
    return NameLoc::get(StringAttr::get(ctx_, "nir node '" + name + "'"), loc_);
  }
  // A metadata dictionary `snn_cbram.<key>` (an op's attributes as text).
  FailureOr<NamedAttrList> metaDict(const std::string &key);
  // One value for the whole population (NIR gives one per neuron).
  FailureOr<double> uniform(const NirNode &n, const char *param, int64_t count,
                            std::optional<double> dflt = std::nullopt);

  MLIRContext *ctx_;
  std::string file_;
  Location loc_ = UnknownLoc::get(ctx_);
  std::map<std::string, std::string> meta_;
};

FailureOr<NamedAttrList> Importer::metaDict(const std::string &key) {
  NamedAttrList list;
  auto it = meta_.find(key);
  if (it == meta_.end()) return list;
  Attribute a = parseAttribute(it->second, ctx_);
  auto dict = dyn_cast_or_null<DictionaryAttr>(a);
  if (!dict) {
    error() << "metadata '" << kMetaPrefix << key << "' is not an attribute dictionary: "
            << it->second;
    return failure();
  }
  list.append(dict.getValue());
  return list;
}

FailureOr<double> Importer::uniform(const NirNode &n, const char *param, int64_t count,
                                    std::optional<double> dflt) {
  auto a = readNumbers(n.group, param);
  if (!a) {
    if (dflt) return *dflt;
    nodeError(n) << "missing numeric parameter '" << param << "'";
    return failure();
  }
  if (a->count() != 1 && a->count() != count) {
    nodeError(n) << "parameter '" << param << "' has " << a->count() << " values for " << count
                 << " neurons";
    return failure();
  }
  double lo = *std::min_element(a->values.begin(), a->values.end());
  double hi = *std::max_element(a->values.begin(), a->values.end());
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    nodeError(n) << "parameter '" << param << "' is not finite";
    return failure();
  }
  if (lo != hi) {
    nodeError(n) << "parameter '" << param << "' varies across neurons (" << fmt(lo) << " .. "
                 << fmt(hi) << "); an snn population has one value for all its neurons";
    return failure();
  }
  return lo;
}

OwningOpRef<Operation *> Importer::run(llvm::StringRef bytes) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Hid fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_core(fapl, 1 << 16, 0);
  H5Pset_file_image(fapl, const_cast<char *>(bytes.data()), bytes.size());
  // The core driver opens the image in memory; the name must not be an
  // existing file.
  Hid f(H5Fopen("\x01snn-nir-import-image", H5F_ACC_RDONLY, fapl), H5Fclose);
  if (!f.ok()) {
    error() << "not an HDF5 file (a NIR file is HDF5)";
    return nullptr;
  }
  // Version: a root dataset (nir.write) or attribute; this follows NIR 1.0.
  std::optional<std::string> version = readString(f, "version");
  if (!version && H5Aexists(f, "version") > 0) {
    Hid a(H5Aopen(f, "version", H5P_DEFAULT), H5Aclose);
    Hid t(H5Aget_type(a), H5Tclose);
    if (H5Tis_variable_str(t) > 0) {
      char *s = nullptr;
      Hid mt(H5Tcopy(H5T_C_S1), H5Tclose);
      H5Tset_size(mt, H5T_VARIABLE);
      if (H5Aread(a, mt, &s) >= 0 && s) version = std::string(s);
      H5free_memory(s);
    }
  }
  if (version && !version->empty() && (*version)[0] != '0' && (*version)[0] != '1') {
    error() << "NIR version '" << *version << "' is not supported (this importer follows NIR 1.0)";
    return nullptr;
  }
  if (!exists(f, "node") || !isGroup(f, "node")) {
    error() << "no 'node' group: not a NIR graph file";
    return nullptr;
  }
  Hid g(H5Gopen2(f, "node", H5P_DEFAULT), H5Gclose);
  std::optional<std::string> gtype = readString(g, "type");
  if (gtype && *gtype != "NIRGraph") {
    error() << "the root node is a '" << *gtype << "', not a NIRGraph";
    return nullptr;
  }
  if (!exists(g, "nodes") || !isGroup(g, "nodes")) {
    error() << "the graph has no 'nodes' group";
    return nullptr;
  }
  // Graph metadata: our namespaced keys.
  if (exists(g, "metadata") && isGroup(g, "metadata")) {
    Hid m(H5Gopen2(g, "metadata", H5P_DEFAULT), H5Gclose);
    for (const std::string &k : linkNames(m))
      if (StringRef(k).starts_with(kMetaPrefix))
        if (auto s = readString(m, k)) meta_[k.substr(strlen(kMetaPrefix))] = *s;
  }

  // Nodes.
  Hid nodesG(H5Gopen2(g, "nodes", H5P_DEFAULT), H5Gclose);
  std::map<std::string, NirNode> nodes;
  for (const std::string &name : linkNames(nodesG)) {
    NirNode n;
    n.name = name;
    if (!isGroup(nodesG, name)) {
      error() << "NIR node '" << name << "' is not a group";
      return nullptr;
    }
    n.group = Hid(H5Gopen2(nodesG, name.c_str(), H5P_DEFAULT), H5Gclose);
    std::optional<std::string> t = readString(n.group, "type");
    if (!t) {
      error() << "NIR node '" << name << "' has no 'type' string";
      return nullptr;
    }
    n.type = *t;
    nodes.emplace(name, std::move(n));
  }

  // Edges: an (E, 2) string dataset (nir.write), or edges/src + edges/dst.
  std::vector<std::pair<std::string, std::string>> edges;
  if (!exists(g, "edges")) {
    error() << "the graph has no 'edges'";
    return nullptr;
  }
  if (isGroup(g, "edges")) {
    Hid e(H5Gopen2(g, "edges", H5P_DEFAULT), H5Gclose);
    auto src = readStrings(e, "src"), dst = readStrings(e, "dst");
    if (!src || !dst || src->size() != dst->size()) {
      error() << "'edges/src' and 'edges/dst' must be string datasets of equal length";
      return nullptr;
    }
    for (size_t i = 0; i < src->size(); ++i) edges.emplace_back((*src)[i], (*dst)[i]);
  } else {
    auto s = readStrings(g, "edges");
    if (!s || s->size() % 2 != 0) {
      error() << "'edges' must be an (E, 2) string dataset";
      return nullptr;
    }
    for (size_t i = 0; i < s->size(); i += 2) edges.emplace_back((*s)[i], (*s)[i + 1]);
  }
  std::map<std::string, std::vector<std::string>> succ, pred;
  for (auto &[a, b] : edges) {
    for (const std::string *end : {&a, &b})
      if (!nodes.count(*end)) {
        error() << "edge '" << a << "' -> '" << b << "': no node named '" << *end << "'";
        return nullptr;
      }
    succ[a].push_back(b);
    pred[b].push_back(a);
  }

  // Supported node types, and the one chain they must form.
  static const std::set<std::string> kSupported = {"Input", "Affine", "Linear", "LIF", "IF",
                                                   "Output"};
  std::vector<std::string> inputs, outputs;
  for (auto &[name, n] : nodes) {
    if (!kSupported.count(n.type)) {
      nodeError(n) << "has no counterpart in the snn dialect; supported: Input -> Affine | "
                      "Linear -> [LIF | IF] -> Output";
      return nullptr;
    }
    if (n.type == "Input") inputs.push_back(name);
    if (n.type == "Output") outputs.push_back(name);
  }
  if (inputs.size() != 1 || outputs.size() != 1) {
    error() << "the graph needs exactly one Input and one Output node, it has " << inputs.size()
            << " and " << outputs.size();
    return nullptr;
  }
  std::vector<std::string> chain = {inputs[0]};
  std::set<std::string> seen = {inputs[0]};
  while (nodes.at(chain.back()).type != "Output") {
    const NirNode &cur = nodes.at(chain.back());
    auto &next = succ[cur.name];
    if (next.size() != 1) {
      nodeError(cur) << "feeds " << next.size()
                     << " nodes; only a chain Input -> Affine | Linear -> [LIF | IF] -> Output maps";
      return nullptr;
    }
    if (seen.count(next[0])) {
      nodeError(nodes.at(next[0])) << "is part of a cycle; only a feed-forward chain maps";
      return nullptr;
    }
    if (pred[next[0]].size() != 1) {
      nodeError(nodes.at(next[0])) << "has " << pred[next[0]].size()
                                   << " inputs; only a chain maps";
      return nullptr;
    }
    chain.push_back(next[0]);
    seen.insert(next[0]);
  }
  for (auto &[name, n] : nodes)
    if (!seen.count(name)) {
      nodeError(n) << "is not on the chain from Input '" << inputs[0] << "' to Output '"
                   << outputs[0] << "'";
      return nullptr;
    }
  // Input, one weight layer, at most one neuron layer, Output.
  const NirNode &in = nodes.at(chain[0]);
  if (chain.size() < 3 || (nodes.at(chain[1]).type != "Affine" && nodes.at(chain[1]).type != "Linear")) {
    const NirNode &n = nodes.at(chain[std::min<size_t>(1, chain.size() - 1)]);
    nodeError(n) << "follows the Input; an Affine or Linear weight layer must";
    return nullptr;
  }
  const NirNode &proj = nodes.at(chain[1]);
  const NirNode *neuron = nullptr;
  if (chain.size() == 4) {
    neuron = &nodes.at(chain[2]);
    if (neuron->type != "LIF" && neuron->type != "IF") {
      nodeError(*neuron) << "follows a weight layer; only LIF or IF neurons map (one plastic layer)";
      return nullptr;
    }
  } else if (chain.size() > 4) {
    const NirNode &third = nodes.at(chain[2]);
    if (third.type != "LIF" && third.type != "IF")
      nodeError(third) << "follows a weight layer; only LIF or IF neurons map (one plastic layer)";
    else
      nodeError(nodes.at(chain[3])) << "is beyond the one plastic layer that maps (Input -> "
                                       "Affine | Linear -> [LIF | IF] -> Output)";
    return nullptr;
  }
  const NirNode &out = nodes.at(chain.back());

  // Shapes.
  auto inShape = readNumbers(in.group, "shape");
  if (!inShape || inShape->values.empty()) {
    nodeError(in) << "needs an integer 'shape'";
    return nullptr;
  }
  int64_t P = 1;
  for (double d : inShape->values) P *= int64_t(d);
  auto W = readNumbers(proj.group, "weight");
  if (!W || W->shape.size() != 2) {
    nodeError(proj) << "needs a 2-D 'weight' (neurons x inputs)";
    return nullptr;
  }
  const int64_t N = W->shape[0];
  if (W->shape[1] != P || N <= 0) {
    nodeError(proj) << "weight is " << W->shape[0] << "x" << W->shape[1] << " but Input '"
                    << in.name << "' has " << P << " channels";
    return nullptr;
  }
  std::vector<double> bias;
  if (proj.type == "Affine") {
    auto b = readNumbers(proj.group, "bias");
    if (!b || b->count() != N) {
      nodeError(proj) << "needs a 'bias' of " << N << " values";
      return nullptr;
    }
    bias = b->values;
  }
  if (auto os = readNumbers(out.group, "shape")) {
    int64_t n = 1;
    for (double d : os->values) n *= int64_t(d);
    if (!os->values.empty() && n != N) {
      nodeError(out) << "shape has " << n << " elements but the layer has " << N << " neurons";
      return nullptr;
    }
  }
  for (double v : W->values)
    if (!std::isfinite(v)) {
      nodeError(proj) << "weight holds a non-finite value";
      return nullptr;
    }

  // The snn ops, each from its metadata dictionary (if any) and the graph.
  auto inputAttrs = metaDict("input"), popAttrs = metaDict("population"),
       projAttrs = metaDict("projection"), stdpAttrs = metaDict("stdp"),
       pruneAttrs = metaDict("prune"), trainAttrs = metaDict("train"),
       evalAttrs = metaDict("evaluate"), netAttrs = metaDict("network_attributes");
  for (auto *r : {&inputAttrs, &popAttrs, &projAttrs, &stdpAttrs, &pruneAttrs, &trainAttrs,
                  &evalAttrs, &netAttrs})
    if (failed(*r)) return nullptr;
  Builder b(ctx_);

  // Input: metadata (image, crop or mask, encoding) or the shape.
  NamedAttrList input = *inputAttrs;
  if (input.empty()) {
    int64_t w = 0, h = 0;
    const auto &s = inShape->values;
    if (s.size() == 1) {
      w = h = int64_t(std::llround(std::sqrt(double(P))));
      if (w * h != P) {
        nodeError(in) << "shape [" << P << "] is not a square image; give a 2-D shape [H, W] or "
                         "snn_cbram.input metadata";
        return nullptr;
      }
    } else if (s.size() == 2 || (s.size() == 3 && s[0] == 1)) {
      h = int64_t(s[s.size() - 2]);
      w = int64_t(s[s.size() - 1]);
    } else {
      nodeError(in) << "shape of rank " << s.size() << " does not map to a grey image";
      return nullptr;
    }
    input.set("width", b.getI32IntegerAttr(int32_t(w)));
    input.set("height", b.getI32IntegerAttr(int32_t(h)));
    input.set("encoding", parseAttribute("#snn.poisson<>", ctx_));
  }
  // Population: LIF/IF parameters from the node, the rest from metadata.
  NamedAttrList pop = *popAttrs;
  Attribute model = pop.get("model");
  if (neuron) {
    if (model && !isa<LIFAdaptiveAttr>(model)) {
      nodeError(*neuron) << "is spiking neurons but snn_cbram.population says " << model;
      return nullptr;
    }
    auto lif = dyn_cast_or_null<LIFAdaptiveAttr>(model);
    // What NIR's LIF lacks comes from the metadata's model, else it is off
    // (a plain LIF: no refractory period, adaptation or inhibition).
    auto get = [&](double d, APFloat (LIFAdaptiveAttr::*m)() const) {
      return lif ? (lif.*m)().convertToDouble() : d;
    };
    bool isIF = neuron->type == "IF";
    auto tau = isIF ? FailureOr<double>(1e6) : uniform(*neuron, "tau", N);
    if (succeeded(tau)) tau = double(float(*tau) * 1000.0f) / 1000.0; // seconds -> ms below
    auto r = uniform(*neuron, "r", N);
    auto vleak = isIF ? FailureOr<double>(0) : uniform(*neuron, "v_leak", N);
    auto vth = uniform(*neuron, "v_threshold", N);
    auto vreset = uniform(*neuron, "v_reset", N, 0.0);
    if (failed(tau) || failed(r) || failed(vleak) || failed(vth) || failed(vreset)) return nullptr;
    if (isIF) vleak = *vreset;
    // NIR times are seconds; an IF neuron never leaks (tau 10^6 s).
    std::string text =
        "#snn.lif_adaptive<v_rest_mv = " + fmt(*vleak) + ", v_reset_mv = " + fmt(*vreset) +
        ", v_thresh_mv = " + fmt(*vth) + ", tau_membrane_ms = " + fmt(double(float(*tau * 1000.0))) +
        ", refractory_ms = " + fmt(get(0, &LIFAdaptiveAttr::getRefractoryMs)) +
        ", theta_plus_mv = " + fmt(get(0, &LIFAdaptiveAttr::getThetaPlusMv)) +
        ", tau_theta_ms = " + fmt(get(1e7, &LIFAdaptiveAttr::getTauThetaMs)) +
        ", inhibition_mv = " + fmt(get(0, &LIFAdaptiveAttr::getInhibitionMv)) +
        ", input_gain_mv = " + fmt(*r) + ">";
    model = parseAttribute(text, ctx_);
    if (!model) {
      nodeError(*neuron) << "parameters do not form an snn.lif_adaptive model: " << text;
      return nullptr;
    }
  } else if (!model) {
    // Affine -> Output: the layer's output is the membrane potential u of
    // a Bayesian winner-take-all population (it has no NIR node).
    model = parseAttribute("#snn.bayesian_wta<>", ctx_);
  } else if (!isa<BayesianWTAAttr>(model)) {
    nodeError(out) << "is fed by the weight layer directly, which maps to a Bayesian WTA "
                      "population, but snn_cbram.population says "
                   << model;
    return nullptr;
  }
  pop.set("model", model);

  // Projection: weights (NIR: neurons x inputs) -> rows x neurons with the
  // bias row last. LIF neurons take no bias row: a non-zero bias is refused.
  NamedAttrList pa = *projAttrs;
  bool hasBias = proj.type == "Affine";
  if (hasBias && neuron) {
    for (int64_t k = 0; k < N; ++k)
      if (bias[size_t(k)] != 0) {
        nodeError(proj) << "has a non-zero bias (" << fmt(bias[size_t(k)]) << " for neuron " << k
                        << ") but LIF neurons take no bias row; use Linear";
        return nullptr;
      }
    hasBias = false;
  }
  const int64_t R = P + (hasBias ? 1 : 0);
  std::vector<float> init(size_t(R * N));
  double wlo = 0, whi = 0;
  for (int64_t k = 0; k < N; ++k)
    for (int64_t i = 0; i < P; ++i) init[size_t(i * N + k)] = float(W->values[size_t(k * P + i)]);
  if (hasBias)
    for (int64_t k = 0; k < N; ++k) init[size_t(P * N + k)] = float(bias[size_t(k)]);
  for (float v : init) wlo = std::min(wlo, double(v)), whi = std::max(whi, double(v));
  if (!pa.get("w_min") && !pa.get("w_max")) {
    pa.set("w_min", b.getF64FloatAttr(std::min(-1.0, wlo)));
    pa.set("w_max", b.getF64FloatAttr(std::max(1.0, whi)));
  } else {
    auto lo = dyn_cast_or_null<FloatAttr>(pa.get("w_min"));
    auto hi = dyn_cast_or_null<FloatAttr>(pa.get("w_max"));
    double l = lo ? lo.getValueAsDouble() : -1, h = hi ? hi.getValueAsDouble() : 1;
    if (wlo < l || whi > h) {
      nodeError(proj) << "weights span [" << fmt(wlo) << ", " << fmt(whi)
                      << "], outside the weight range [" << fmt(l) << ", " << fmt(h)
                      << "] of snn_cbram.projection";
      return nullptr;
    }
  }
  pa.set("bias", b.getBoolAttr(hasBias));
  pa.set("init", b.getI32IntegerAttr(int32_t(InitKind::dense)));
  pa.erase("initial_weights");
  std::string projText = printAttr(pa.getDictionary(ctx_));
  projText.insert(projText.size() - 1, ", initial_weights = " + denseHex(init, R, N));

  NamedAttrList stdp = *stdpAttrs;
  if (stdp.empty()) {
    stdp.set("ltp", b.getI32IntegerAttr(int32_t(LtpForm::nessler_exp)));
    stdp.set("ltd", b.getI32IntegerAttr(int32_t(LtdForm::constant)));
  }
  NamedAttrList train = *trainAttrs;
  if (train.empty()) train.set("epochs", b.getI32IntegerAttr(1)), train.set("dataset", b.getI32IntegerAttr(0));

  std::string name = "nir";
  if (auto it = meta_.find("network"); it != meta_.end()) name = it->second;
  else name = llvm::sys::path::stem(file_).str();
  for (char &c : name)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  if (name.empty() || isdigit(static_cast<unsigned char>(name[0]))) name = "n" + name;

  // The network in generic form, parsed without verification; then the ops
  // get NIR locations and the whole module is verified.
  auto channels = [&]() -> int64_t {
    if (auto m = dyn_cast_or_null<DenseI32ArrayAttr>(input.get("mask"))) return m.size();
    if (auto c = dyn_cast_or_null<IntegerAttr>(input.get("crop"))) return c.getInt();
    auto w = dyn_cast_or_null<IntegerAttr>(input.get("width"));
    auto h = dyn_cast_or_null<IntegerAttr>(input.get("height"));
    return w && h ? w.getInt() * h.getInt() : -1;
  }();
  if (channels != P) {
    nodeError(in) << "has " << P << " channels but snn_cbram.input describes " << channels;
    return nullptr;
  }
  std::string sp = "!snn.spikes<" + std::to_string(P) + ">", sq = "!snn.spikes<" + std::to_string(N) + ">",
              syn = "!snn.synapses<" + std::to_string(P) + ", " + std::to_string(N) + ">";
  auto props = [&](NamedAttrList &l) {
    std::string t = printAttr(l.getDictionary(ctx_));
    return "<" + t + ">";
  };
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "\"snn.network\"() <{sym_name = \"" << name << "\"}> ({\n";
  os << "  %x = \"snn.input\"() " << props(input) << " : () -> " << sp << "\n";
  os << "  %y = \"snn.population\"() " << props(pop) << " : () -> " << sq << "\n";
  os << "  %w = \"snn.projection\"(%x, %y) <" << projText << "> : (" << sp << ", " << sq
     << ") -> " << syn << "\n";
  os << "  \"snn.stdp\"(%w) " << props(stdp) << " : (" << syn << ") -> ()\n";
  if (!pruneAttrs->empty())
    os << "  \"snn.prune\"(%w) " << props(*pruneAttrs) << " : (" << syn << ") -> ()\n";
  os << "  \"snn.train\"() " << props(train) << " : () -> ()\n";
  if (!evalAttrs->empty()) os << "  \"snn.evaluate\"() " << props(*evalAttrs) << " : () -> ()\n";
  os << "}) " << (netAttrs->empty() ? "" : printAttr(netAttrs->getDictionary(ctx_)))
     << " : () -> ()\n";
  os.flush();

  ParserConfig config(ctx_, /*verifyAfterParse=*/false);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config, "import-nir");
  if (!module) {
    error() << "the snn_cbram metadata does not form a network (see the error above)";
    return nullptr;
  }
  module->getOperation()->setLoc(loc_);
  module->walk([&](Operation *op) {
    if (op == module->getOperation()) return;
    std::string node = isa<InputOp>(op)        ? in.name
                       : isa<PopulationOp>(op) ? (neuron ? neuron->name : out.name)
                       : isa<ProjectionOp>(op) ? proj.name
                       : isa<NetworkOp>(op)    ? std::string("graph")
                                               : "metadata " + std::string(kMetaPrefix) +
                                                     op->getName().stripDialect().str();
    op->setLoc(nodeLoc(node));
  });
  if (failed(verify(*module))) return nullptr;
  return OwningOpRef<Operation *>(module.release());
}

//===----------------------------------------------------------------------===//
// Export
//===----------------------------------------------------------------------===//

std::string specDigest(NetworkOp network) {
  std::string text;
  llvm::raw_string_ostream os(text);
  network->print(os, OpPrintingFlags().printGenericOpForm().useLocalScope());
  os.flush();
  std::array<uint8_t, 32> hash = llvm::SHA256::hash(
      ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(text.data()), text.size()));
  return llvm::toHex(hash, /*LowerCase=*/true);
}

LogicalResult exportNIR(Operation *op, raw_ostream &out) {
  NetworkOp net;
  op->walk([&](NetworkOp n) {
    if (!net) net = n;
  });
  if (!net) return op->emitError("--export-nir needs an snn.network spec");
  InputOp input = net.getInput();
  PopulationOp population;
  ProjectionOp projection;
  Operation *stdp = nullptr, *prune = nullptr, *train = nullptr, *evaluate = nullptr;
  for (Operation &o : net.getBody().front()) {
    if (auto p = dyn_cast<PopulationOp>(o)) {
      if (population) return p.emitError("--export-nir maps one population");
      population = p;
    } else if (auto p = dyn_cast<ProjectionOp>(o)) {
      if (projection) return p.emitError("--export-nir maps one projection");
      projection = p;
    } else if (isa<StdpOp>(o)) stdp = &o;
    else if (isa<PruneOp>(o)) prune = &o;
    else if (isa<TrainOp>(o)) train = &o;
    else if (isa<EvaluateOp>(o)) evaluate = &o;
  }
  if (!population || !projection) return net.emitError("--export-nir needs a projection into a population");
  const int64_t P = projection.getPre().getType().getSize();
  const int64_t N = population.getSpikes().getType().getSize();
  const bool hasBias = projection.getBias();
  const int64_t R = P + (hasBias ? 1 : 0);

  // Weights: trained (a model of this spec) or the explicit initial ones.
  std::vector<float> w;
  snnrt::ModelWeights model;
  const bool haveModel = !nirModel.empty();
  if (haveModel) {
    std::string err;
    if (!snnrt::readModelWeights(nirModel, model, err)) return net.emitError("--nir-model: ") << err;
    if (model.specDigest != specDigest(net))
      return net.emitError("--nir-model ")
             << nirModel << " was not trained from this spec (spec digest "
             << model.specDigest.substr(0, 12) << "... of '" << model.specName << "', this spec "
             << specDigest(net).substr(0, 12) << "...)";
    if (model.rows != uint32_t(R) || model.neurons != uint32_t(N))
      return net.emitError("--nir-model: the model's matrix is ")
             << model.rows << "x" << model.neurons << ", the spec's " << R << "x" << N;
    w = model.weights;
  } else if (auto iw = projection.getInitialWeights()) {
    FailureOr<SmallVector<double>> v = readInitialWeights(*iw);
    if (failed(v)) return projection.emitError("unreadable initial_weights");
    w.assign(v->begin(), v->end());
  } else {
    return projection.emitError("the weights start random: give --nir-model FILE (saved by "
                                "snn-run --save-model) to export trained weights, or 'init dense'");
  }

  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Hid fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_core(fapl, 1 << 20, 0);
  Hid f(H5Fcreate("\x01snn-nir-export-image", H5F_ACC_TRUNC, H5P_DEFAULT, fapl), H5Fclose);
  if (!f.ok()) return net.emitError("cannot create an in-memory HDF5 file");
  writeString(f, "version", kNirVersion);
  Hid g = makeGroup(f, "node");
  writeString(g, "type", "NIRGraph");
  Hid nodes = makeGroup(g, "nodes");
  const bool lif = isa<LIFAdaptiveAttr>(population.getModel());
  const std::string projName = hasBias ? "affine" : "linear";
  {
    Hid n = makeGroup(nodes, "input");
    writeString(n, "type", "Input");
    // A whole image is [H, W]; a crop or mask, the channel count.
    if (!input.getCrop() && !input.getMask())
      writeArray<int64_t>(n, "shape", {input.getHeight(), input.getWidth()}, {2});
    else
      writeArray<int64_t>(n, "shape", {P}, {1});
  }
  {
    Hid n = makeGroup(nodes, projName);
    writeString(n, "type", hasBias ? "Affine" : "Linear");
    std::vector<float> wt(size_t(N * P));
    for (int64_t k = 0; k < N; ++k)
      for (int64_t i = 0; i < P; ++i) wt[size_t(k * P + i)] = w[size_t(i * N + k)];
    writeArray(n, "weight", wt, {hsize_t(N), hsize_t(P)});
    if (hasBias) {
      std::vector<float> bias(w.begin() + P * N, w.begin() + R * N);
      writeArray(n, "bias", bias, {hsize_t(N)});
    }
    if (haveModel) {
      Hid m = makeGroup(n, "metadata");
      std::vector<uint8_t> pr(size_t(N * P));
      for (int64_t k = 0; k < N; ++k)
        for (int64_t i = 0; i < P; ++i) pr[size_t(k * P + i)] = model.pruned[size_t(i * N + k)];
      writeArray(m, std::string(kMetaPrefix) + "pruned", pr, {hsize_t(N), hsize_t(P)});
    }
  }
  if (lif) {
    auto m = cast<LIFAdaptiveAttr>(population.getModel());
    Hid n = makeGroup(nodes, "lif");
    writeString(n, "type", "LIF");
    auto fill = [&](double v) { return std::vector<float>(size_t(N), float(v)); };
    writeArray(n, "tau", fill(m.getTauMembraneMs().convertToDouble() / 1000.0), {hsize_t(N)});
    writeArray(n, "r", fill(m.getInputGainMv().convertToDouble()), {hsize_t(N)});
    writeArray(n, "v_leak", fill(m.getVRestMv().convertToDouble()), {hsize_t(N)});
    writeArray(n, "v_threshold", fill(m.getVThreshMv().convertToDouble()), {hsize_t(N)});
    writeArray(n, "v_reset", fill(m.getVResetMv().convertToDouble()), {hsize_t(N)});
  }
  {
    Hid n = makeGroup(nodes, "output");
    writeString(n, "type", "Output");
    writeArray<int64_t>(n, "shape", {N}, {1});
  }
  std::vector<std::pair<std::string, std::string>> edges = {{"input", projName}};
  if (lif) edges.push_back({projName, "lif"}), edges.push_back({"lif", "output"});
  else edges.push_back({projName, "output"});
  writeStrings2(g, "edges", edges);

  // Metadata: what NIR has no node for, as each op's attributes.
  Hid meta = makeGroup(g, "metadata");
  auto put = [&](const std::string &key, const std::string &value) {
    writeString(meta, std::string(kMetaPrefix) + key, value);
  };
  auto propsOf = [&](Operation *o) {
    NamedAttrList l(cast<DictionaryAttr>(o->getPropertiesAsAttribute()));
    return l;
  };
  put("version", "1");
  put("network", net.getSymName().str());
  {
    NamedAttrList l = propsOf(input);
    // The rows are the pixels the model was trained on: a data-dependent
    // crop becomes the explicit mask it resolved to.
    if (haveModel && l.get("crop")) {
      l.erase("crop");
      SmallVector<int32_t> mask(model.mask.begin(), model.mask.end());
      l.set("mask", DenseI32ArrayAttr::get(op->getContext(), mask));
    }
    put("input", printAttr(l.getDictionary(op->getContext())));
  }
  put("population", printAttr(propsOf(population).getDictionary(op->getContext())));
  {
    NamedAttrList l = propsOf(projection);
    l.erase("initial_weights");
    l.erase("init");
    put("projection", printAttr(l.getDictionary(op->getContext())));
  }
  for (auto [key, o] : {std::pair<const char *, Operation *>{"stdp", stdp}, {"prune", prune},
                        {"train", train}, {"evaluate", evaluate}})
    if (o) put(key, printAttr(propsOf(o).getDictionary(op->getContext())));
  if (!net->getDiscardableAttrDictionary().empty())
    put("network_attributes", printAttr(net->getDiscardableAttrDictionary()));
  if (haveModel) {
    writeArray(meta, std::string(kMetaPrefix) + "assignment", model.assignment, {hsize_t(N)});
    put("weights", "trained: " + nirModel);
  } else {
    put("weights", "initial");
  }

  H5Fflush(f, H5F_SCOPE_GLOBAL);
  ssize_t size = H5Fget_file_image(f, nullptr, 0);
  if (size <= 0) return net.emitError("cannot serialise the NIR file");
  std::vector<char> buf(static_cast<size_t>(size), 0);
  H5Fget_file_image(f, buf.data(), buf.size());
  out.write(buf.data(), buf.size());
  return success();
}

} // namespace

void mlir::snn::registerNIRTranslations() {
  // Registered at static initialisation, so hidden with LLVM's options by
  // snn::tools::hideLLVMOptions(); it is ours.
  nirModel.setHiddenFlag(llvm::cl::NotHidden);
  TranslateToMLIRRegistration importReg(
      "import-nir", "import a NIR graph (HDF5, NIR 1.0) as an snn.network",
      [](llvm::SourceMgr &sm, MLIRContext *ctx) -> OwningOpRef<Operation *> {
        ctx->loadDialect<SNNDialect, cbram::CBRAMDialect>();
        const llvm::MemoryBuffer *buf = sm.getMemoryBuffer(sm.getMainFileID());
        Importer im(ctx, buf->getBufferIdentifier().str());
        return im.run(buf->getBuffer());
      });
  TranslateFromMLIRRegistration exportReg(
      "export-nir", "export an snn.network (trained weights with --nir-model) as NIR 1.0 (HDF5)",
      exportNIR, [](DialectRegistry &r) { r.insert<SNNDialect, cbram::CBRAMDialect>(); });
}
