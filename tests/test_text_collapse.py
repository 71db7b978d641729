"""`collapse_visible` gives back text with nothing to collapse unchanged, and agrees with `collapse_whitespace`."""

from __future__ import annotations

import pytest

from wx2md.text import collapse_visible, collapse_whitespace

CASES = [
    "plain words", "中文 text", "two  spaces", "tab\there", "line\nbreak", "中\n文", "中 \n 文", "a\xa0b",
    "\n", " ", "", "end \n", "\r\n中文\r\n", "中\u200b\n文", "x\fy",
    "\r\n", " \n\n ", "\xa0\n", "\xa0", "\t", "\r",
]


@pytest.mark.parametrize("text", CASES)
def test_collapse_visible_matches_collapse_whitespace(text: str) -> None:
    for before, after in (("", ""), ("中", "文"), ("a", "b")):
        visible = text.replace("\u200b", "")
        assert collapse_visible(visible, before=before, after=after) == collapse_whitespace(text, before=before, after=after)


def test_text_with_nothing_to_collapse_is_returned_as_is() -> None:
    text = "第一段 word 第二段"
    assert collapse_visible(text) is text


def test_line_break_between_cjk_characters_goes() -> None:
    assert collapse_visible("中文\n中文") == "中文中文"
    assert collapse_visible("中文\n", after="字") == "中文"
    assert collapse_visible("word\nword") == "word word"


def test_strip_invisible_gives_plain_text_and_skips_nothing_it_should_strip() -> None:
    from bs4 import NavigableString

    from wx2md.text import strip_invisible

    assert type(strip_invisible(NavigableString("code = 1"))) is str
    assert strip_invisible("a\u200bb\ufeff中\u00ad文") == "ab中文"
    assert strip_invisible("plain ascii") == "plain ascii"
