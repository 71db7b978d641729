"""The migration report: one row per item, as JSON or a Markdown table, and a one-line summary.

The format follows the file name (`.json`, else Markdown), rows are streamed from
the manifest, and the file is written atomically like everything else.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path

from wx2md.migrate.manifest import ReportRow

STATUSES = ("written", "updated", "skipped", "duplicate", "missing", "not-fetched", "unavailable", "failed")
WORDS = {"missing": "not in the archive", "not-fetched": "not fetched"}


def write_report(path: Path, rows: Iterable[ReportRow]) -> None:
    """`path` holds the report when this returns, or its old content if anything failed."""
    from wx2md.site import atomic_file  # the posts' own atomic write: umask modes, fsync, rename

    path = path.resolve()
    with atomic_file(path.parent, path) as raw:
        handle = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        (_json if path.suffix.lower() == ".json" else _markdown)(handle, rows)
        handle.flush()
        handle.detach()  # atomic_file syncs and closes the file itself


def _json(handle, rows: Iterable[ReportRow]) -> None:
    handle.write("[")
    for i, row in enumerate(rows):
        handle.write(",\n " if i else "\n ")
        handle.write(json.dumps(vars(row), ensure_ascii=False))
    handle.write("\n]\n")


def _markdown(handle, rows: Iterable[ReportRow]) -> None:
    handle.write("| source | shape | status | post | reason |\n|---|---|---|---|---|\n")
    for row in rows:
        cells = (row.source, row.shape, row.status, row.post, row.reason)
        handle.write("| " + " | ".join(_cell(c) for c in cells) + " |\n")


def _cell(text: str) -> str:
    return " ".join(str(text or "").split()).replace("\\", "\\\\").replace("|", "\\|")


def summary_line(counts: dict[str, int], *, flagged: int = 0, images_kept: int = 0, from_list: int = 0,
                 dry_run: bool = False) -> str:
    """`migrate: 12 items: 9 written, 1 duplicate, 2 failed (3 dates not from the source: see the report)`.

    Lists and assets are files of the archive, not items: they are counted after the items."""
    total = sum(counts.get(s, 0) for s in STATUSES)
    parts = [f"{counts[s]} {WORDS.get(s, s)}" for s in STATUSES if counts.get(s)]
    line = f"migrate{' (dry run)' if dry_run else ''}: {total} item{'' if total == 1 else 's'}"
    line += ": " + ", ".join(parts) if parts else ""
    if counts.get("list"):
        line += f"; {counts['list']} list{'' if counts['list'] == 1 else 's'} read"
    notes = []
    if counts.get("missing"):
        notes.append("--fetch-missing fetches what is not in the archive")
    if flagged:
        notes.append(f"{flagged} date{'' if flagged == 1 else 's'} not from the source")
    if from_list:
        notes.append(f"{from_list} post{'' if from_list == 1 else 's'} from list text: no paragraphs or images")
    if images_kept:
        notes.append(f"{images_kept} post{'' if images_kept == 1 else 's'} with unsaved images")
    if notes:
        line += f" ({', '.join(notes)}: see the report)"
    return line
