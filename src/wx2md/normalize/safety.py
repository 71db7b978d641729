"""The promise that normalizing never loses text, checked on every file that changes.

mdformat renders input and output and refuses to write when they differ; here the
repairs change markup on purpose (HTML becomes Markdown, URLs lose parameters), so
what must match is what a reader sees: both sides are rendered by a real CommonMark
renderer (markdown-it-py, tables on, raw HTML passed through as a browser gets it)
and compared as text, letters, digits and CJK in order. Code spans, autolinks and
list numbers then count for what they are (code text, a link, a list marker), not
for the characters a regular expression would see. Liquid raw guards, SVG
placeholder images and WeChat image URLs written out as text are set aside: the
repairs add the first and remove or clean the others on purpose.

Only files whose body changed are rendered (the caller checks), so a hook run over
clean posts never imports the renderer.
"""

from __future__ import annotations

import html
import re
from functools import cache

from wx2md.errors import BadInput
from wx2md.wechat import IMAGE_CDN_HOSTS

RAW_TAG = re.compile(r"\{%-?\s*(?:raw|endraw)\s*-?%\}")
IAL = re.compile(r"\{:[^}\n]*\}")
# A lazy loader's SVG placeholder: an image that never was one (its markup may even print as text).
SVG_PLACEHOLDER = re.compile(r"!\[[^\]\n]*\]\(\s*<?data:image/svg\+xml[^)\n]*\)")
INVISIBLE_HTML = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
HTML_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*\s*/?>", re.S)
MMBIZ_TEXT = re.compile(rf"https?://{IMAGE_CDN_HOSTS}/" + r"[^\s<>\"')\]]*")
NOT_VISIBLE = re.compile(r"[\W_]+")
CONTEXT = 16  # rendered characters shown either side of a difference
# A line holding one inline tag alone (`<img …>`): CommonMark opens an HTML block there and swallows
# the Markdown lines under it as raw text; kramdown and the repairs read them as Markdown.
QUOTE_MARKS = re.compile(r"(?: {0,3}> ?)*")
LONE_INLINE_TAG = re.compile(r"^ {0,3}<(?:img|a|span|font|br|strong|b|em|i|u|s|sup|sub|code)\b[^\n]*>[ \t]*$", re.I)


class TextLost(BadInput):
    """The repaired body would not say what the original said: nothing is written."""


@cache
def _renderer():
    """CommonMark with tables and raw HTML, as GitHub and the engines' renderers read a post."""
    from markdown_it import MarkdownIt  # late: only bodies that changed are rendered

    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _prepare(markdown: str) -> str:
    """Markdown with what the repairs add on purpose set aside (raw guards, kramdown attribute lists)."""
    from wx2md.engines.raw import LITERAL_ENDRAW  # a shielded literal `{% endraw %}` is its text

    text = IAL.sub(" ", RAW_TAG.sub(" ", markdown.replace(LITERAL_ENDRAW, "{%")))
    return SVG_PLACEHOLDER.sub(" ", text) if "data:image/svg" in text else text


def rendered_text(html_out: str) -> str:
    """The text of rendered HTML as a browser shows it (scripts, styles and comments unseen).

    List numbers are the list's, not text: `1.` in Markdown and `<ol><li>` in HTML read the same.
    """
    text = INVISIBLE_HTML.sub(" ", html_out)
    text = HTML_TAG.sub(" ", text)
    text = html.unescape(text)
    return MMBIZ_TEXT.sub(" ", text)


def visible_text(markdown: str) -> str:
    """Letters, digits and CJK a reader sees once `markdown` is rendered, in order."""
    return NOT_VISIBLE.sub("", rendered_text(_renderer().render(_prepare(markdown))))


def check_text_kept(before: str, after: str, *, name: str, first_line: int = 1) -> None:
    """Raise TextLost naming the file, the line and the rendered difference when `after` lost or gained text.

    `first_line` is the file line the body starts on, so the line named is the file's.
    """
    apart, added = blocks_as_repairs_read(before)
    old, new = visible_text(apart), visible_text(after)
    if old == new:
        return
    lost = first_loss(old, new)
    if lost is None:
        return  # text only gained: markup the original hid now shows (`<tag>` in code it swallowed)
    i, j = lost
    at = _source_line(_prepare(apart), i)
    line = first_line + at - sum(1 for k in added if k < at)
    raise TextLost(
        f"{name}: refusing to write, the rendered text would change at line {line}: "
        f"{_context(old, i)!r} would read {_context(new, j)!r}"
    )


def blocks_as_repairs_read(body: str) -> tuple[str, list[int]]:
    """`body` split into the blocks the repairs (and kramdown) see, and the blank lines that took.

    CommonMark folds a Markdown line that directly follows an HTML island, or a lone
    inline tag, into an HTML block; the repairs read it as Markdown.
    """
    from wx2md.normalize.body import islands_apart

    apart, added = islands_apart(body)
    apart, more, moved = _inline_tags_apart(apart)
    return apart, sorted([moved[k] for k in added] + more)


def _inline_tags_apart(body: str) -> tuple[str, list[int], list[int]]:
    """`body` with a blank line after a lone inline tag that Markdown follows directly, and where they went.

    Read as CommonMark, `<img …>` alone on a line starts an HTML block that turns the
    next lines into raw text (`[0](url)` shown as written); the repairs make the tag a
    Markdown image in its paragraph, as kramdown reads it, and the link then reads `0`.
    Both sides must be the same blocks for their text to compare. Also returns
    where each line of `body` went.
    """
    lines = body.split("\n")
    if "<" not in body:
        return body, [], list(range(len(lines)))
    out: list[str] = []
    added: list[int] = []
    moved: list[int] = []
    for i, line in enumerate(lines):
        moved.append(len(out))
        out.append(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        quote = QUOTE_MARKS.match(line).group(0)  # inside a quote the same holds, line by quoted line
        after = QUOTE_MARKS.match(following).group(0)
        rest, next_rest = line[len(quote):], following[len(after):]
        if next_rest.strip() and not next_rest.lstrip().startswith("<") and LONE_INLINE_TAG.match(rest) \
                and quote.replace(" ", "") == after.replace(" ", ""):
            added.append(len(out))
            out.append(quote.rstrip())
    return "\n".join(out), added, moved


def first_loss(old: str, new: str) -> tuple[int, int] | None:
    """Where `old` stops being found, in order, in `new` (positions in both); None when none of it is lost.

    The common head and tail are matched first, so the greedy walk only covers
    the part that changed."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    j = head
    for i in range(head, len(old) - tail):
        found = new.find(old[i], j, len(new) - tail)
        if found < 0:
            return i, min(j, len(new))
        j = found + 1
    return None


def _source_line(markdown: str, index: int) -> int:
    """The line (0-based, in `markdown`) of the top-level block whose rendered text holds character `index`."""
    md = _renderer()
    tokens = md.parse(markdown)
    seen, start, line = 0, 0, 0
    for i, token in enumerate(tokens + [None]):
        if token is not None and not (token.level == 0 and token.nesting >= 0 and token.map):
            continue
        if i > start:  # the block that ran from `start` to here
            text = NOT_VISIBLE.sub("", rendered_text(md.renderer.render(tokens[start:i], md.options, {})))
            if seen + len(text) > index:
                return line
            seen += len(text)
        if token is not None:
            start, line = i, token.map[0]
    return line


def _context(text: str, i: int) -> str:
    return text[max(0, i - CONTEXT): i + CONTEXT] or "(nothing)"
