"""Values of the JavaScript data that WeChat pages carry, read without running any JavaScript.

A WeChat page keeps most of its metadata (and, for picture and text posts, the
whole content) in inline scripts: `var msg_title = '…'.html(false);`,
`window.ct = '1762338600' || '';`, and object literals such as
`window.cgiDataNew = { title: JsDecode('…'), width: '1201' * 1, … }`.

tree-sitter-javascript parses the scripts (it reads every real `cgiDataNew`
block without an error node); `evaluate` then computes the literal subset:
strings, numbers, objects, arrays, booleans and the few expressions the
templates wrap them in (`'…' * 1`, `a || b`, `c ? x : y`, `JsDecode('…')`,
`'…'.html(false)`, `[…].slice(0, 20)`). Anything else (identifiers, other calls,
functions) is `UNKNOWN`, which callers read as "not given here".

Strings come back with their JavaScript escapes decoded only; HTML entities
(`&amp;`, `&quot;` …) are left for the caller (see `unescape_html`), so every
value is decoded exactly once whatever wrapper the template used.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

import tree_sitter_javascript
from tree_sitter import Language, Node, Parser, Query, QueryCursor


class _Unknown:
    """A value the page computes at run time; falsy, and never equal to data."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN: Any = _Unknown()
MAX_DEPTH = 100  # deeper literals are not WeChat data; give up rather than recurse

# Every `var name = value` and `target = value` in a script (targets may be `window.ct`,
# `document.getElementById('x').innerHTML`, …): the script index keys them by target text.
_ASSIGNMENTS = """
(variable_declarator name: (identifier) @target value: (_) @value)
(assignment_expression left: [(identifier) (member_expression)] @target right: (_) @value)
"""


@cache
def _javascript() -> tuple[Parser, Query]:
    """The parser and query, built on first use (a few ms, paid only by pages that ask)."""
    language = Language(tree_sitter_javascript.language())
    return Parser(language), Query(language, _ASSIGNMENTS)


def parse(source: bytes) -> Node:
    """The syntax tree of a script (tree-sitter recovers from errors; it never raises)."""
    return _javascript()[0].parse(source).root_node


def assignments(root: Node) -> list[tuple[str, Node]]:
    """(target text, value node) for every declaration and assignment under `root`, in source order."""
    found: list[tuple[str, Node]] = []
    for _, captures in QueryCursor(_javascript()[1]).matches(root):
        target, value = captures["target"][0], captures["value"][0]
        found.append((_squeeze(target), value))
    found.sort(key=lambda pair: pair[1].start_byte)
    return found


def _squeeze(node: Node) -> str:
    """A target's text without spaces: `window . ct` and `window.ct` are one name."""
    return "".join((node.text or b"").decode("utf-8", "replace").split())


def evaluate_text(source: str) -> Any:
    """The value of one JavaScript expression given as text; UNKNOWN when it is not data."""
    root = parse(f"({source}\n)".encode())
    statement = root.named_children[0] if root.named_child_count else None
    if statement is None or statement.type != "expression_statement" or root.named_child_count != 1:
        return UNKNOWN
    return evaluate(statement.named_children[0])


def evaluate(node: Node, depth: int = 0) -> Any:
    """The value of a syntax node in the literal subset (see the module doc); UNKNOWN otherwise."""
    if node.has_error or depth > MAX_DEPTH:
        return UNKNOWN
    reader = _READERS.get(node.type)
    return reader(node, depth + 1) if reader else UNKNOWN


# ------------------------------------------------------------------ node readers


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _string(node: Node, depth: int) -> str:
    return decode_js_string(_text(node)[1:-1])


def _template(node: Node, depth: int) -> Any:
    if any(child.type == "template_substitution" for child in node.named_children):
        return UNKNOWN
    return decode_js_string(_text(node)[1:-1])


def _number(node: Node, depth: int) -> int | float:
    text = _text(node).replace("_", "")
    if text[:2].lower() == "0x":
        return int(text, 16)
    try:
        value = float(text)
    except ValueError:
        return UNKNOWN
    return int(value) if value.is_integer() and not any(c in text for c in ".eE") else value


