"""Shared by the migrate tests (no tests of its own): the archive builders and reading what migrate wrote."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner
from conftest import PAGES, ROOT, SEEDS  # noqa: F401  (PAGES, SEEDS: re-exported to the migrate tests)

from wx2md.cli import main



def _load_archive():
    spec = importlib.util.spec_from_file_location("migrate_archive", ROOT / "fixtures" / "migrate" / "archive.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["migrate_archive"] = module
    spec.loader.exec_module(module)
    return module


archive = _load_archive()


def run(*args: str):
    return CliRunner().invoke(main, ["migrate", *args], catch_exceptions=False)


def posts(site: Path) -> dict[str, tuple[dict, str]]:
    """Post file name -> (front matter, body)."""
    found = {}
    for path in sorted((site / "_posts").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n"), path
        head, body = text[4:].split("\n---\n", 1)
        found[path.name] = (yaml.safe_load(head), body)
    return found


def by_title(site: Path) -> dict[str, list[tuple[str, dict, str]]]:
    out: dict[str, list] = {}
    for name, (front, body) in posts(site).items():
        out.setdefault(str(front["title"]), []).append((name, front, body))
    return out


def report(path: Path, *, files: bool = False) -> list[dict]:
    """The report's item rows; with `files`, the rows of the archive's lists and assets too."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return rows if files else [r for r in rows if r["status"] not in ("list", "asset")]
