"""Liquid protection for existing posts: shield what would break the build, keep what the author meant.

`convert` shields every `{{ }}` and `{% %}` because WeChat text never means Liquid.
An existing Jekyll post may mean it (`{% include %}`, `{{ site.baseurl }}`,
`{% highlight %}`), so here only the rest is wrapped: unknown tags (Hexo's
`{% asset_img %}` fails the build), expressions that are not Jekyll variables,
and everything in code and math. Wrapping works as in `convert`, block by block
with `{% raw %}` on the block's first line and `{% endraw %}` on its last, except
that a fence line never carries them: there the tags get lines of their own.
A block that also holds Liquid the author meant (a `{% highlight %}` block with
`{{ }}` in its code) gets the tags around each unmeant token instead, so the
meant tags keep working. Text already inside `{% raw %}…{% endraw %}` is left
alone, so a second run changes nothing.
"""

from __future__ import annotations

import re

from wx2md.markdown import FENCE_LINE

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
RAW_OPEN = re.compile(r"^\{%-?\s*raw\s*-?%\}$")
RAW_CLOSE = re.compile(r"^\{%-?\s*endraw\s*-?%\}$")
OPEN = "{% raw %}"
CLOSE = "{% endraw %}"
ESCAPED_CLOSE = CLOSE + '{{ "{%" }} endraw %}' + OPEN


def unsafe_spans(text: str, *, in_code: bool = False) -> list[tuple[int, int]]:
    """Where Liquid would evaluate something the author did not mean, outside raw blocks."""
    spans: list[tuple[int, int]] = []
    raw = False
    for match in TOKEN.finditer(text):
        token = match.group(0)
        if raw:
            raw = not RAW_CLOSE.match(token)
            continue
        if RAW_OPEN.match(token):
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
    """`text` with every block holding unmeant Liquid wrapped in `{% raw %}…{% endraw %}`."""
    if "{{" not in text and "{%" not in text:
        return text
    lines = text.split("\n")
    blocks = _blocks(lines)
    raw_depth = _raw_state(lines)
    out: list[str] = []
    for start, end, code in blocks:
        block = lines[start:end]
        joined = "\n".join(block)
        spans = unsafe_spans(joined, in_code=code) if not raw_depth[start] else []
        if not spans:
            out.extend(block)
        elif _has_meant_tags(joined):
            out.extend(_wrap_tokens(joined, spans).split("\n"))  # keep `{% highlight %}` & co. working
        else:
            out.extend(_wrap(block))
    return "\n".join(out)


def _has_meant_tags(text: str) -> bool:
    return any(tok.startswith("{%") and _meant(tok) and not RAW_OPEN.match(tok) and not RAW_CLOSE.match(tok)
               for tok in (m.group(0) for m in TOKEN.finditer(text)))


def _wrap_tokens(text: str, spans: list[tuple[int, int]]) -> str:
    """Each unmeant token in its own raw tags, where the block also holds Liquid the author meant."""
    out, last = [], 0
    for start, end in spans:
        token = text[start:end].replace(CLOSE, ESCAPED_CLOSE)
        out += [text[last:start], OPEN, token, CLOSE]
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
            if raw and RAW_CLOSE.match(match.group(0)):
                raw = False
            elif not raw and RAW_OPEN.match(match.group(0)):
                raw = True
    return state


def _blocks(lines: list[str]) -> list[tuple[int, int, bool]]:
    """(start, end, holds code) for each run of non-blank lines; a fence is never split."""
    blocks: list[tuple[int, int, bool]] = []
    start: int | None = None
    code = False
    fence = ""
    for i, line in enumerate(lines):
        match = FENCE_LINE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line.strip(fence[0] + " \t"):
                fence = ""
            continue
        if match:
            fence = match.group(1)
            code = True
            if start is None:
                start = i
            continue
        if line.strip().startswith("$$"):
            code = True
        if not line.strip():
            if start is not None:
                blocks.append((start, i, code))
            start, code = None, False
            blocks.append((i, i + 1, False))
        elif start is None:
            start = i
    if start is not None:
        blocks.append((start, len(lines), code))
    return blocks


def _wrap(block: list[str]) -> list[str]:
    """The block inside raw tags: on its own edge lines, or on lines of their own beside a fence."""
    body = [line.replace(CLOSE, ESCAPED_CLOSE) for line in block]
    if FENCE_LINE.match(body[0]):
        body.insert(0, OPEN)
    else:
        body[0] = OPEN + body[0]
    if FENCE_LINE.match(body[-1]) or _ends_inside_fence(block):
        body.append(CLOSE)
    else:
        body[-1] = body[-1] + CLOSE
    return body


def _ends_inside_fence(block: list[str]) -> bool:
    fence = ""
    for line in block:
        match = FENCE_LINE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
        elif match:
            fence = match.group(1)
    return bool(fence)
