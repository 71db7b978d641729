"""One index of a page's script data, queried by name.

A page carries 2-4 MB of inline scripts, nearly all of it WeChat's library code;
the data sits in a few of them: the `var msg_title = …` block, `window.*`
assignments, `window.cgiDataNew = { … }`. The index finds a script by a cheap
text search for the name asked for, parses that script once with tree-sitter
(see `jsvars`) and keeps every assignment in it; `cgiDataNew`, which can hold
a 400 KB article, is read one top-level key at a time.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from tree_sitter import Node

from wx2md import jsvars
from wx2md.wechat import Var

_DATA_BLOCK = re.compile(r"var\s+" + Var.TITLE + r"\s*=\s*['\"]")
# One pass per pattern finds where the names of interest are assigned; each pattern starts
# with a literal, which lets the regex engine skip through megabytes of library code.
_VAR_SITE = re.compile(r"var\s+(" + "|".join(map(re.escape, Var.DECLARED)) + r")(?![\w$])\s*=(?!=)")
_WINDOW_SITE = re.compile(r"window\.(" + "|".join(map(re.escape, Var.ON_WINDOW)) + r")(?![\w$])\s*=(?!=)")
_SHARE_NOTICE = "js_share_notice"
_CGI_START = re.compile(r"cgiDataNew\s*=\s*(?=\{)")
_FIRST_KEY_INDENT = re.compile(r"\{[ \t]*\r?\n(?:[ \t]*\r?\n)*([ \t]*)[A-Za-z_$]")


def _target_pattern(target: str) -> re.Pattern[str]:
    """A regex finding `target = …` in script text, whatever the spacing and quotes."""
    tokens = re.findall(r"\w+|[^\w\s]", target)
    parts = ["['\"]" if token in ("'", '"') else re.escape(token) for token in tokens]
    return re.compile(r"\s*".join(parts) + r"\s*=(?!=)")


def _key(target: str) -> str:
    """The index key of an assignment target: no spaces, one kind of quote."""
    return "".join(target.split()).replace('"', "'")


class _Script:
    """One script's assignments by target (`var name` for declarations), parsed on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._values: dict[str, list[Any]] = {}

    @cached_property
    def assignments(self) -> dict[str, list[Node]]:
        found: dict[str, list[Node]] = {}
        root = jsvars.parse(self.text.encode("utf-8", "surrogatepass"))
        for target, value in jsvars.assignments(root):
            parent = value.parent
            name = f"var {target}" if parent is not None and parent.type == "variable_declarator" else _key(target)
            found.setdefault(name, []).append(value)
        return found

    def values(self, name: str) -> list[Any]:
        if name not in self._values:
            values = (jsvars.evaluate(node) for node in self.assignments.get(name, ()))
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
    def spans(self) -> dict[str, tuple[int, int]] | None:
        m = _FIRST_KEY_INDENT.match(self.text, self.start)
        if not m or not m.group(1):
            return None  # minified, or keys at column 0: parse the object whole
        indent = re.escape(m.group(1))
        end = re.compile(rf"^(?!{indent})[ \t]*\}}", re.M).search(self.text, m.start(1))
        stop = end.start() if end else len(self.text)
        keys = list(re.compile(rf"^{indent}([A-Za-z_$][\w$]*|'[^'\n]*'|\"[^\"\n]*\")[ \t]*:[ \t]*", re.M).finditer(self.text, self.start, stop))
        spans: dict[str, tuple[int, int]] = {}
        for m, after in zip(keys, [*keys[1:], None]):
            name = m.group(1).strip("'\"")
            spans.setdefault(name, (m.end(), after.start() if after else stop))
        return spans

    @cached_property
    def whole(self) -> dict[str, Any]:
        root = jsvars.parse(("x=" + self.text[self.start :]).encode("utf-8", "surrogatepass"))
        for _, value in jsvars.assignments(root)[:1]:
            data = jsvars.evaluate(value)
            return data if isinstance(data, dict) else {}
        return {}

    def get(self, key: str) -> Any:
        if key not in self._values:
            self._values[key] = self._read(key)
        return self._values[key]

    def _read(self, key: str) -> Any:
        spans = self.spans
        if spans is None:
            value = self.whole.get(key)
        elif key in spans:
            start, end = spans[key]
            value = jsvars.evaluate_text(self.text[start:end].rstrip().rstrip(","))
        else:
            value = None
        return None if value is jsvars.UNKNOWN else value


_KNOWN = frozenset(
    [f"var {name}" for name in Var.DECLARED] + [_key(f"window.{name}") for name in Var.ON_WINDOW] + [_key(Var.SHARE_NOTICE_HTML)]
)


class ScriptIndex:
    """The data of a page's inline scripts, by name. Nothing is parsed until asked for."""

    def __init__(self, scripts: list[str]) -> None:
        self._scripts = [_Script(text) for text in scripts if text.strip()]

    @cached_property
    def _sites(self) -> dict[str, list[_Script]]:
        """Which scripts assign which known target (`var nickname`, `window.ct`, …): the index."""
        sites: dict[str, list[_Script]] = {}
        for script in self._scripts:
            names = {f"var {m.group(1)}" for m in _VAR_SITE.finditer(script.text)}
            names.update(_key(f"window.{m.group(1)}") for m in _WINDOW_SITE.finditer(script.text))
            if _SHARE_NOTICE in script.text:
                names.add(_key(Var.SHARE_NOTICE_HTML))
            for name in names:
                sites.setdefault(name, []).append(script)
        return sites

    @cached_property
    def data_block(self) -> _Script | None:
        """The script that assigns msg_title a literal: WeChat's metadata block (the last one wins)."""
        for script in reversed(self._sites.get(f"var {Var.TITLE}", [])):
            if _DATA_BLOCK.search(script.text):
                return script
        return None

    def _scripts_for(self, target: str) -> list[_Script]:
        if target in _KNOWN:
            return self._sites.get(target, [])
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
        in functions is never read when a block exists.
        """
        block = self.data_block
        if block is None:
            return self.assigned(f"var {name}")
        values = self.assigned(f"var {name}", [block])
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
