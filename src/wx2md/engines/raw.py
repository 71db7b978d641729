"""The `{% raw %}` shield that Liquid (Jekyll) and Nunjucks (Hexo) both read.

Text that a template engine would evaluate is wrapped, block by block, in
`{% raw %}` … `{% endraw %}`; each engine passes the pattern of what its
templates evaluate (Liquid: `{{` and `{%`; Nunjucks adds its `{#` comments).
"""

from __future__ import annotations

import re

LIQUID = re.compile(r"\{\{|\{%")
RAW_OPEN = "{% raw %}"
RAW_CLOSE = "{% endraw %}"
# Any spelling Liquid might read as the end of a raw block; its `{%` is printed by Liquid instead.
ENDRAW = re.compile(r"\{%(?=-?\s*endraw\s*-?%\})")
LITERAL_ENDRAW = RAW_CLOSE + '{{ "{%" }}' + RAW_OPEN


def shield_liquid(text: str, pattern: re.Pattern[str] = LIQUID, *, at_start: bool = True) -> str:
    """Wrap each run of blocks that Liquid would evaluate in `{% raw %}` … `{% endraw %}`.

    The tags stand on their own lines, a blank line away from the Markdown and
    indented like it: never on a fence line (a fence must start its line for
    GitHub and CommonMark), never splitting a paragraph, a table or a list
    item, and once Liquid has removed them only blank lines remain. A literal
    `{% endraw %}` in the text would end the shield early, so its `{%` is
    printed by Liquid itself instead.

    A post (`at_start`) that opens with a code block needing a shield gets it
    without the blank lines: Jekyll's excerpt is the text before the first blank
    line, and a lone `{% raw %}` there makes Jekyll warn "Excerpt modified" and
    cut it. The tags still stand on lines of their own, and Liquid leaves those
    lines blank, so kramdown reads the fence as before.
    """
    if not pattern.search(text):
        return text
    out = ""
    units = _blocks(text)
    i = 0
    while i < len(units):
        block, sep = units[i]
        out += sep if out else ""
        if not pattern.search(block):
            out += block
            i += 1
            continue
        indent = _indent(block)
        if at_start and not out and _tight_fence(block):
            out += "\n".join([indent + RAW_OPEN, ENDRAW.sub(LITERAL_ENDRAW, block), indent + RAW_CLOSE])
            i += 1
            if i < len(units):
                units[i] = (units[i][0], "\n\n")
            continue
        shielded = []
        while i < len(units) and pattern.search(units[i][0]) and _indent(units[i][0]) == indent:
            shielded.append(ENDRAW.sub(LITERAL_ENDRAW, units[i][0]))
            i += 1
        out += "\n\n".join([indent + RAW_OPEN, *shielded, indent + RAW_CLOSE])
        if i < len(units):
            units[i] = (units[i][0], "\n\n")  # the shield's closing line stands apart
    return out + "\n"


# A shield's own lines, as `shield_liquid` writes them; a shield within a line (Hexo's).
SHIELD_LINE = re.compile(r"^[ \t]*\{%-?\s*(?:raw|endraw)\s*-?%\}[ \t]*$", re.M)
INLINE_SHIELD = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
PRINTED_OPENER = '{{ "{%" }}'  # how a shield prints a literal `{%` that would end it


def unshield(text: str) -> str:
    """The text without `{% raw %}` shields: what the author wrote, for an engine without Liquid."""
    if "raw" not in text:
        return text
    text = text.replace(LITERAL_ENDRAW, "{%")
    text = re.sub(r"\n{3,}", "\n\n", SHIELD_LINE.sub("", text)).lstrip("\n")
    return INLINE_SHIELD.sub(lambda m: m.group(1), text).replace(PRINTED_OPENER, "{%")


def _tight_fence(block: str) -> bool:
    """A unit that is one fenced code block with no blank line in it (it fits in an excerpt)."""
    first = block.lstrip(" ")
    return first.startswith(("```", "~~~")) and "\n\n" not in block and "\n" in block


def _indent(block: str) -> str:
    return block[: len(block) - len(block.lstrip(" "))]


def _blocks(text: str) -> list[tuple[str, str]]:
    """Blocks with the separator before each: split on blank lines and after a closing fence.

    Never inside a fenced code block, so a shield can go around a whole block of
    code (the fence ends a unit even when a list item follows without a blank line).
    """
    from wx2md.markdown import fenced_lines  # the writer's own reading of fences

    units: list[tuple[str, str]] = []
    current: list[str] = []
    sep = ""
    in_code = False
    for line, code in fenced_lines(text.rstrip("\n").split("\n")):
        if not code and not line.strip():
            if current:
                units.append(("\n".join(current), sep))
                current, sep = [], "\n\n"
            continue
        if in_code and not code and current:  # the line after a closing fence
            units.append(("\n".join(current), sep))
            current, sep = [], "\n"
        current.append(line)
        in_code = code
    if current:
        units.append(("\n".join(current), sep))
    return units
