"""One broken spot never refuses a whole article: the parts the repairs would change stay as written.

`normalize` refuses a post whose visible text its repairs would change (TextLost):
right for a post in place, where nothing is lost by waiting. An archive's article
would be lost instead, for one unclosed `![作者头像](http://…` in a footer. So the
body is repaired block by block (blocks parted by blank lines, fences kept whole):
each block whose repair keeps its text takes it, the others stay as the source had
them, and the report says how many.
"""

from __future__ import annotations

import re
from dataclasses import replace

from wx2md.models import Post
from wx2md.settings import Settings

FRONT = re.compile(r"\A(---[ \t]*\n.*?\n---[ \t]*\n)(.*)\Z", re.S)
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def blocks(body: str) -> list[str]:
    """The body's blocks: runs of lines between blank lines, a fenced block never parted."""
    out: list[str] = []
    current: list[str] = []
    fence = ""
    for line in body.split("\n"):
        mark = FENCE.match(line)
        if fence:
            current.append(line)
            if mark and mark.group(1)[0] == fence[0] and len(mark.group(1)) >= len(fence):
                fence = ""
            continue
        if mark:
            fence = mark.group(1)
        if not line.strip() and not fence:
            if current:
                out.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        out.append("\n".join(current))
    return out


def repaired_block(block: str, name: str) -> tuple[str, bool]:
    """(the block repaired, True) when its text survives the repairs, else (as written, False)."""
    from wx2md.normalize import TextLost
    from wx2md.normalize.body import repair
    from wx2md.normalize.safety import check_text_kept

    fixed = repair(block).strip("\n")
    try:
        check_text_kept(block, fixed, name=name)
    except TextLost:
        return block, False
    return fixed, True


def post_keeping_text(text: str, name: str, settings: Settings, markdown_post) -> tuple[Post, int]:
    """The post with each block repaired where that keeps its text; (post, blocks kept as written).

    `markdown_post(text, name, settings)` reads the front matter (and the date, slug,
    cover) exactly as for any post; only the body is assembled here."""
    match = FRONT.match(text)
    if not match:
        raise ValueError("no YAML front matter")
    post = markdown_post(match.group(1) + "\n", name, settings)
    parts = [repaired_block(b, name) for b in blocks(match.group(2))]
    body = "\n\n".join(p for p, _ in parts).strip("\n") + "\n"
    from wx2md.normalize import _images  # the image stage's own reading of a body's remote images

    return replace(post, content=body, images=_images(body)), sum(not ok for _, ok in parts)
