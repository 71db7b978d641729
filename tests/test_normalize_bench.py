"""bench/bench_normalize.py loads the way bench/run.py loads it, and its posts really are clean."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from wx2md.cli import main

BENCH = ROOT / "bench" / "bench_normalize.py"


def load():
    spec = importlib.util.spec_from_file_location("bench_normalize", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # as run.py does: not registered in sys.modules
    return module


def test_bench_posts_are_clean_and_rows_read_well(tmp_path: Path):
    bench = load()
    paths = bench.make_posts(tmp_path, 8)
    assert len({p.name for p in paths}) == 8
    result = CliRunner().invoke(main, ["normalize", "--check", *map(str, paths)])
    assert result.exit_code == 0, result.output
    timing = bench.Timing(0.5, 0.6, 0)
    rows = bench.rows(bench.Result(8, timing, bench.Timing(2.0, 2.2, 1)))
    assert rows[0][0] == "normalize --check: 8 clean posts" and rows[0][1] == "0.50 s CPU (0.60 s wall)"
    assert rows[2] == ("normalize / mdformat", "0.25x CPU (0.27x wall)", "same run")
