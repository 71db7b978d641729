"""What `convert` writes is already normal: normalize changes nothing in it.

Over the bundled sample and every real page in ../shared (skipped when absent):
one pipeline, two commands, no disagreement about what a clean post is.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from wx2md.core import convert_html
from wx2md.errors import PageUnavailable
from wx2md.normalize import normalize_document, normalize_text
from wx2md.post import render
from wx2md.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT.parent / "shared" / "wechat-pages").glob("*.html"))
SOURCES = [ROOT / "fixtures" / "sample-article.html", *PAGES]
NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_converted_post_is_a_fixed_point(source: Path):
    settings = Settings(categories=("wechat",))
    try:
        post = convert_html(source.read_text(encoding="utf-8", errors="replace"), "", settings, now=NOW)
    except PageUnavailable:
        pytest.skip("an error page: no post")
    text = render(post)
    assert normalize_text(text, name=post.filename, settings=settings) == text
    # and the round-trip YAML path agrees with convert's own YAML
    assert normalize_document(text, name=post.filename, settings=settings, keep_clean_header=False).text == text
