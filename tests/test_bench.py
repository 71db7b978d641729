"""bench/run.py's plumbing (no timings here): optional sections join the table, the table is Markdown."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import ROOT

BENCH = ROOT / "bench" / "run.py"


def load_run():
    spec = importlib.util.spec_from_file_location("bench_run", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_optional_bench_files_add_rows_or_are_run_by_main(tmp_path: Path):
    run = load_run()
    (tmp_path / "bench_normalize.py").write_text(
        "def section(quick):\n    return [('normalize: 5 posts', '12 ms' if quick else '10 ms', 'note')]\n", encoding="utf-8")
    (tmp_path / "bench_migrate.py").write_text("def main():\n    return 0\n", encoding="utf-8")

    rows, mains = run.optional_sections(True, tmp_path)

    assert rows == [run.Row("normalize: 5 posts", "12 ms", "note")]
    assert mains == ["bench_migrate"]
    assert run.optional_sections(False, tmp_path / "absent") == ([], [])


def test_the_table_is_markdown_and_p95_is_nearest_rank():
    run = load_run()
    assert run.table([run.Row("a", "1 ms")]).splitlines() == ["| measure | value | note |", "|---|---:|---|", "| a | 1 ms |  |"]
    assert run.p95([float(i) for i in range(1, 21)]) == 19.0
    assert run.p95([3.0]) == 3.0
