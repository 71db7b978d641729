"""Named groups of HTML tags the cleaner (clean/) and the Markdown writer (markdown.py) rely on.

Each pass of the cleaner works on a slightly different set of tags; spelled
inline, the differences (is `code` an inline mark here? does `hr` count as
shown?) were invisible. Here each group has one name that says what it is for,
and groups that differ are built from one another, so each difference is a
visible choice. WeChat's own names live in wechat.py.
"""

from __future__ import annotations

from wx2md.wechat import Widget

# ------------------------------------------------------------------ blocks

# Elements that never carry article content.
DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "link", "meta", "head", "title",
        "input", "button", "textarea", "select", "option", "form", "canvas", "object",
        "embed", "audio", "video", "source", "track", "map", "area", Widget.STYLE,
        "svg", "math", "iframe", "frame", "frameset", "dialog",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col",
        "hr", "figure", "figcaption", "section", "div", "article", "header", "footer",
        "aside", "nav", "main", "dl", "dt", "dd", "center", "address", "details",
        "summary", "fieldset", "legend",
    }
)
# Block wrappers with no Markdown meaning: they become paragraphs or vanish.
WRAPPERS = frozenset(
    {
        "section", "div", "article", "header", "footer", "aside", "nav", "main", "center",
        "address", "details", "summary", "fieldset", "legend", "figure", "body", "html",
    }
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Blocks an inline mark spanning them is not pushed into (code, grids, rules, lists: a mark
# around those has no Markdown form).
NO_PUSH = frozenset({"pre", "table", "hr", "ul", "ol", "dl"})
# Blocks whose inline runs are never wrapped in <p> (they hold items, rows or text only).
NO_PARAGRAPHS = ("ul", "ol", "table", "thead", "tbody", "tfoot", "tr", "pre", "dl")
# Containers whose loose inline runs become paragraphs once their wrappers are flattened.
PARAGRAPH_HOLDERS = ("li", "blockquote", "td", "th", "dd")
# The block a picture's caption line is looked for after (only a <p> has a caption sibling).
IMAGE_BLOCKS = ("p", "li", "td", "th", "blockquote")

# ------------------------------------------------------------------ inline marks
# Each group is the one before it plus what its pass also handles.

EMPHASIS = ("strong", "em", "del")  # merged when adjacent: `<b>一</b><b>二</b>` is one run
EDGE_MARKS = (*EMPHASIS, "a")  # a block's leading or trailing <br> can hide inside these
SPACE_MARKS = (*EDGE_MARKS, "code")  # an empty one is unwrapped, keeping the spaces it held
MARKS = (*SPACE_MARKS, "sup", "sub")  # every inline mark: reshaped when it spans blocks or <br><br>
HEADING_DROPS = ("strong", "em")  # emphasis a heading sheds (it is loud already); strikethrough stays
# Presentational names with a semantic twin.
RENAME = {"b": "strong", "i": "em", "s": "del", "strike": "del", "cite": "em", "kbd": "code",
          "samp": "code", "tt": "code", "var": "em", "dfn": "em"}

# ------------------------------------------------------------------ visible leaves
# Elements that show something without holding text.

INLINE_LEAVES = ("img", "x-math")  # inline: a whitespace-only mark around one is kept
VISIBLE_LEAVES = (*INLINE_LEAVES, "hr")
# Inline elements the cleaned tree keeps; every other inline tag is unwrapped to its text.
# markdown.py reads text under any of them as inside a mark (never at a line start).
INLINE_KEEP = frozenset({*MARKS, *INLINE_LEAVES, "br"})
SHOWN_INSIDE = (*VISIBLE_LEAVES, "pre", "table")  # a block holding one of these shows something
KEPT_EMPTY = frozenset({*VISIBLE_LEAVES, "td", "th", "tr"})  # never pruned: visible, or table structure
ATOMS = ("pre", *INLINE_LEAVES, "br")  # never unwrapped for depth: their inside is not running text
# Whitespace collapsing stops at these and never looks inside; a picture is no barrier
# (the text either side of it is one run).
TEXT_BARRIERS = ("pre", "x-math", "br")
