"""Paragraph breaks a dump lost, put back only where the text itself shows them.

Some dumps (seed 001) hold each article on one line: paragraphs, headings and
list items run together. Breaking at every sentence would invent structure, so a
break goes only after a sentence end (`。！？；`, with any closing quote or
bracket) and before text that cannot go on the same paragraph:

- a list marker: kept (`•●▪■◆`) or mangled by the dump's encoding into `?`
  (`…；? 获得博士学位10年以内；`): a `?` right after Chinese punctuation is no question mark;
- a run-in heading: Chinese prose puts no space between two Chinese characters,
  headlines do (`制定全新标准数据集 促进高性能算法涌现随着…`; `??` where the space was
  a no-break space the encoding lost; an editor's numbered section, `五大品质服务\xa001\xa0海量…`).
  Only the start of such a heading is
  certain, so the break goes before it and the heading stays with its text.

Nothing is removed or moved: the paragraphs, joined, are the line.
"""

from __future__ import annotations

import re

CJK = r"[\u3400-\u4dbf\u4e00-\u9fff]"
# After this a new paragraph may start.
SENTENCE_END = re.compile(r"[。！？；!;][”’」』）)】]*")
MARKER = re.compile(r"[?•●▪■◆►▶✓√]+")
# Two Chinese characters apart by a space (or the `?` a lost no-break space became), before any punctuation.
RUN_IN_HEADING = re.compile(rf"^[^，。！？；：、,!;:（）()“”「」]{{0,40}}?{CJK}(?:[ \u3000\xa0?]*[ \u3000\xa0][ \u3000\xa0?]*"
                            rf"|\?{{2,}}|\xa0+\d{{2}}\xa0+){CJK}")  # `服务\xa001\xa0海量`: an editor's numbered section
MIN_LENGTH = 200  # a short line is one paragraph whatever it holds


def split_run_together(line: str) -> list[str]:
    """`line` as paragraphs, broken only where it shows a new one starts (see the module doc)."""
    if len(line) < MIN_LENGTH or "\n" in line:
        return [line]
    parts, start = [], 0
    for end in SENTENCE_END.finditer(line):
        cut = end.end()
        rest = line[cut:]
        if cut - start and rest.strip() and (MARKER.match(rest) or RUN_IN_HEADING.match(rest)):
            parts.append(line[start:cut])
            start = cut
    parts.append(line[start:])
    return parts
