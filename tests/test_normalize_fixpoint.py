"""What `convert` writes is already normal: normalize changes nothing in it.

Over the bundled sample and every real page in ../shared that holds an article
(error pages make no post; test_error_pages.py holds them): one pipeline, two
commands, no disagreement about what a clean post is.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import CONTENT_PAGES, SAMPLE

from wx2md.core import convert_html
from wx2md.normalize import normalize_document, normalize_text
from wx2md.post import render
from wx2md.settings import Settings

SOURCES = [SAMPLE, *CONTENT_PAGES]
NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_converted_post_is_a_fixed_point(source: Path):
    settings = Settings(categories=("wechat",))
    post = convert_html(source.read_text(encoding="utf-8", errors="replace"), "", settings, now=NOW)
    text = render(post)
    assert normalize_text(text, name=post.filename, settings=settings) == text
    # and the round-trip YAML path agrees with convert's own YAML
    assert normalize_document(text, name=post.filename, settings=settings, keep_clean_header=False).text == text
