"""Step 2: the kind of post a page holds."""

from __future__ import annotations

import pytest

from wx2md.extract import extract
from pagebuilders import modern_article, text_of


def test_legacy_uppercase_markup_from_old_browsers():
    raw = (
        '<HTML><BODY><DIV ID="js_article"><H2 ID=\'activity-name\'>旧页面</H2>'
        "<DIV class=rich_media_content ID=js_content><DIV><P>甲</P></DIV><P>乙</P></DIV><DIV>页脚</DIV></DIV>"
        "<SCRIPT>var msg_title = \"旧页面\";</SCRIPT></BODY></HTML>"
    )
    art = extract(raw)
    assert art.kind == "article" and text_of(art.content) == "甲 乙"


def test_bytes_are_accepted():
    assert extract(modern_article().encode("utf-8")).kind == "article"

