"""The byline under a WeChat title, as tools copy it: `原创 作者 公众号 2024-06-04 19:10 上海`."""

from __future__ import annotations

import re

from wx2md.migrate.readers.furniture import plain

MARKS = ("原创", "转载", "Original", "Reprint")
LINK = re.compile(r"\[\s*([^\]\n]*?)\s*\]\((?:javascript:[^)]*(?:\\\)|\))*|[^)\s]*)\)")


def words(line: str) -> tuple[list[str], bool | None]:
    """The byline's names (author first, account last) and whether it says 原创."""
    text = line.replace("\\(", "(").replace("\\)", ")")
    text = re.sub(r"\[\s*([^\]\n]*?)\s*\]\(javascript:void\(0\);?\)", r" \1 ", text)
    text = plain(LINK.sub(lambda m: f" {m.group(1)} ", text))
    names = text.split()
    original = None
    while names and names[0] in MARKS:
        original = names.pop(0) in ("原创", "Original")
    return names, original
