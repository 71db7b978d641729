"""What several test files share: the real pages in ../shared, their labels, the bundled
sample, small PNGs and China's +08:00 zone.

Test files import the constants (`from conftest import PAGES, read_page`); the
real pages are third-party content, read in place and never copied here.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta, timezone
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PAGES = SHARED / "wechat-pages"
LABELS = SHARED / "eval" / "labels.tsv"
SCORE = SHARED / "eval" / "score.py"
SAMPLE = ROOT / "fixtures" / "sample-article.html"
TZ8 = timezone(timedelta(hours=8))

needs_shared = pytest.mark.skipif(not LABELS.is_file(), reason="../shared/eval/labels.tsv is not available")


def labels() -> list[dict[str, str]]:
    """Rows of labels.tsv whose page is present (file, kind, title, account, author, date)."""
    if not LABELS.is_file():
        return []
    with LABELS.open(encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh, delimiter="\t") if (PAGES / row["file"]).is_file()]


CONTENT_LABELS = [row for row in labels() if row["kind"] != "error"]
ERROR_LABELS = [row for row in labels() if row["kind"] == "error"]


def read_page(name: str) -> str:
    """A real page's text, or a skip when ../shared is absent."""
    path = PAGES / name
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return path.read_text(encoding="utf-8", errors="replace")


@cache
def png_bytes(size: int = 8, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small valid PNG."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (size, size), color).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def tz8() -> timezone:
    return TZ8


@pytest.fixture
def sample_html() -> str:
    return SAMPLE.read_text(encoding="utf-8")
