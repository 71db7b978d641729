"""Liquid protection for existing posts: shield what would break the build, keep what the author meant.

`convert` shields every `{{ }}` and `{% %}` because WeChat text never means Liquid.
An existing Jekyll post may mean it (`{% include %}`, `{{ site.baseurl }}`,
`{% highlight %}`), so here only the rest is shielded: unknown tags (Hexo's
`{% asset_img %}` fails the build), expressions that are not Jekyll variables,
and everything in code and math. The shielding is convert's own
(`markdown.shield_liquid`: `{% raw %}` and `{% endraw %}` on lines of their own,
a blank line away from the Markdown, never on a fence line), applied to each run
of blocks that needs it. A block that also holds Liquid the author meant (a
`{% highlight %}` block with `{{ }}` in its code) gets the tags around each
unmeant token instead, so the meant tags keep working. Text already inside
`{% raw %}…{% endraw %}` is left alone, so a second run changes nothing.
"""

from __future__ import annotations

import re

from wx2md.engines.raw import ENDRAW, LITERAL_ENDRAW, RAW_CLOSE, RAW_OPEN, shield_liquid
from wx2md.markdown import FENCE_LINE
from wx2md.normalize.body import fence_end

TOKEN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{|\{%", re.S)
TAG_NAME = re.compile(r"\{%-?\s*(\w+)")
# Liquid's own tags and Jekyll's (plus the plugins GitHub Pages ships): these are meant.
KNOWN_TAGS = frozenset({
    "raw", "endraw", "comment", "endcomment", "if", "elsif", "else", "endif", "unless", "endunless",
    "case", "when", "endcase", "for", "endfor", "break", "continue", "cycle", "tablerow", "endtablerow",
    "assign", "capture", "endcapture", "increment", "decrement", "include", "include_relative",
    "highlight", "endhighlight", "link", "post_url", "seo", "feed_meta", "gist", "avatar",
    "github_edit_link", "render", "liquid", "echo",
})
# Roots of the variables Jekyll gives a post's Liquid; `{{ "…" }}` prints a string literal.
JEKYLL_VARIABLE = re.compile(
    r"^\{\{-?\s*(?:(?:site|page|post|paginator|jekyll|layout|include|content|forloop)\b[^{}]*"
    r"|\"[^\"]*\"|'[^']*')\s*-?\}\}$",
    re.S,
)
IS_RAW_OPEN = re.compile(r"^\{%-?\s*raw\s*-?%\}$")
IS_RAW_CLOSE = re.compile(r"^\{%-?\s*endraw\s*-?%\}$")
MATH_FENCE = re.compile(r"^\s*\$\$")


def unsafe_spans(text: str, *, in_code: bool = False) -> list[tuple[int, int]]:
    """Where Liquid would evaluate something the author did not mean, outside raw blocks."""
    spans: list[tuple[int, int]] = []
    raw = False
    for match in TOKEN.finditer(text):
        token = match.group(0)
        if raw:
            raw = not IS_RAW_CLOSE.match(token)
            continue
        if IS_RAW_OPEN.match(token):
            raw = True
            continue
        if in_code or not _meant(token):
            spans.append(match.span())
    return spans


def _meant(token: str) -> bool:
    if token.startswith("{{"):
        return bool(JEKYLL_VARIABLE.match(token))
    name = TAG_NAME.match(token)
    return bool(name) and name.group(1) in KNOWN_TAGS and token.endswith("%}")


def protect(text: str) -> str:
    """`text` with every run of blocks holding unmeant Liquid shielded as `convert` shields it."""
    if "{{" not in text and "{%" not in text:
        return text
    text = _lone_raw_tags(text)
    lines = text.split("\n")
    blocks = _blocks(lines)
    inside_raw = _raw_state(lines)
    plans = [_plan(lines, block, inside_raw) for block in blocks]
    first = next((k for k, plan in enumerate(plans) if plan != "blank"), None)
    if first is not None and plans[first] == "shield" and not blocks[first][2]:
        plans[first] = "tokens"  # a lone `{% raw %}` paragraph would be the excerpt: Jekyll warns, cuts it
    out: list[str] = []
    i = 0
    while i < len(blocks):
        start, end, _ = blocks[i]
        if plans[i] == "tokens":
            joined = "\n".join(lines[start:end])
            out.extend(_wrap_tokens(joined, unsafe_spans(joined, in_code=blocks[i][2])).split("\n"))
        elif plans[i] == "shield":
            last = i  # the run: this block and the next ones that need shielding, blank lines between
            j = i + 1
            while j < len(blocks) and plans[j] in ("shield", "blank"):
                if plans[j] == "shield":
                    last = j
                j += 1
            run = "\n".join(lines[start:blocks[last][1]])
            out.extend(shield_liquid(run, at_start=i == first).rstrip("\n").split("\n"))
            i = last
        else:
            out.extend(lines[start:end])
        i += 1
    return "\n".join(out)


def _plan(lines: list[str], block: tuple[int, int, bool], inside_raw: list[bool]) -> str:
    """blank | keep | shield (the whole block) | tokens (each unmeant token)."""
    start, end, code = block
    joined = "\n".join(lines[start:end])
    if not joined.strip():
        return "blank"
    if inside_raw[start] or not unsafe_spans(joined, in_code=code):
        return "keep"
    if code:
        return "shield"  # guards inside a fence would show on GitHub: the whole fence, on lines of their own
    # Meant tags, or raw blocks of the author's (a shield around them would end at their `{% endraw %}`).
    return "tokens" if _has_meant_tags(joined) or "raw" in joined and _has_raw(joined) else "shield"


def _has_raw(text: str) -> bool:
    return any(IS_RAW_OPEN.match(m.group(0)) for m in TOKEN.finditer(text))


def _lone_raw_tags(text: str) -> str:
    """A `{% raw %}` never closed and an `{% endraw %}` never opened fail Jekyll's build: both become text.

    Each goes into a raw block of its own (the closer as convert writes a literal
    `{% endraw %}`); a second run finds nothing lone.
    """
    if "raw" not in text:
        return text
    tokens = [m for m in TOKEN.finditer(text) if IS_RAW_OPEN.match(m.group(0)) or IS_RAW_CLOSE.match(m.group(0))]
    lone: list[re.Match[str]] = []
    open_at: re.Match[str] | None = None
    for match in tokens:
        if IS_RAW_OPEN.match(match.group(0)):
            if open_at is None:
                open_at = match
        elif open_at is not None:
            open_at = None
        else:
            lone.append(match)
    if open_at is not None:
        lone.append(open_at)
    for match in sorted(lone, key=lambda m: m.start(), reverse=True):
        token = match.group(0)
        shown = RAW_OPEN + (token if IS_RAW_OPEN.match(token) else ENDRAW.sub(LITERAL_ENDRAW, token)) + RAW_CLOSE
        text = text[: match.start()] + shown + text[match.end():]
    return text


def _has_meant_tags(text: str) -> bool:
    return any(tok.startswith("{%") and _meant(tok) and not IS_RAW_OPEN.match(tok) and not IS_RAW_CLOSE.match(tok)
               for tok in (m.group(0) for m in TOKEN.finditer(text)))


def _wrap_tokens(text: str, spans: list[tuple[int, int]]) -> str:
    """Each unmeant token in raw tags of its own, in place."""
    out, last = [], 0
    for start, end in spans:
        token = ENDRAW.sub(LITERAL_ENDRAW, text[start:end])
        out += [text[last:start], RAW_OPEN, token, RAW_CLOSE]
        last = end
    out.append(text[last:])
    return "".join(out)


def _raw_state(lines: list[str]) -> list[bool]:
    """For each line, whether it starts inside a `{% raw %}` region opened on an earlier line."""
    state: list[bool] = []
    raw = False
    for line in lines:
        state.append(raw)
        for match in TOKEN.finditer(line):
            if raw and IS_RAW_CLOSE.match(match.group(0)):
                raw = False
            elif not raw and IS_RAW_OPEN.match(match.group(0)):
                raw = True
    return state


def _blocks(lines: list[str]) -> list[tuple[int, int, bool]]:
    """(start, end, holds code or math) for each run of non-blank lines, and each blank line.

    A fence is never split, and its closing line ends the block (as in convert's
    shielding, which then sees the same units).
    """
    blocks: list[tuple[int, int, bool]] = []
    start: int | None = None
    code = False

    def close(at: int) -> None:
        nonlocal start, code
        if start is not None:
            blocks.append((start, at, code))
        start, code = None, False

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE_LINE.match(line)
        if fence:  # the whole fence joins the block, and its closing line ends it
            if start is None:
                start = i
            code = True
            i = fence_end(lines, i, fence.group(1))
            close(i)
            continue
        if not line.strip():
            close(i)
            blocks.append((i, i + 1, False))
        else:
            if start is None:
                start = i
            if MATH_FENCE.match(line):
                code = True
        i += 1
    close(len(lines))
    return blocks
