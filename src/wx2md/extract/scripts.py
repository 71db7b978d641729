"""One index of a page's script data, queried by name.

A page carries 2-4 MB of inline scripts, nearly all of it WeChat's bundled
library code (left out of the index: a module header opens each bundle); the
data sits in a few scripts: the `var msg_title = …` block, `window.*`
assignments, `window.cgiDataNew = { … }`. The index finds a script by a cheap
text search for the name asked for, parses that script once with tree-sitter
(see `jsvars`) and keeps every assignment in it; `cgiDataNew`, which can hold
a 400 KB article, is read one top-level key at a time. Nothing is parsed or
scanned before a step asks for a name.

A `var name` asked of a script is first read from the few statements that can
declare it (see `_Script.declared`): parsing the 10-40 KB data block whole
costs 1-5 ms a page, its one-line statements a few microseconds each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from tree_sitter import Node

from wx2md import jsvars
from wx2md.wechat import Id, Var

_DATA_BLOCK = re.compile(r"var\s+" + Var.TITLE + r"\s*=\s*['\"]")
# One pass per pattern finds where the names of interest are assigned; each pattern starts
# with a literal, which lets the regex engine skip through megabytes of library code.
_VAR_SITE = re.compile(r"var\s+(" + "|".join(map(re.escape, Var.DECLARED)) + r")(?![\w$])\s*=(?!=)")
_WINDOW_SITE = re.compile(r"window\.(" + "|".join(map(re.escape, Var.ON_WINDOW)) + r")(?![\w$])\s*=(?!=)")
_SHARE_NOTICE = Id.SHARE_NOTICE
_CGI_START = re.compile(r"cgiDataNew\s*=\s*(?=\{)")
_FIRST_KEY_INDENT = re.compile(r"\{[ \t]*\r?\n(?:[ \t]*\r?\n)*([ \t]*)[A-Za-z_$]")
_KEY_COLON = re.compile(r"[ \t]*:[ \t]*")


def _target_pattern(target: str) -> re.Pattern[str]:
    """A regex finding `target = …` in script text, whatever the spacing and quotes."""
    tokens = re.findall(r"\w+|[^\w\s]", target)
    parts = ["['\"]" if token in ("'", '"') else re.escape(token) for token in tokens]
    return re.compile(r"\s*".join(parts) + r"\s*=(?!=)")


_LIBRARY = re.compile(r"""['"]use strict['"]|module\.exports|define\.amd""")


def _is_library(text: str) -> bool:
    """Bundled library code (a module header in its first lines): 90% of a page's script text, no data."""
    return _LIBRARY.search(text, 0, 400) is not None


def _key(target: str) -> str:
    """The index key of an assignment target: no spaces, one kind of quote."""
    return "".join(target.split()).replace('"', "'")


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _index(root: Node) -> dict[str, list[Node]]:
    """Value nodes by target (`var name` for declarations) of every assignment under `root`, in source order."""
    found: dict[str, list[Node]] = {}
    for target, value in jsvars.assignments(root):
        parent = value.parent
        name = f"var {target}" if parent is not None and parent.type == "variable_declarator" else _key(target)
        found.setdefault(name, []).append(value)
    return found


# A script without template literals, block comments and strings continued over a line
# break (a `\` at a line end) has every line start between two tokens, so a run of its
# lines is tokenized alone as in the whole. (JSX, the other token that can hold a line
# break, is not JavaScript a browser runs, so not in a page's inline scripts.)
_LINE_CONTINUATION = re.compile(r"\\[\r\n\u2028\u2029]")
_VAR_LINE = re.compile(r"[ \t]*var[ \t]+[A-Za-z_$]")
_LINE_END_SEMICOLON = re.compile(r";[ \t\r]*(?:\n|\Z)")


# What may follow a declared name: whitespace (tree-sitter's, which Python's `\s` misses
# some of), then its `=`, or a comment (`//`, `/*`, `<!--`, `-->`) before it.
_BEFORE_EQUALS = re.compile(r"[\s\u2060\u200b\ufeff]*(?:=(?!=)|[/<-])")


_LINE_BREAKS = "\n\r\u2028\u2029"


def _is_name_char(char: str) -> bool:
    return char.isalnum() or char in "_$"


def _may_precede_declarator(text: str, i: int) -> bool:
    """Whether the code before `text[i]` on its line may end `var`, `let`, `const`, `,` or a comment.

    Those are all a declarator's name can follow; `&mid=` in a URL, `;mid =` or
    `(mid =` cannot start one.
    """
    i -= 1
    while i >= 0 and text[i] not in _LINE_BREAKS and (text[i].isspace() or text[i] in "\u2060\u200b\ufeff"):
        i -= 1
    return i < 0 or text[i] in _LINE_BREAKS or text[i] in ",/" or _is_name_char(text[i])


