"""Step 2: the kind of post a page holds."""

from __future__ import annotations

import pytest
from conftest import CONTENT_LABELS, read_page
from pagebuilders import (
    PICTURE_BODY,
    PICTURE_SCRIPTS,
    SHARE_BODY,
    modern_article,
    page,
    text_of,
    text_post,
    weui_page,
)

from wx2md.extract import extract


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



def test_kind_is_an_enum_and_detection_never_raises():
    from wx2md.extract import Kind
    from wx2md.extract.kind import detect
    from wx2md.extract.page import Page

    assert detect(Page.read(modern_article())) is Kind.ARTICLE
    assert detect(Page.read(page(body=PICTURE_BODY, scripts=PICTURE_SCRIPTS))) is Kind.PICTURE
    assert detect(Page.read(text_post("t", "正文"))) is Kind.TEXT
    assert detect(Page.read(page(body=SHARE_BODY, scripts='var msg_title = "t";'))) is Kind.SHARE
    for raw in ("", "<html><body><p>hello</p></body></html>", weui_page("该内容已被发布者删除")):
        assert detect(Page.read(raw)) is None
    assert Kind.ARTICLE == "article"  # a StrEnum: compares and prints as its name


@pytest.mark.parametrize("row", CONTENT_LABELS, ids=[row["file"] for row in CONTENT_LABELS])
def test_real_page_kinds(row):
    from wx2md.extract.kind import detect
    from wx2md.extract.page import Page

    assert detect(Page.read(read_page(row["file"]))) == row["kind"]
