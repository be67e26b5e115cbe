#!/usr/bin/python3
"""bench/reproduce.py's report step on a synthetic sweep directory: run
names, parts 11-14 from their groups (and the spec's own runs), and a report
without those groups. Registered with ctest as bench/reproduce-unit."""
import importlib.util
import json
import os
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location(
    "reproduce", os.path.join(ROOT, "bench", "reproduce.py"))
rp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rp)

SPEC = """snn.network @shi2018 {
  %out = snn.population #snn.bayesian_wta<total_rate_hz = 200.0,
                                          homeostasis = adaptive_bias,
                                          homeostasis_rate = 0.05>
  snn.prune #snn.soft_prune<trigger = neuron_spikes, start = 17,
                            target_fraction = 0.75, value = -1.0@MATURITY@>
      on %w : !snn.synapses<397, 500>
  snn.evaluate max_average_response@READOUT@
}
"""


def report(accuracy, bits=8, updates=1000.0, fraction=0.75, readout=None):
    """The fields of snn-run's report that the write-up reads."""
    r = {"accuracy": {"test": accuracy},
         "settings": {"train_images": 100, "epochs": 1, "test_images": 50},
         "program": {"cells_per_weight": bits, "levels": 2 ** bits},
         "write_scheduling": {"writes_issued": 300 * bits},
         "energy_pj": {"train": {"total": 2e6, "set": 1e5, "array_read": 5e5},
                       "test": {"total": 5e5 if readout is None else 1e6}},
         "events": {"train": {"stdp_updates": updates * 100, "row_reads": 10,
                              "overrun_steps": 0}},
         "cycles": {"train": 1000}, "writes": {"max_per_cell": 3},
         "pruning": {"final_fraction": fraction},
         "performance": {"train_images_per_s": 10.0},
         "unassigned_neurons": 4,
         "spikes_per_image": {"train": 20.0, "assign": 20.0, "test": 20.0}}
    if readout:
        r["settings"]["presentation"] = {"readout": readout}
    return r


def make_study(out, entries):
    """entries: (group, axes, report, spec text) -> a sweep directory."""
    os.makedirs(os.path.join(out, "runs"))
    os.makedirs(os.path.join(out, "specs"))
    plan = {"name": "paper-quick", "sweep_file": os.path.join(ROOT, "bench/sweeps/x.toml"),
            "entries": []}
    for i, (group, axes, rep, text) in enumerate(entries):
        rid = f"{i:016x}"
        plan["entries"].append({"group": group, "axes": axes, "seed": 1, "id": rid,
                                "label": group})
        rec = {"report": rep, "wall_s": 2.0, "finished_at": "2026-11-27T10:00:00",
               "provenance": {"snn_run_version": "0", "snn_run_git": "abc",
                              "compiler": "c", "compiler_git": "abc"}}
        with open(os.path.join(out, "runs", f"{rid}.json"), "w") as f:
            json.dump(rec, f)
        with open(os.path.join(out, "specs", f"{rid}.mlir"), "w") as f:
            f.write(text)
    with open(os.path.join(out, "plan.json"), "w") as f:
        json.dump(plan, f)
    return rp.Study(out, allow_mixed=False)


def markdown(study):
    summary = {"command": "reproduce", "date": "2026-11-27", "commit": "abc", "snn_run": "0",
               "sweep": "x", "parts": study.part_times()}

    class Args:
        out = study.out
        md = os.path.join(study.out, "results.md")
    return rp.write_markdown(study, summary, [1], rp.FRACTIONS, Args, quick=True)


def section(md, title):
    """The lines of the section whose heading starts with title."""
    text = md.split(f"## {title}", 1)[1]
    return text.split("\n## ", 1)[0].splitlines()


def spec_text(maturity="", readout=""):
    return SPEC.replace("@MATURITY@", maturity).replace("@READOUT@", readout)


BASE = spec_text()
OLD_GROUPS = [("unpruned", {}, report(0.80, fraction=0.0), BASE),
              ("pruning", {"mode": "soft", "fraction": "0.75"}, report(0.78, updates=400.0), BASE)]
