"""Text rules for Chinese prose: what counts as CJK, what is invisible, how spaces collapse."""

from __future__ import annotations

import re
from functools import lru_cache

# Ideographs, kana, CJK and full-width punctuation: characters between which a
# source line break is not a space (CSS Text's segment-break rule). Chinese text sets
# curly quotes, dashes and ellipses full width, so they count too: `回\n“那咋了”` is `回“那咋了”`.
CJK_CHARS = (
    "\u2014\u2018\u2019\u201c\u201d\u2026"
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
CJK = re.compile(f"[{CJK_CHARS}]")
# Zero-width and formatting characters editors leave behind.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad]")
SPACES = " \t\r\n\f\xa0"  # what collapses (NBSP too: see `collapse_whitespace`)
WHITESPACE_RUN = re.compile(f"[{SPACES}]+")


def strip_invisible(text: str) -> str:
    """`text`, as a plain str, without zero-width and formatting characters.

    ASCII text holds none of them and is not scanned (code blocks mostly are).
    """
    return str(text) if text.isascii() else INVISIBLE.sub("", text)


@lru_cache(maxsize=8192)
def is_cjk(char: str) -> bool:
    """Asked of the characters either side of every line break in a body: a few hundred distinct ones."""
    return bool(char) and CJK.match(char) is not None


def collapse_whitespace(text: str, *, before: str = "", after: str = "") -> str:
    """Collapse whitespace runs to one space, and drop line breaks between CJK characters.

    `before` and `after` are the visible characters next to this text in the same
    block, so a break at the text's edge is judged against its real neighbours.
    NBSP counts as a space here: in prose it is layout, not content.
    """
    return collapse_visible(strip_invisible(text), before=before, after=after)


# What collapsing changes: a tab, line break, form feed or NBSP, or spaces in a row (a lone
# space stays itself). Most text runs of a body hold none.
COLLAPSIBLE = re.compile(r"[\t\r\n\f\xa0]|  ")


def collapse_visible(text: str, *, before: str = "", after: str = "") -> str:
    """`collapse_whitespace` of text already stripped of invisible characters.

    The cleaner strips a whole body's text at once, then collapses each run;
    a run with nothing to collapse is given back as it is, unscanned.
    """
    if COLLAPSIBLE.search(text) is None:
        return text
    if not text.strip(SPACES):  # one run and nothing else (most often the "\n" between two tags)
        return "" if ("\n" in text or "\r" in text) and is_cjk(before) and is_cjk(after) else " "

    def replace(match: re.Match[str]) -> str:
        run = match.group(0)
        if "\n" not in run and "\r" not in run:
            return " "
        start, end = match.start(), match.end()
        left = text[start - 1] if start > 0 else before
        right = text[end] if end < len(text) else after
        return "" if is_cjk(left) and is_cjk(right) else " "

    return WHITESPACE_RUN.sub(replace, text)
