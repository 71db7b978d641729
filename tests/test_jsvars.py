"""jsvars: JavaScript values read with tree-sitter and a small evaluator, never run."""

from __future__ import annotations

import pytest

from wx2md import jsvars


@pytest.mark.parametrize(
    ("source", "value"),
    [
        (r"'a\x0ab\x26c\u4e2d\'d\\e'", "a\nb&c中'd\\e"),
        (r'"\ud83d\ude00"', "\U0001f600"),
        ('"1762338600" * 1', 1762338600),
        ("'' * 1", 0),
        ("'' || '' || '1'", "1"),
        ("window.a_value_which_never_exists || 'text'", "text"),
        ("'true' === 'true' ? 1 : 0", 1),
        ("JsDecode('x')", "x"),
        ("htmlDecode(\"a&amp;b\")", "a&amp;b"),  # entities are the caller's job
        ("'t'.html(false)", "t"),
        ("[1, {a: 'b'}].slice(0, 20)", [1, {"a": "b"}]),
        ("{ 'k-1': 1, k2: [ ], k3: function () { return '}'; }, k4: e.x, }", {"k-1": 1, "k2": [], "k3": jsvars.UNKNOWN, "k4": jsvars.UNKNOWN}),
        ("'s'.match(/[0-9]{8,}/) ? 1 : 2", jsvars.UNKNOWN),
        ('"a".replace(/\\n/g, "<br>").replace(/\\s/g, "&nbsp;")', "a"),
        ("e.author", jsvars.UNKNOWN),
    ],
)
def test_js_values(source, value):
    assert jsvars.evaluate_text(source) == value


def test_js_parser_gives_up_cleanly():
    assert jsvars.evaluate_text("{ a: ") is jsvars.UNKNOWN
    assert jsvars.evaluate_text("[" * 5000) is jsvars.UNKNOWN


def test_unescape_html_keeps_legacy_references_without_semicolon():
    assert jsvars.unescape_html("a=1&copy=2&amp;b=&#39;x&#39;") == "a=1&copy=2&b='x'"