NEW_GROUPS = [
    ("precision", {"bits": "2"}, report(0.60, bits=2, updates=300.0), BASE),
    ("precision-unpruned", {"bits": "2"}, report(0.65, bits=2, fraction=0.0), BASE),
    ("homeostasis", {"homeostasis": "none"}, report(0.30, fraction=0.0),
     BASE.replace("adaptive_bias", "none").replace("0.05", "0.0")),
    ("pruning-rule", {"maturity": "2"}, report(0.79, updates=500.0, fraction=0.7),
     spec_text(maturity=", maturity = 2")),
    ("readout", {"readout": "rate-1000"},
     report(0.81, readout={"presentation_ms": 100.0, "max_rate_hz": 127.5,
                           "total_rate_hz": 1000.0}),
     spec_text(readout=" total_rate_hz 1000.0")),
]


class RunNames(unittest.TestCase):
    def test_new_groups(self):
        def name(group, **axes):
            return rp.run_name({"group": group, "axes": axes, "seed": 1})
        self.assertEqual(name("precision", bits="4"), "precision-4-s1")
        self.assertEqual(name("precision-unpruned", bits="4"), "precision-unpruned-4-s1")
        self.assertEqual(name("homeostasis", homeostasis="rate_scaled_updates"),
                         "homeostasis-rate-scaled-updates-s1")
        self.assertEqual(name("pruning-rule", maturity="2"), "pruning-rule-2-s1")
        self.assertEqual(name("readout", readout="rate-1000"), "readout-rate-1000-s1")
        for g in ("precision", "precision-unpruned", "homeostasis", "pruning-rule", "readout"):
            self.assertIn(g, rp.PARTS)


class Report(unittest.TestCase):
    def test_without_the_new_groups_no_new_sections(self):
        with tempfile.TemporaryDirectory() as d:
            md = markdown(make_study(os.path.join(d, "s"), OLD_GROUPS))
        self.assertIn("## 2-3.", md)
        for n in ("11.", "12.", "13.", "14."):
            self.assertNotIn(f"## {n}", md)

    def test_new_sections(self):
        with tempfile.TemporaryDirectory() as d:
            md = markdown(make_study(os.path.join(d, "s"), OLD_GROUPS + NEW_GROUPS))
        self.assertIn("- part 11 (weight precision):", md)
        # The spec's 8 bits: the unpruned and soft-75% runs, after the axis.
        rows = [l for l in section(md, "11.") if l.startswith("| 2 ") or l.startswith("| 8 ")]
        self.assertEqual(rows, ["| 2 | 4 | 65.00 | 60.00 | 300 | 6 | 1.000 | 20.0 |",
                                "| 8 | 256 | 80.00 | 78.00 | 400 | 24 | 1.000 | 20.0 |"])
        lines = section(md, "12.")
        self.assertIn("| `adaptive_bias`, rate 0.05 (the spec) | 80.00 | 4 | 20.00 | 1000 |", lines)
        self.assertIn("| `none`, rate 0.0 | 30.00 | 4 | 20.00 | 1000 |", lines)
        lines = section(md, "13.")
        self.assertIn("| soft 75%, maturity 0 (the spec) | 78.00 | 400 | 2.50x | 24 | 75.0 |", lines)
        self.assertIn("| soft 75%, maturity 2 | 79.00 | 500 | 2.00x | 24 | 70.0 |", lines)
        lines = section(md, "14.")
        self.assertIn("| none (the spec) | as training | 78.00 | 20.00 | 10.0 | 1.00x |", lines)
        self.assertIn("| `total_rate_hz 1000.0` | 100 ms, inputs up to 127.5 Hz, output 1000 Hz "
                      "| 81.00 | 20.00 | 20.0 | 2.00x |", lines)

    def test_a_new_group_without_the_spec_runs(self):
        with tempfile.TemporaryDirectory() as d:
            md = markdown(make_study(os.path.join(d, "s"), NEW_GROUPS))
        self.assertIn("| 2 | 4 | 65.00 | 60.00 |", md)
        self.assertIn("| soft 75%, maturity 2 | 79.00 | 500 | - |", md)


if __name__ == "__main__":
    unittest.main()
