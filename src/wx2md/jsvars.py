"""Reading data out of the JavaScript that WeChat pages carry.

A WeChat page keeps most of its metadata (and, for picture and text posts, the
whole content) in inline scripts: `var msg_title = '…'.html(false);`,
`window.ct = '1762338600' || '';`, and object literals such as
`window.cgiDataNew = { title: JsDecode('…'), picture_page_info_list: [ … ] }`.

This module evaluates that data without running any JavaScript: a small
tokenizer and a Pratt parser understand literals (strings, numbers, objects,
arrays, booleans) and the handful of expressions the templates wrap them in
(`'…' * 1`, `a || b`, `c ? x : y`, `JsDecode('…')`, `'…'.html(false)`,
`[…].slice(0, 20)`). Anything else (identifiers, other calls, functions)
evaluates to `UNKNOWN`, which callers treat as "not given here".

Strings come back with their JavaScript escapes decoded only; HTML entities
(`&amp;`, `&quot;` …) are left for the caller (see `unescape_html`), so every
value is decoded exactly once whatever wrapper the template used.
"""

from __future__ import annotations

import html
import re
from typing import Any


class _Unknown:
    """A value the page computes at run time; falsy, and never equal to data."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN: Any = _Unknown()


class JSParseError(ValueError):
    """The text at the given position is not an expression this parser understands."""


class _TooDeep(JSParseError):
    """Nesting beyond _MAX_DEPTH: given up at once (skipping would rescan the same text at every level)."""


# ------------------------------------------------------------------ strings

_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|\r\n|[\s\S])")
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_char(match: re.Match[str]) -> str:
    code = match.group(1)
    first = code[0]
    if first == "x" and len(code) == 3:
        return chr(int(code[1:], 16))
    if first == "u" and len(code) > 1:
        digits = code[2:-1] if code[1] == "{" else code[1:]
        value = int(digits, 16)
        return chr(value) if value <= 0x10FFFF else "\ufffd"
    if code in ("\n", "\r", "\r\n", "\u2028", "\u2029"):
        return ""  # line continuation
    return _SIMPLE_ESCAPES.get(code, code)


def decode_js_string(body: str) -> str:
    """The value of a JavaScript string literal's body (the text between the quotes)."""
    if "\\" not in body:
        return body
    text = _ESCAPE.sub(_escape_char, body)
    if _SURROGATE.search(text):
        # \ud83d\ude00 style pairs: join them; lone halves become U+FFFD.
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


_JSDECODE_SEQUENCES = (
    ("\\x5c", "\\"),
    ("\\x0d", "\r"),
    ("\\x22", '"'),
    ("\\x26", "&"),
    ("\\x27", "'"),
    ("\\x3c", "<"),
    ("\\x3e", ">"),
    ("\\x0a", "\n"),
)


def wechat_jsdecode(text: str) -> str:
    """WeChat's own `JsDecode`: turns leftover `\\xNN` sequences (double-escaped text) into characters.

    The JavaScript literal has already been decoded by then, so on normal pages
    this changes nothing; it matters when the server escaped twice.
    """
    if "\\x" not in text:
        return text
    for seq, char in _JSDECODE_SEQUENCES:
        text = text.replace(seq, char)
    return text


_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_html(text: str) -> str:
    """Decode HTML character references that end in `;` (`&amp;`, `&#39;`, `&nbsp;` …).

    Unlike `html.unescape`, legacy references without a semicolon stay as they
    are, so a URL's `&copy=1` or `&times=2` survives (browsers do the same in
    attribute values).
    """
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


# ------------------------------------------------------------------ tokenizer

_TOKEN = re.compile(
    r"""
    (?:\s+|//[^\n]*|/\*.*?\*/)*
    (?:
     (?P<str>'[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*'|"[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*")
    |(?P<tpl>`[^`\\]*(?:\\[\s\S][^`\\]*)*`)
    |(?P<num>0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    |(?P<id>[A-Za-z_$\u00a0-\uffff][\w$\u00a0-\uffff]*)
    |(?P<op>===|!==|==|!=|<=|>=|&&|\|\||\?\?|=>|\.\.\.|[{}\[\]().,:;?=+\-*/%!<>&|~^])
    )
    """,
    re.S | re.X,
)
_SPACE = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
_REGEX_LITERAL = re.compile(r"/(?![*/])(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[A-Za-z]*")

