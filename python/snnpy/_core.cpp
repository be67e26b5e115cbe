// snnpy._core: pybind11 bindings over the MLIR-free runtime (snnrt). The
// Python package (snnpy/__init__.py) wraps it: reports become dicts, the
// compiler tools run through subprocess.
#include "snnrt/Error.h"
#include "snnrt/Model.h"
#include "snnrt/Program.h"
#include "snnrt/Progress.h"
#include "snnrt/Report.h"
#include "snnrt/Trainer.h"
#include "snnrt/WeightImage.h"
#include "snn/Version.h"

#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>

namespace py = pybind11;
using namespace snnrt;

namespace {

template <class T>
py::array_t<T> matrix(const T *data, uint32_t rows, uint32_t cols) {
  py::array_t<T> a({size_t(rows), size_t(cols)});
  std::memcpy(a.mutable_data(), data, sizeof(T) * size_t(rows) * cols);
  return a;
}
template <class T> py::array_t<T> vector(const std::vector<T> &v) {
  py::array_t<T> a(v.size());
  if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), sizeof(T) * v.size());
  return a;
}

std::shared_ptr<const Program> loadProgram(py::object src) {
  if (py::isinstance<py::bytes>(src)) {
    std::string b = src.cast<std::string>();
    return std::make_shared<const Program>(
        Program::fromBytes(std::vector<uint8_t>(b.begin(), b.end()), "<bytes>"));
  }
  return std::make_shared<const Program>(Program::fromFile(py::str(src).cast<std::string>()));
}

// Progress sink: forwards to a Python callable with the GIL held; a Python
// exception (including KeyboardInterrupt) ends the run.
void progressSink(void *ctx, const char *label, uint64_t done, uint64_t total) {
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  (*static_cast<py::function *>(ctx))(label, done, total);
}

// One run: train (or load a model), assign, test. Keeps the program alive
// while the trainer refers to it.
class Run {
public:
  Run(std::shared_ptr<const Program> prog, std::string data, std::optional<uint32_t> trainLimit,
      std::optional<uint32_t> testLimit, std::optional<uint32_t> assignLimit,
      std::optional<uint32_t> epochs, std::optional<uint64_t> seed, std::string checkpoint,
      uint64_t checkpointEvery, std::string resume, uint64_t stopAfter,
      std::shared_ptr<const TrainedModel> model, std::string phases, bool quiet,
      py::object progress)
      : prog_(std::move(prog)), progress_(std::move(progress)) {
    cfg_.dataDir = std::move(data);
    cfg_.trainLimit = trainLimit;
    cfg_.testLimit = testLimit;
    cfg_.assignLimit = assignLimit;
    cfg_.epochs = epochs;
    cfg_.seed = seed;
    cfg_.checkpointPath = std::move(checkpoint);
    cfg_.checkpointEvery = checkpointEvery;
    if (cfg_.checkpointPath.empty() != (cfg_.checkpointEvery == 0))
      throw Error(ErrorKind::Usage, "checkpoint and checkpoint_every must be given together");
    cfg_.resumePath = std::move(resume);
    cfg_.stopAfter = stopAfter;
    cfg_.quiet = quiet;
    if (model) {
      cfg_.model = model;
      if (phases == "assign") cfg_.runTest = false;
      else if (phases == "test") cfg_.runAssign = false;
      else if (phases != "assign,test" && phases != "test,assign")
        throw Error(ErrorKind::Usage, "phases must be 'assign', 'test' or 'assign,test', got '" +
                                          phases + "'");
    } else {
      if (phases != "assign,test")
        throw Error(ErrorKind::Usage, "phases needs a model (a training run assigns and tests)");
      cfg_.capture = &capture_;
    }
    trainer_ = std::make_unique<Trainer>(*prog_, cfg_);
  }

  void run() {
    if (done_) throw Error(ErrorKind::Usage, "this run has already run; create a new Run");
    py::function cb;
    if (!progress_.is_none()) cb = progress_.cast<py::function>();
    {
      py::gil_scoped_release nogil;
      struct Guard {
        Guard(py::function *f) { if (*f) Progress::setSink(progressSink, f); }
        ~Guard() { Progress::setSink(nullptr, nullptr); }
      } guard(&cb);
      res_ = trainer_->run();
    }
    done_ = true;
  }