def _declaration_sites(text: str, name: str) -> Iterator[int]:
    """Where the word `name` could be declared: the ends of `name` followed by `_BEFORE_EQUALS`.

    A declarator with a value is `var`, `let`, `const` or `,`, then `name`, then `=`,
    with only whitespace or comments between; `x.name`, `a_name`, `name:`, `name.x`
    and `&name=` never are one. A plain `str.find` loop: faster than a regex per
    name through the data block, and nothing to compile.
    """
    i = text.find(name)
    while i >= 0:
        end = i + len(name)
        before, after = text[i - 1 : i], text[end : end + 1]
        whole_word = before != "." and not (before and _is_name_char(before)) and not (after and _is_name_char(after))
        if whole_word and _BEFORE_EQUALS.match(text, end) and _may_precede_declarator(text, i):
            yield end
        i = text.find(name, i + 1)


def _starts_statement(text: str, start: int) -> bool:
    """Whether the code before `start` ends a statement, opens or closes a block (or there is none)."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in ";{}"


class _Script:
    """One script's assignments by target (`var name` for declarations), parsed on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._values: dict[str, list[Any]] = {}

    @cached_property
    def assignments(self) -> dict[str, list[Node]]:
        return _index(jsvars.parse(_encode(self.text)))

    @cached_property
    def lines_split_tokens(self) -> bool:
        """Whether every line of the script starts between two tokens (see above `_LINE_CONTINUATION`)."""
        text = self.text
        return "`" not in text and "/*" not in text and _LINE_CONTINUATION.search(text) is None

    def declared(self, name: str) -> list[Node] | None:
        """The value nodes of `var name = …`, read from only the statements that can hold them.

        What the whole parse gives, for any script a browser runs that tree-sitter
        reads without an error (a broken one may be recovered differently whole);
        None, to parse the whole script, wherever that is not certain:
        - every site of `name` (`_declaration_sites`) is read, so a name declared
          twice gives both values, in order;
        - a site is read in the run of lines from its line's start to the next `;`
          that ends a line. The run must start with `var` after code that ends a
          statement or a block (a statement starts there, as every line start of
          the script lies between tokens: `lines_split_tokens`), end in that `;` as
          a token (the statement cannot go on), and parse alone with no error node.
        So a multi-declarator statement split over lines, a name inside a block
        comment or a template literal, or a plain `name = …` go to the whole parse.
        """
        text, nodes, covered = self.text, [], 0
        for site in _declaration_sites(text, name):
            if site <= covered:
                continue  # in a statement already read
            start = text.rfind("\n", 0, site) + 1
            end = _LINE_END_SEMICOLON.search(text, site)
            if not self.lines_split_tokens or end is None:
                return None
            if not _VAR_LINE.match(text, start) or not _starts_statement(text, start):
                return None
            covered = end.start() + 1
            root = jsvars.parse(source := _encode(text[start:covered]))
            last = root.descendant_for_byte_range(len(source) - 1, len(source))
            if root.has_error or last is None or last.type != ";":
                return None
            nodes += _index(root).get(f"var {name}", [])
        return nodes

    def values(self, name: str) -> list[Any]:
        if name not in self._values:
            nodes = None
            if name.startswith("var ") and "assignments" not in vars(self):  # not yet parsed whole
                nodes = self.declared(name.removeprefix("var "))
            if nodes is None:
                nodes = self.assignments.get(name, [])
            values = (jsvars.evaluate(node) for node in nodes)
            self._values[name] = [value for value in values if value is not jsvars.UNKNOWN]
        return self._values[name]


