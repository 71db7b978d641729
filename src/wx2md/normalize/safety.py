"""The promise that normalizing never loses text, checked on every file before it is written.

mdformat renders input and output and refuses to write when they differ; here the
repairs change markup on purpose (HTML becomes Markdown, URLs lose parameters), so
what must match is the visible text: letters, digits and CJK characters, in order,
with markup, link targets, image sources and Liquid raw tags set aside.
"""

from __future__ import annotations

import html
import re

from wx2md.errors import BadInput

INVISIBLE_HTML = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
TAG = re.compile(r"</?[A-Za-z][^>]*>")
RAW_TAG = re.compile(r"\{%-?\s*(?:raw|endraw)\s*-?%\}")
IAL = re.compile(r"\{:[^}\n]*\}")
NOT_VISIBLE = re.compile(r"[\W_]+")


class TextLost(BadInput):
    """The repaired body would not say what the original said: nothing is written."""


def visible_text(markdown: str) -> str:
    """Letters, digits and CJK of a Markdown body, in order."""
    from wx2md.markdown import LITERAL_ENDRAW  # late: only bodies that changed are compared

    text = INVISIBLE_HTML.sub(" ", markdown)
    text = IMAGE.sub(" ", text)
    text = LINK_TARGET.sub("] ", text)
    text = TAG.sub(" ", text)
    text = RAW_TAG.sub(" ", text.replace(LITERAL_ENDRAW, "{%"))  # a shielded literal `{% endraw %}` is its text
    text = IAL.sub(" ", text)
    text = html.unescape(text)
    return NOT_VISIBLE.sub("", text)


def check_text_kept(before: str, after: str, *, name: str) -> None:
    """Raise TextLost naming the file and the first difference when `after` lost or gained text."""
    old, new = visible_text(before), visible_text(after)
    if old == new:
        return
    i = next((k for k, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    raise TextLost(
        f"{name}: refusing to write, the text would change at character {i}: "
        f"{_context(old, i)!r} became {_context(new, i)!r}"
    )


def _context(text: str, i: int) -> str:
    return text[max(0, i - 12): i + 12] or "(nothing)"