def _object(node: Node, depth: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for child in node.named_children:
        if child.type == "pair":
            key_node = child.child_by_field_name("key")
            value_node = child.child_by_field_name("value")
            if key_node is None or value_node is None:
                continue
            key = _string(key_node, depth) if key_node.type == "string" else _text(key_node)
            if key_node.type == "computed_property_name":
                continue
            # WeChat templates repeat keys (share_cover); JavaScript keeps the last one.
            result[key] = evaluate(value_node, depth)
        elif child.type in ("shorthand_property_identifier", "method_definition"):
            result[_text(child.child_by_field_name("name") or child)] = UNKNOWN
    return result


def _array(node: Node, depth: int) -> list[Any]:
    return [evaluate(child, depth) for child in node.named_children if child.type != "comment"]


def _parenthesized(node: Node, depth: int) -> Any:
    children = [child for child in node.named_children if child.type != "comment"]
    return evaluate(children[-1], depth) if children else UNKNOWN


def _sequence(node: Node, depth: int) -> Any:
    children = [child for child in node.named_children if child.type != "comment"]
    return evaluate(children[-1], depth) if children else UNKNOWN


def _constant(value: Any):
    return lambda node, depth: value


def _binary_node(node: Node, depth: int) -> Any:
    op = _text(node.child_by_field_name("operator"))
    left = evaluate(node.child_by_field_name("left"), depth)
    right = evaluate(node.child_by_field_name("right"), depth)
    return _binary(op, left, right)


def _unary_node(node: Node, depth: int) -> Any:
    op = _text(node.child_by_field_name("operator"))
    value = evaluate(node.child_by_field_name("argument"), depth)
    if op == "void":
        return None
    if op in ("!", "-", "+", "~"):
        return _unary(op, value)
    return UNKNOWN


def _ternary_node(node: Node, depth: int) -> Any:
    condition_node = node.child_by_field_name("condition")
    if _text(condition_node) == "xml":
        # `xml ? getXmlValue('nick_name.DATA') : '36氪'`: the xml branch runs only inside
        # the app; the page's own value is the alternative.
        return evaluate(node.child_by_field_name("alternative"), depth)
    condition = evaluate(condition_node, depth)
    if condition is UNKNOWN:
        return UNKNOWN
    branch = "consequence" if truthy(condition) else "alternative"
    return evaluate(node.child_by_field_name(branch), depth)


def _call_node(node: Node, depth: int) -> Any:
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    args = [evaluate(a, depth) for a in arguments.named_children] if arguments is not None else []
    if function.type == "identifier":
        return _call(_text(function), args)
    if function.type == "member_expression":
        receiver = evaluate(function.child_by_field_name("object"), depth)
        return _method(receiver, _text(function.child_by_field_name("property")), args)
    return UNKNOWN


def _member_node(node: Node, depth: int) -> Any:
    value = evaluate(node.child_by_field_name("object"), depth)
    name = _text(node.child_by_field_name("property"))
    return value.get(name, UNKNOWN) if isinstance(value, dict) else UNKNOWN


def _subscript_node(node: Node, depth: int) -> Any:
    value = evaluate(node.child_by_field_name("object"), depth)
    key = evaluate(node.child_by_field_name("index"), depth)
    return _index(value, key)


_READERS = {
    "string": _string,
    "template_string": _template,
    "number": _number,
    "true": _constant(True),
    "false": _constant(False),
    "null": _constant(None),
    "undefined": _constant(None),
    "object": _object,
    "array": _array,
    "parenthesized_expression": _parenthesized,
    "sequence_expression": _sequence,
    "binary_expression": _binary_node,
    "unary_expression": _unary_node,
    "ternary_expression": _ternary_node,
    "call_expression": _call_node,
    "member_expression": _member_node,
    "subscript_expression": _subscript_node,
}


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


# ------------------------------------------------------------------ JavaScript semantics


def to_number(value: Any) -> int | float | Any:
    """JavaScript's ToNumber for the values `evaluate` produces; UNKNOWN when it would be NaN."""
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
    """String and array methods the templates chain on data: the data itself is what counts."""
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
