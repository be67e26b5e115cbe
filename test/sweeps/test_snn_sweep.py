#!/usr/bin/python3
"""usage: test/sweeps/test_snn_sweep.py [unittest options]

Unit tests of snn-sweep (tools/snn-sweep/snn-sweep) that need neither the
build nor MNIST: sweep-file expansion, run ids, spec edits, `extends`, key
checking, collect's version check and compare. Registered with ctest as
sweeps/unit.
"""
import contextlib
import importlib.machinery
import importlib.util
import io
import json
import os
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(ROOT, "tools", "snn-sweep", "snn-sweep")


def load_tool():
    loader = importlib.machinery.SourceFileLoader("snn_sweep", TOOL)
    spec = importlib.util.spec_from_loader("snn_sweep", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


sw = load_tool()

SPEC = textwrap.dedent("""\
    // a comment: target_fraction = 9
    snn.network @t attributes {
        cbram.mapping = #cbram.mapping<cells_per_weight = 4>} {
      %x = snn.input #snn.poisson<> image(28, 28) crop ${crop} : !snn.spikes<64>
      %y = snn.population #snn.bayesian_wta<total_rate_hz = 200.0> -> !snn.spikes<20>
      %w = snn.projection %x -> %y : !snn.spikes<64> -> !snn.spikes<20>
      // the learning rule
      snn.stdp %w ltp nessler_exp ltd constant {eta_ltp = 0.01}
          : !snn.synapses<64, 20>
      snn.prune #snn.soft_prune<start = 100, ramp = 100,
                                target_fraction = 0.5> on %w : !snn.synapses<64, 20>
      snn.train mnist epochs 1 images 300
      snn.evaluate max_average_response test_images 200
    }
    """)


class Tmp:
    """A temporary directory with a spec, a fake data set and sweep files."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = self.dir.name
        self.write("net.mlir", SPEC)
        self.data = os.path.join(self.path, "data")
        os.makedirs(self.data)
        for f in sw.DATA_FILES:
            self.write(os.path.join("data", f + ".gz"), f)

    def write(self, name, text):
        p = os.path.join(self.path, name)
        with open(p, "w") as f:
            f.write(text)
        return p

    def sweep(self, text, name="s.toml"):
        return self.write(name, textwrap.dedent(text))

    def expand(self, text, name="s.toml"):
        return sw.expand(self.sweep(text, name), {"mnist": self.data})


class ExpandTest(unittest.TestCase):
    def setUp(self):
        self.t = Tmp()
        self.addCleanup(self.t.dir.cleanup)

    BASIC = """\
        name = "basic"
        spec = "net.mlir"
        seeds = [1, 2]
        params = { crop = 64 }
        [run]
        train-limit = 100
        [[axis]]
        name = "fraction"
        op = "snn.prune"
        attr = "target_fraction"
        values = [0.25, 0.5]
        [[axis]]
        name = "cpw"
        pipeline = "cells-per-weight"
        values = [2, 4, 8]
        """

    def test_cartesian_product_and_ids(self):
        plan = self.t.expand(self.BASIC)
        self.assertEqual(len(plan.entries), 12)
        self.assertEqual(len(plan.runs), 12)
        self.assertEqual(plan.entries[0]["label"], "fraction=0.25/cpw=2/seed=1")
        self.assertEqual(plan.axes, ["fraction", "cpw"])
        # Ids are a function of the configuration only: the same sweep
        # expanded again gives the same ids.
        again = self.t.expand(self.BASIC, "other-name.toml")
        self.assertEqual([e["id"] for e in plan.entries], [e["id"] for e in again.entries])
        cfg = plan.runs[plan.entries[0]["id"]]
        self.assertEqual(cfg["pipeline"], {"cells-per-weight": "2"})
        self.assertEqual(cfg["run"], {"train-limit": "100"})
        self.assertEqual(cfg["seed"], 1)
        self.assertIn("target_fraction = 0.25>", cfg["spec_text"])
        self.assertIn("crop 64 :", cfg["spec_text"])
        self.assertEqual(cfg["data_sha256"], sw.data_digest(self.t.data))

    def test_id_changes_with_any_field(self):
        base = self.t.expand(self.BASIC)
        ids = {e["id"] for e in base.entries}
        for old, new in (("train-limit = 100", "train-limit = 101"),
                         ("seeds = [1, 2]", "seeds = [3, 4]"),
                         ("crop = 64", "crop = 63"),
                         ("values = [2, 4, 8]", "values = [3, 5, 7]")):
            plan = self.t.expand(self.BASIC.replace(old, new))
            self.assertFalse(ids & {e["id"] for e in plan.entries}, old)
        # Another data set (other bytes) -> other ids.
        with open(os.path.join(self.t.data, sw.DATA_FILES[0] + ".gz"), "a") as f:
            f.write("x")
        sw._DIGESTS.clear()
        plan = self.t.expand(self.BASIC)
        self.assertFalse(ids & {e["id"] for e in plan.entries})

    def test_identical_configurations_share_a_run(self):
        plan = self.t.expand("""\
            spec = "net.mlir"
            params = { crop = 64 }
            [[group]]
            name = "a"
            [[group]]
            name = "b"
            edits = [{ op = "snn.prune", attr = "target_fraction", value = 0.5 }]
            """)
        self.assertEqual(len(plan.entries), 2)
        self.assertEqual(len(plan.runs), 1)
        self.assertIsNone(plan.entries[0]["seed"])

    def test_groups_variants_and_extends(self):
        self.t.sweep("""\
            name = "parent"
            spec = "net.mlir"
            seeds = [1, 2, 3]
            params = { crop = 64 }
            [run]
            test-limit = 50
            [[group]]
            name = "none"
            edits = [{ remove = "snn.prune" }]
            [[group]]
            name = "modes"
            [[group.axis]]
            name = "mode"
            variants = [
              { label = "soft" },
              { label = "conv", pipeline = { skip-pruned = false }, edits = [
                  { sub = 'soft_prune', with = 'conventional_prune' }] },
            ]
            """, "parent.toml")
        plan = self.t.expand("""\
            extends = "parent.toml"
            name = "child"
            seeds = [7]
            edits = [{ op = "snn.prune", attr = "start", value = 5, optional = true }]
            [run]
            train-limit = 10
            """)
        self.assertEqual(plan.name, "child")
        self.assertEqual([e["label"] for e in plan.entries],
                         ["none/seed=7", "modes/mode=soft/seed=7", "modes/mode=conv/seed=7"])
        none, soft, conv = (plan.runs[e["id"]] for e in plan.entries)
        self.assertNotIn("snn.prune", none["spec_text"])
        self.assertIn("start = 5,", soft["spec_text"])
        self.assertIn("#snn.conventional_prune<start = 5", conv["spec_text"])
        self.assertEqual(conv["pipeline"], {"skip-pruned": "false"})
        self.assertEqual(soft["run"], {"test-limit": "50", "train-limit": "10"})

    def test_optional_group_without_data(self):
        plan = self.t.expand("""\
            spec = "net.mlir"
            params = { crop = 64 }
            [[group]]
            name = "here"
            [[group]]
            name = "absent"
            data = "/nonexistent/data"
            optional = true
            """)
        self.assertEqual([e["group"] for e in plan.entries], ["here"])
        self.assertEqual(plan.skipped[0]["group"], "absent")

    def errors(self, text):
        with self.assertRaises(sw.SweepError) as cm:
            self.t.expand(text)
        return str(cm.exception)

    def test_mistakes_are_reported(self):
        head = 'spec = "net.mlir"\nparams = { crop = 64 }\n'
        self.assertIn("did you mean 'seeds'", self.errors(head + "sedes = [1]\n"))
        self.assertIn("did you mean 'values'",
                      self.errors(head + '[[axis]]\nname = "a"\npipeline = "x"\nvalue = [1]\n'))
        self.assertIn("cannot be swept (use 'seeds')", self.errors(head + "[run]\nseed = 3\n"))
        self.assertIn("matches nothing", self.errors(head + "edits = [{ sub = 'nope', with = '' }]\n"))
        self.assertIn("no 'snn.foo' op", self.errors(head + "edits = [{ remove = 'snn.foo' }]\n"))
        self.assertIn("has no value", self.errors('spec = "net.mlir"\n'))
        self.assertIn("unknown data set 'cifar'", self.errors(head + 'data = "cifar"\n'))
        self.assertIn("'seed' is not an axis name",
                      self.errors(head + '[[axis]]\nname = "seed"\nrun = "epochs"\nvalues = [1]\n'))


class EditTest(unittest.TestCase):
    def test_set_attr_replaces_inserts_and_skips_comments(self):
        text = SPEC.replace("${crop}", "64")
        # The comment on line 1 also says target_fraction = 9: only the op's
        # attribute changes.
        out = sw.set_attr(text, "snn.prune", "target_fraction", 0.75, None, "t")
        self.assertIn("target_fraction = 0.75>", out)
        self.assertIn("// a comment: target_fraction = 9", out)
        out = sw.set_attr(text, "snn.input", "max_rate_hz", 127.5, None, "t")
        self.assertIn("#snn.poisson<max_rate_hz = 127.5>", out)
        out = sw.set_attr(text, "snn.stdp", "eta_ltd", 0.02, None, "t")
        self.assertIn("{eta_ltd = 0.02, eta_ltp = 0.01}", out)
        out = sw.set_attr(text, "snn.network", "cells_per_weight", 8, None, "t")
        self.assertIn("#cbram.mapping<cells_per_weight = 8>", out)
        self.assertIsNone(sw.set_attr(text, "snn.nothing", "x", 1, None, "t"))

    def test_op_regions(self):
        text = SPEC.replace("${crop}", "64")
        ops = [op for op, _, _ in sw.op_regions(text)]
        # cbram.mapping = ... is an attribute, not an op.
        self.assertEqual(ops, ["snn.network", "snn.input", "snn.population", "snn.projection",
                               "snn.stdp", "snn.prune", "snn.train", "snn.evaluate"])
        out = sw.apply_edit(text, {"remove": "snn.stdp"}, "t")
        self.assertNotIn("snn.stdp", out)
        self.assertIn("// the learning rule\n  snn.prune", out)

    def test_value_formats(self):
        self.assertEqual(sw.fmt_mlir(1e-05), "1.0e-05")
        self.assertEqual(sw.fmt_mlir(2.5e-07), "2.5e-07")
        self.assertEqual(sw.fmt_mlir(3.0), "3.0")
        self.assertEqual(sw.fmt_mlir(True), "true")
        self.assertEqual(sw.fmt_mlir(7), "7")
        self.assertEqual(sw.fmt_option(False), "false")


def fake_record(rid, git, acc):
    return {"record_version": 1, "id": rid, "wall_s": 1.0, "backend": "local", "host": "h",
            "slurm_job": "", "started_at": "2026-01-01T00:00:00+00:00",
            "finished_at": "2026-01-01T00:00:01+00:00",
            "provenance": {"spec_file": "s", "spec_sha256": "a", "spec_name": "t",
                           "spec_digest": "d", "pipeline": "", "overrides": [], "seed": 1,
                           "dataset": "mnist", "data_dir": "/d", "data_sha256": "e",
                           "run_options": "", "snn_run_version": "0.2.0", "snn_run_git": git,
                           "compiler": "snn-translate 0.2.0", "compiler_git": git},
            "report": {"accuracy": {"test": acc}, "performance": {"train_images_per_s": 5.0}}}


class CollectTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.out = sw.OutDir(os.path.join(self.tmp.name, "out"))
        self.out.make()
        entries = [{"group": "g", "label": f"x={i}", "axes": {"x": str(i)}, "values": {"x": i},
                    "seed": 1, "id": f"id{i}"} for i in range(3)]
        plan = sw.Plan("fake", "/s.toml", entries, {e["id"]: {} for e in entries}, ["x"],
                       dict(sw.DEFAULT_COLLECT), {}, [])
        sw.write_json(self.out.plan_path(), plan.to_json())

    def put(self, i, git="abc", acc=0.5):
        sw.write_json(self.out.result(f"id{i}"), fake_record(f"id{i}", git, acc))

    def collect(self, **kw):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            rc = sw.collect(self.out, quiet=True, plots=False, **kw)
        return rc, err.getvalue()

    def test_missing_results(self):
        self.put(0)
        rc, err = self.collect(allow_mixed=False, partial=False)
        self.assertEqual(rc, 1)
        self.assertIn("2 of 3 results missing", err)
        rc, _ = self.collect(allow_mixed=False, partial=True)
        self.assertEqual(rc, 0)

    def test_mixed_versions_refused_unless_asked(self):
        self.put(0)
        self.put(1)
        self.put(2, git="def")
        rc, err = self.collect(allow_mixed=False, partial=False)
        self.assertEqual(rc, 4)
        self.assertIn("different tool versions", err)
        self.assertIn("git def", err)
        self.assertFalse(os.path.exists(os.path.join(self.out.path, "results.csv")))
        rc, _ = self.collect(allow_mixed=True, partial=False)
        self.assertEqual(rc, 0)
        with open(os.path.join(self.out.path, "results.json")) as f:
            table = json.load(f)
        self.assertEqual(len(table["versions"]), 2)
        self.assertEqual([r["x"] for r in table["rows"]], ["0", "1", "2"])
        self.assertEqual(table["rows"][0]["test_accuracy"], 0.5)

    def test_compare_ignores_wall_time(self):
        for i in range(3):
            self.put(i)
        self.collect(allow_mixed=False, partial=False)
        a = os.path.join(self.tmp.name, "a.json")
        os.replace(os.path.join(self.out.path, "results.json"), a)
        rec = fake_record("id1", "abc", 0.5)
        rec["wall_s"] = 99.0
        rec["host"] = "elsewhere"
        rec["report"]["performance"]["train_images_per_s"] = 1.0
        sw.write_json(self.out.result("id1"), rec)
        self.collect(allow_mixed=False, partial=False)
        with contextlib.redirect_stdout(io.StringIO()) as so:
            rc = sw.main(["compare", a, self.out.path])
        self.assertEqual(rc, 0, so.getvalue())
        self.put(2, acc=0.6)
        self.collect(allow_mixed=False, partial=False)
        with contextlib.redirect_stdout(io.StringIO()) as so:
            rc = sw.main(["compare", a, self.out.path])
        self.assertEqual(rc, 1)
        self.assertIn("test_accuracy", so.getvalue())


class HelpTest(unittest.TestCase):
    def test_help(self):
        import subprocess
        for args in (["--help"], ["run", "--help"], ["submit", "--help"], ["collect", "--help"]):
            p = subprocess.run([sys.executable, TOOL] + args, capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertRegex(p.stdout, r"^usage: snn-sweep")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0)
    unittest.main()