class CgiData:
    """`window.cgiDataNew`, read one top-level key at a time.

    The template writes one key per line at one indentation; a line starting with
    that indentation and `key:` cannot be inside a string (JavaScript strings do
    not span lines) nor a nested object (deeper), so each value's text is known
    without parsing the rest. A minified object is parsed whole.
    """

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.start = start  # the opening brace
        self._values: dict[str, Any] = {}

    @cached_property
    def indent(self) -> str | None:
        """The indentation of the top-level keys; None when the object is minified."""
        m = _FIRST_KEY_INDENT.match(self.text, self.start)
        return m.group(1) if m and m.group(1) else None

    @cached_property
    def _next_line(self) -> re.Pattern[str]:
        """The start of the next top-level key, or of the closing brace (less indented)."""
        indent = re.escape(self.indent or "")
        return re.compile(rf"\n(?:{indent}(?=[A-Za-z_$'\"])|(?!{indent})[ \t]*\}})")

    @cached_property
    def end(self) -> int:
        """Where the object closes: the first line indented less than its keys that starts with `}`."""
        indent = re.escape(self.indent or "")
        m = re.compile(rf"\n(?!{indent})[ \t]*\}}").search(self.text, self.start)
        return m.start() if m else len(self.text)

    def span(self, key: str) -> tuple[int, int] | None:
        """Where `key`'s value is written, found by a text search for its line.

        The last such line inside the object: JavaScript keeps a key's last
        value, and a later object in the script is not this one.
        """
        needle = f"\n{self.indent}{key}"
        i = self.text.rfind(needle, self.start, self.end)
        while i >= 0:
            m = _KEY_COLON.match(self.text, i + len(needle), self.end)
            if m:
                end = self._next_line.search(self.text, m.end(), self.end)
                return m.end(), end.start() if end else self.end
            i = self.text.rfind(needle, self.start, i)
        return None

    @cached_property
    def whole(self) -> dict[str, Any]:
        root = jsvars.parse(_encode("x=" + self.text[self.start :]))
        for _, value in jsvars.assignments(root)[:1]:
            data = jsvars.evaluate(value)
            return data if isinstance(data, dict) else {}
        return {}

    def get(self, key: str) -> Any:
        if key not in self._values:
            self._values[key] = self._read(key)
        return self._values[key]

    def _read(self, key: str) -> Any:
        if self.indent is None:
            value = self.whole.get(key)
        else:
            span = self.span(key)
            value = jsvars.evaluate_text(self.text[span[0] : span[1]].rstrip().rstrip(",")) if span else None
        return None if value is jsvars.UNKNOWN else value


_DECLARED = frozenset(f"var {name}" for name in Var.DECLARED)
_ON_WINDOW = frozenset(_key(f"window.{name}") for name in Var.ON_WINDOW)
_SHARE_NOTICE_KEY = _key(Var.SHARE_NOTICE_HTML)


class ScriptIndex:
    """The data of a page's inline scripts, by name. Nothing is parsed until asked for."""

    def __init__(self, scripts: list[str]) -> None:
        self._scripts = [_Script(text) for text in scripts if text and not text.isspace() and not _is_library(text)]

    def _sites(self, pattern: re.Pattern[str], prefix: str) -> dict[str, list[_Script]]:
        """Which scripts assign which known name, found by one scan of every script."""
        sites: dict[str, list[_Script]] = {}
        for script in self._scripts:
            for name in {m.group(1) for m in pattern.finditer(script.text)}:
                sites.setdefault(prefix + name, []).append(script)
        return sites

    @cached_property
    def _declared(self) -> dict[str, list[_Script]]:
        return self._sites(_VAR_SITE, "var ")

    @cached_property
    def _on_window(self) -> dict[str, list[_Script]]:
        return self._sites(_WINDOW_SITE, "window.")

    @cached_property
    def data_block(self) -> _Script | None:
        """The script that assigns msg_title a literal: WeChat's metadata block (the last one wins)."""
        for script in reversed(self._scripts):
            if Var.TITLE in script.text and _DATA_BLOCK.search(script.text):
                return script
        return None

    def _scripts_for(self, target: str) -> list[_Script]:
        if target in _DECLARED:
            return self._declared.get(target, [])
        if target in _ON_WINDOW:
            return self._on_window.get(target, [])
        if target == _SHARE_NOTICE_KEY:
            return [script for script in self._scripts if _SHARE_NOTICE in script.text]
        pattern = _target_pattern(target.removeprefix("var "))
        return [script for script in self._scripts if pattern.search(script.text)]

    def assigned(self, target: str, scripts: list[_Script] | None = None) -> list[Any]:
        """Values assigned to `target` (`window.ct`, `var nickname`, …) in page order; unreadable ones left out."""
        key = target if target.startswith("var ") else _key(target)
        found: list[Any] = []
        for script in self._scripts_for(key):
            if scripts is None or any(script is s for s in scripts):
                found.extend(script.values(key))
        return found

    def var(self, name: str) -> list[Any]:
        """`var name = …` values: from the metadata block when the page has one.

        Old pages declare the link parts (biz, mid, idx, sn) outside the block, so
        only those are looked for elsewhere; template code that reuses the names
        in functions is never read when a block exists (nor is the rest of the page
        scanned: the block is most pages' only data).
        """
        block = self.data_block
        if block is None:
            return self.assigned(f"var {name}")
        values = block.values(f"var {name}")
        if not values and name in Var.LINK_PARTS:
            values = self.assigned(f"var {name}", [s for s in self._scripts if s is not block])
        return values

    def window(self, name: str) -> list[Any]:
        """`window.name = …` values (picture and text posts keep their metadata there)."""
        return self.assigned(f"window.{name}")

    @cached_property
    def cgi_data(self) -> CgiData | None:
        for script in self._scripts:
            m = _CGI_START.search(script.text)
            if m:
                return CgiData(script.text, m.end())
        return None

    def cgi(self, key: str) -> Any:
        """One top-level field of `window.cgiDataNew`, or None."""
        data = self.cgi_data
        return data.get(key) if data is not None else None