  std::string reportJson() const {
    need();
    return snnrt::reportJson(*prog_, trainer_->simulator(), res_, cfg_.dataDir);
  }
  std::string summary() const {
    need();
    return snnrt::summaryCsv(*prog_, trainer_->simulator(), res_, cfg_.dataDir);
  }
  void saveModel(const std::string &path) const {
    need();
    if (cfg_.model) throw Error(ErrorKind::Usage, "a run from a model has no training to save");
    writeModelFile(path, makeModel(*prog_, trainer_->simulator(), res_, capture_));
  }
  void writePng(const std::string &path) const { writeWeightPng(trainer_->simulator(), path); }
  const Simulator &sim() const { return trainer_->simulator(); }
  const RunResult &result() const { need(); return res_; }
  bool done() const { return done_; }
  const Program &program() const { return *prog_; }

private:
  void need() const {
    if (!done_) throw Error(ErrorKind::Usage, "call run() first");
  }
  std::shared_ptr<const Program> prog_;
  py::object progress_;
  RunConfig cfg_;
  ModelCapture capture_;
  std::unique_ptr<Trainer> trainer_;
  RunResult res_;
  bool done_ = false;
};

py::array_t<float> levelValues(const Program &p) {
  auto q = p.root().quantization();
  std::vector<float> v(q->levels());
  const double step = (q->w_max() - q->w_min()) / double(q->levels() - 1);
  for (uint32_t l = 0; l < q->levels(); ++l) v[l] = float(q->w_min() + step * l);
  return vector(v);
}

} // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "snnpy core: the snn-cbram runtime (cycle-accurate CBRAM simulator)";
  m.attr("version") = SNN_VERSION;
  m.attr("git") = SNN_GIT_HASH;
  m.attr("program_format") = kFormatVersion;
  m.attr("model_version") = kModelVersion;

  static py::exception<Error> exc(m, "Error", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error &e) {
      static const char *kinds[] = {"bad_program", "bad_data", "bad_checkpoint", "io", "usage"};
      py::object err = py::reinterpret_borrow<py::object>(exc.ptr())(e.what());
      err.attr("kind") = kinds[int(e.kind())];
      PyErr_SetObject(exc.ptr(), err.ptr());
    }
  });

  py::class_<Program, std::shared_ptr<Program>>(m, "Program")
      .def_property_readonly("name", [](const Program &p) { return p.name(); })
      .def_property_readonly("bytes", [](const Program &p) {
        return py::bytes(reinterpret_cast<const char *>(p.bytes().data()), p.bytes().size());
      })
      .def_property_readonly("inputs", [](const Program &p) { return p.root().projection()->pre_size(); })
      .def_property_readonly("neurons", [](const Program &p) { return p.root().population()->size(); })
      .def_property_readonly("rows", [](const Program &p) { return p.derived().matrixRows; })
      .def_property_readonly("image_size", [](const Program &p) {
        return py::make_tuple(p.root().encoding()->image_width(), p.root().encoding()->image_height());
      })
      .def_property_readonly("level_values", &levelValues,
                             "the real weight of each level (level 0 = w_min)");
      ;
  m.def("load_program", [](py::object src) {
    return std::const_pointer_cast<Program>(loadProgram(std::move(src)));
  }, py::arg("source"), "a .snnp path or its bytes; verified like snn-run does");

  py::class_<TrainedModel, std::shared_ptr<TrainedModel>>(m, "Model")
      .def_property_readonly("path", [](const TrainedModel &t) { return t.path; })
      .def_property_readonly("program", [](const TrainedModel &t) {
        return std::const_pointer_cast<Program>(t.program);
      })
      .def_property_readonly("seed", [](const TrainedModel &t) { return t.seed; })
      .def_property_readonly("settings", [](const TrainedModel &t) {
        py::dict d;
        d["seed"] = t.seed;
        d["train_images"] = t.trainImages;
        d["epochs"] = t.epochs;
        d["assign_images"] = t.assignImages;
        d["test_images"] = t.testImages;
        return d;
      })
      .def_property_readonly("weights", [](const TrainedModel &t) { return matrix(t.weights.data(), t.rows, t.cols); })
      .def_property_readonly("levels", [](const TrainedModel &t) { return matrix(t.levels.data(), t.rows, t.cols); })
      .def_property_readonly("pruned", [](const TrainedModel &t) {
        return matrix(t.pruned.data(), t.rows, t.cols).attr("astype")("bool");
      })
      .def_property_readonly("assignment", [](const TrainedModel &t) { return vector(t.assignment); })
      .def_property_readonly("mask", [](const TrainedModel &t) { return vector(t.mask); })
      .def_property_readonly("beta", [](const TrainedModel &t) { return vector(t.beta); })
      .def_property_readonly("spikes", [](const TrainedModel &t) { return vector(t.spikes); })
      .def_property_readonly("theta", [](const TrainedModel &t) { return vector(t.theta); })
      .def("tile_writes", [](const TrainedModel &t) {
        // Write pulses per cell of every tile the placement uses, as training left them.
        Simulator sim(*t.program, t.mask, t.seed);
        applyModel(sim, t, false);
        py::list out;
        const Device &d = sim.device();
        for (size_t t = 0; t < d.numTiles(); ++t)
          out.append(matrix(d.tileWrites(t).data(), d.tile(t).rows(), d.tile(t).cols()));
        return out;
      });
  m.def("load_model", [](const std::string &path) {
    auto t = std::make_shared<TrainedModel>(readModelFile(path, snnrt::defaultMemoryBudget()));
    // Check the saved state against the program now, not at first use.
    Simulator sim(*t->program, t->mask, t->seed);
    applyModel(sim, *t, true);
    return t;
  }, py::arg("path"), "reads and fully checks a model saved by snn-run --save-model or Run.save_model");

  py::class_<Run>(m, "Run")
      .def(py::init([](py::object program, std::string data, std::optional<uint32_t> trainLimit,
                       std::optional<uint32_t> testLimit, std::optional<uint32_t> assignLimit,
                       std::optional<uint32_t> epochs, std::optional<uint64_t> seed,
                       std::string checkpoint, uint64_t checkpointEvery, std::string resume,
                       uint64_t stopAfter, std::shared_ptr<TrainedModel> model, std::string phases,
                       bool quiet, py::object progress) {
             std::shared_ptr<const Program> prog;
             if (program.is_none()) {
               if (!model) throw Error(ErrorKind::Usage, "give a program or a model");
               prog = model->program;
             } else if (py::isinstance<Program>(program)) {
               prog = program.cast<std::shared_ptr<Program>>();
             } else {
               prog = loadProgram(program);
             }
             return new Run(prog, std::move(data), trainLimit, testLimit, assignLimit, epochs,
                            seed, std::move(checkpoint), checkpointEvery, std::move(resume),
                            stopAfter, model, std::move(phases), quiet, std::move(progress));
           }),
           py::arg("program"), py::arg("data"), py::arg("train_limit") = py::none(),
           py::arg("test_limit") = py::none(), py::arg("assign_limit") = py::none(),
           py::arg("epochs") = py::none(), py::arg("seed") = py::none(),
           py::arg("checkpoint") = "", py::arg("checkpoint_every") = 0, py::arg("resume") = "",
           py::arg("stop_after") = 0, py::arg("model") = nullptr,
           py::arg("phases") = "assign,test", py::arg("quiet") = true,
           py::arg("progress") = py::none())
      .def("run", &Run::run)
      .def_property_readonly("done", &Run::done)
      .def("report_json", &Run::reportJson)
      .def("summary_csv", &Run::summary)
      .def("save_model", &Run::saveModel, py::arg("path"))
      .def("write_weights_png", &Run::writePng, py::arg("path"))
      .def_property_readonly("stopped", [](const Run &r) { return r.result().stopped; })
      .def_property_readonly("test_accuracy", [](const Run &r) { return r.result().testAccuracy; })
      .def_property_readonly("assignment", [](const Run &r) { return vector(r.result().assignment); })
      .def_property_readonly("weights", [](const Run &r) {
        const Device &d = r.sim().device();
        return matrix(d.weights(), d.rows(), d.cols());
      }, "real weights the chip reads, (inputs + bias row) x neurons")
      .def_property_readonly("levels", [](const Run &r) {
        const Device &d = r.sim().device();
        return matrix(d.levelMatrix().data(), d.rows(), d.cols());
      })
      .def_property_readonly("pruned", [](const Run &r) {
        const Device &d = r.sim().device();
        return matrix(d.prunedMatrix().data(), d.rows(), d.cols()).attr("astype")("bool");
      })
      .def_property_readonly("mask", [](const Run &r) { return vector(r.sim().encoder().mask()); })
      .def("tile_writes", [](const Run &r) {
        // Per tile used: write (pulse) count of every cell, tile rows x cols.
        py::list out;
        const Device &d = r.sim().device();
        for (size_t t = 0; t < d.numTiles(); ++t)
          out.append(matrix(d.tileWrites(t).data(), d.tile(t).rows(), d.tile(t).cols()));
        return out;
      });
}