# Binding power of binary operators (higher binds tighter).
_BINARY = {
    "??": 1, "||": 2, "&&": 3, "|": 4, "^": 5, "&": 6,
    "==": 7, "!=": 7, "===": 7, "!==": 7,
    "<": 8, ">": 8, "<=": 8, ">=": 8, "instanceof": 8, "in": 8,
    "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
}
_TERNARY_POWER = 0
_MAX_DEPTH = 100
_OPENERS = {"(": ")", "[": "]", "{": "}"}


class _Tok:
    __slots__ = ("kind", "text", "start", "end")

    def __init__(self, kind: str, text: str, start: int, end: int) -> None:
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end


class _Parser:
    """Pratt parser over a window of page text, starting at `pos`."""

    def __init__(self, text: str, pos: int, end: int | None = None) -> None:
        self.text = text
        self.pos = pos
        self.end = len(text) if end is None else end
        self.depth = 0
        self._cache: tuple[int, bool, _Tok | None] | None = None

    # -------------------------------------------------------- lexing

    def _skip_ws(self) -> None:
        self.pos = _SPACE.match(self.text, self.pos, self.end).end()

    def peek(self, operand: bool = False) -> _Tok | None:
        """The next token without consuming it; `operand` says a value is expected (so `/` starts a regex)."""
        cache = self._cache
        pos = self.pos
        if cache is not None and cache[0] == pos and cache[1] == operand:
            return cache[2]
        tok: _Tok | None = None
        m = _TOKEN.match(self.text, pos, self.end)
        if m is None:
            space_end = _SPACE.match(self.text, pos, self.end).end()
            if space_end < self.end:
                raise JSParseError(f"unexpected character {self.text[space_end]!r} at {space_end}")
        else:
            kind = m.lastgroup or "op"
            start = m.start(kind)
            if operand and kind == "op" and m.group(kind) == "/":
                r = _REGEX_LITERAL.match(self.text, start, self.end)
                if r:
                    tok = _Tok("regex", r.group(0), start, r.end())
            if tok is None:
                tok = _Tok(kind, m.group(kind), start, m.end())
        self._cache = (pos, operand, tok)
        return tok

    def next(self, operand: bool = False) -> _Tok:
        tok = self.peek(operand)
        if tok is None:
            raise JSParseError("unexpected end of input")
        self.pos = tok.end
        return tok

    def expect(self, text: str) -> None:
        tok = self.next()
        if tok.text != text:
            raise JSParseError(f"expected {text!r}, found {tok.text!r} at {tok.start}")

    # -------------------------------------------------------- expressions

    def expression(self, min_power: int = -1) -> Any:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _TooDeep("nesting too deep")
        try:
            left = self._unary()
            while True:
                tok = self.peek()
                if tok is None:
                    return left
                op = tok.text
                if op == "?" and min_power < _TERNARY_POWER:
                    self.pos = tok.end
                    yes = self.expression(-1)
                    self.expect(":")
                    no = self.expression(_TERNARY_POWER - 1)
                    left = _ternary(left, yes, no)
                    continue
                if op == "=>":
                    self.pos = tok.end
                    self._skip_arrow_body()
                    left = UNKNOWN
                    continue
                power = _BINARY.get(op) if tok.kind in ("op", "id") else None
                if power is None or power <= min_power:
                    return left
                self.pos = tok.end
                right = self.expression(power)
                left = _binary(op, left, right)
        finally:
            self.depth -= 1

    def _unary(self) -> Any:
        tok = self.peek(operand=True)
        if tok is None:
            raise JSParseError("unexpected end of input")
        if tok.kind == "op" and tok.text in ("!", "-", "+", "~"):
            self.pos = tok.end
            value = self._unary()
            return _unary(tok.text, value)
        if tok.kind == "id" and tok.text in ("typeof", "void", "new", "delete", "await"):
            self.pos = tok.end
            value = self._unary()
            return None if tok.text == "void" else UNKNOWN
        return self._postfix(self._primary())

    def _primary(self) -> Any:
        tok = self.next(operand=True)
        kind, text = tok.kind, tok.text
        if kind == "str":
            return decode_js_string(text[1:-1])
        if kind == "num":
            return _number(text)
        if kind == "regex":
            return UNKNOWN
        if kind == "tpl":
            body = text[1:-1]
            return UNKNOWN if "${" in body else decode_js_string(body)
        if kind == "op":
            if text == "{":
                return self._object()
            if text == "[":
                return self._array()
            if text == "(":
                value = self.expression()
                while self._accept(","):
                    value = self.expression()
                self.expect(")")
                return value
            raise JSParseError(f"unexpected {text!r} at {tok.start}")
        # identifiers
        if text == "true":
            return True
        if text == "false":
            return False
        if text in ("null", "undefined"):
            return None
        if text == "function":
            self._skip_function()
            return UNKNOWN
        nxt = self.peek()
        if nxt is not None and nxt.text == "(":
            self.pos = nxt.end
            args = self._arguments()
            return _call(text, args)
        return UNKNOWN

    def _postfix(self, value: Any) -> Any:
        while True:
            tok = self.peek()
            if tok is None:
                return value
            if tok.text == ".":
                self.pos = tok.end
                name = self.next()
                if name.kind != "id":
                    raise JSParseError(f"bad member name at {name.start}")
                call = self.peek()
                if call is not None and call.text == "(":
                    self.pos = call.end
                    args = self._arguments()
                    value = _method(value, name.text, args)
                else:
                    value = value.get(name.text, UNKNOWN) if isinstance(value, dict) else UNKNOWN
            elif tok.text == "[":
                self.pos = tok.end
                key = self.expression()
                self.expect("]")
                value = _index(value, key)
            elif tok.text == "(":
                self.pos = tok.end
                self._arguments()
                value = UNKNOWN
            else:
                return value

    def _accept(self, text: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.text == text:
            self.pos = tok.end
            return True
        return False

    def _arguments(self) -> list[Any]:
        args: list[Any] = []
        if self._accept(")"):
            return args
        while True:
            args.append(self._member_value(")"))
            if self._accept(")"):
                return args
            self.expect(",")
            if self._accept(")"):
                return args

    def _object(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while True:
            tok = self.next()
            if tok.text == "}":
                return result
            if tok.text == ",":
                continue
            if tok.kind == "str":
                key = decode_js_string(tok.text[1:-1])
            elif tok.kind in ("id", "num"):
                key = tok.text
            elif tok.text == "...":
                self._member_value("}")
                continue
            elif tok.text == "[":
                self._skip_balanced("]")
                key = ""
            else:
                raise JSParseError(f"bad object key {tok.text!r} at {tok.start}")
            nxt = self.peek()
            if nxt is not None and nxt.text == ":":
                self.pos = nxt.end
                value = self._member_value("}")
            elif nxt is not None and nxt.text == "(":  # method shorthand
                self.pos = nxt.end
                self._skip_balanced(")")
                self._skip_ws()
                self.expect("{")
                self._skip_balanced("}")
                value = UNKNOWN
            else:  # shorthand property `{ a, b }`
                value = UNKNOWN
            if key and key not in result:
                result[key] = value
            elif key:
                # WeChat templates repeat keys (share_cover); JavaScript keeps the last one.
                result[key] = value

    def _array(self) -> list[Any]:
        items: list[Any] = []
        while True:
            tok = self.peek()
            if tok is None:
                raise JSParseError("unterminated array")
            if tok.text == "]":
                self.pos = tok.end
                return items
            if tok.text == ",":
                self.pos = tok.end
                continue
            items.append(self._member_value("]"))

    def _member_value(self, closer: str) -> Any:
        """One value inside an object, array or call; unreadable ones are skipped as UNKNOWN."""
        start = self.pos
        try:
            value = self.expression()
            tok = self.peek()
            if tok is not None and (tok.text == "," or tok.text == closer):
                return value
        except _TooDeep:
            raise
        except JSParseError:
            pass
        self.pos = start
        self._skip_to_separator(closer)
        return UNKNOWN

    def _skip_to_separator(self, closer: str) -> None:
        """Skip tokens up to (not past) the next `,` or `closer` at this nesting level."""
        stack: list[str] = []
        operand = True
        while True:
            tok = self.peek(operand)
            if tok is None:
                raise JSParseError("unterminated value")
            text = tok.text
            if not stack and (text == "," or text == closer):
                return
            self.pos = tok.end
            if tok.kind == "op" and text in _OPENERS:
                stack.append(_OPENERS[text])
            elif tok.kind == "op" and text in (")", "]", "}"):
                if not stack or stack.pop() != text:
                    raise JSParseError(f"unbalanced {text!r} at {tok.start}")
            operand = tok.kind == "op" and text not in (")", "]", "}")
            if tok.kind == "id" and text in ("return", "typeof", "case", "in", "of"):
                operand = True

    def _skip_balanced(self, closer: str) -> None:
        """Skip past the `closer` that matches an opener already consumed."""
        stack = [closer]
        operand = True
        while stack:
            tok = self.next(operand)
            text = tok.text
            if tok.kind == "op" and text in _OPENERS:
                stack.append(_OPENERS[text])
            elif tok.kind == "op" and text in (")", "]", "}"):
                if stack.pop() != text:
                    raise JSParseError(f"unbalanced {text!r} at {tok.start}")
            operand = tok.kind == "op" and text not in (")", "]", "}")
            if tok.kind == "id" and text in ("return", "typeof", "case", "in", "of"):
                operand = True

    def _skip_function(self) -> None:
        tok = self.next()
        if tok.kind == "id":
            tok = self.next()
        if tok.text != "(":
            raise JSParseError("bad function")
        self._skip_balanced(")")
        self.expect("{")
        self._skip_balanced("}")

    def _skip_arrow_body(self) -> None:
        tok = self.peek(operand=True)
        if tok is not None and tok.text == "{":
            self.pos = tok.end
            self._skip_balanced("}")
        else:
            self.expression(_TERNARY_POWER)


# ------------------------------------------------------------------ evaluation


def _number(text: str) -> int | float:
    if text[:2] in ("0x", "0X"):
        return int(text, 16)
    value = float(text)
    return int(value) if value.is_integer() and "e" not in text.lower() and "." not in text else value


def to_number(value: Any) -> int | float | Any:
    """JavaScript's ToNumber for the values this parser produces; UNKNOWN when it would be NaN."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if value is None:
        return 0
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return 0
        try:
            number = float(text) if not text.lower().startswith("0x") else int(text, 16)
        except ValueError:
            return UNKNOWN
        if isinstance(number, float) and number.is_integer() and abs(number) < 2**63:
            return int(number)
        return number
    return UNKNOWN


def truthy(value: Any) -> bool:
    if value is UNKNOWN or value is None:
        return False
    if isinstance(value, float) and value != value:
        return False
    if isinstance(value, (dict, list)):
        return True
    return bool(value)


def _binary(op: str, left: Any, right: Any) -> Any:
    if op == "||":
        return left if truthy(left) else right
    if op == "&&":
        if left is UNKNOWN:
            return UNKNOWN
        return right if truthy(left) else left
    if op == "??":
        return right if left is None or left is UNKNOWN else left
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    if op == "+":
        if isinstance(left, str) or isinstance(right, str):
            if isinstance(left, (dict, list)) or isinstance(right, (dict, list)):
                return UNKNOWN
            return _to_string(left) + _to_string(right)
        a, b = to_number(left), to_number(right)
        return UNKNOWN if a is UNKNOWN or b is UNKNOWN else a + b
    if op in ("-", "*", "/", "%"):
        a, b = to_number(left), to_number(right)
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            return UNKNOWN
        result = a / b if op == "/" else a % b
        return int(result) if isinstance(result, float) and result.is_integer() else result
    if op in ("===", "!=="):
        same = type(left) is type(right) and left == right
        return same if op == "===" else not same
    if op in ("==", "!="):
        if isinstance(left, (str, int, float, bool)) and isinstance(right, (str, int, float, bool)):
            if type(left) is not type(right):
                a, b = to_number(left), to_number(right)
                same = a is not UNKNOWN and a == b
            else:
                same = left == right
        else:
            same = left is right or (left is None and right is None)
        return same if op == "==" else not same
    return UNKNOWN


def _to_string(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _unary(op: str, value: Any) -> Any:
    if op == "!":
        return UNKNOWN if value is UNKNOWN else not truthy(value)
    number = to_number(value)
    if number is UNKNOWN:
        return UNKNOWN
    if op == "-":
        return -number
    if op == "+":
        return number
    return ~int(number)


def _ternary(condition: Any, yes: Any, no: Any) -> Any:
    if condition is UNKNOWN:
        return UNKNOWN
    return yes if truthy(condition) else no


def _call(name: str, args: list[Any]) -> Any:
    first = args[0] if args else UNKNOWN
    if name == "JsDecode":
        return wechat_jsdecode(first) if isinstance(first, str) else first
    if name in ("htmlDecode", "String", "decodeURIComponent", "unescape", "escape2Html"):
        # Entities are decoded by the caller (once, for every value alike).
        return first if isinstance(first, str) else UNKNOWN
    if name in ("Number", "parseInt", "parseFloat"):
        number = to_number(first)
        if name == "parseInt" and isinstance(number, float):
            return int(number)
        return number
    return UNKNOWN


def _method(value: Any, name: str, args: list[Any]) -> Any:
    """String and array methods: kept as the receiver's data (see module doc)."""
    if value is UNKNOWN:
        return UNKNOWN
    if name in ("html", "replace", "replaceAll", "trim", "toString", "slice", "concat", "valueOf", "filter"):
        if name == "trim" and isinstance(value, str):
            return value.strip()
        return value
    if name == "split" and isinstance(value, str) and args and isinstance(args[0], str):
        return value.split(args[0]) if args[0] else list(value)
    return UNKNOWN


def _index(value: Any, key: Any) -> Any:
    if isinstance(value, dict) and isinstance(key, (str, int)):
        return value.get(str(key), UNKNOWN)
    if isinstance(value, list) and isinstance(key, int) and not isinstance(key, bool):
        return value[key] if -len(value) <= key < len(value) else None
    return UNKNOWN


# ------------------------------------------------------------------ public helpers


def parse_value(text: str, pos: int, end: int | None = None) -> tuple[Any, int]:
    """Evaluate the JavaScript expression starting at `pos`; returns (value, position after it).

    Raises JSParseError when the text is not an expression this parser reads.
    """
    parser = _Parser(text, pos, end)
    value = parser.expression()
    return value, parser.pos


def value_at(text: str, pos: int, end: int | None = None) -> Any:
    """Like `parse_value`, but UNKNOWN instead of an error."""
    try:
        return parse_value(text, pos, end)[0]
    except (JSParseError, RecursionError):
        return UNKNOWN


def scan_assignments(
    text: str, pattern: re.Pattern[str], start: int = 0, end: int | None = None
) -> dict[str, list[Any]]:
    """Every readable value assigned by `pattern`'s matches, by name (group 1), in page order.

    `pattern` must end just before the value (e.g. `var (a|b)\\s*=\\s*`). Values the
    parser cannot read, or that the page computes at run time, are left out.
    """
    found: dict[str, list[Any]] = {}
    stop = len(text) if end is None else end
    for match in pattern.finditer(text, start, stop):
        value = value_at(text, match.end(), stop)
        if value is UNKNOWN:
            continue
        found.setdefault(match.group(1), []).append(value)
    return found
