"""markdown.py's shortcuts write exactly what the plain paths write: a reused converter, code and
math written from their own text, line-start escapes looked up only when needed, tidy without fences."""

from __future__ import annotations

import threading

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import body

from wx2md.markdown import PostConverter, fenced_lines, tidy, to_markdown


def _fresh(markup: str) -> str:
    """Markdown from a converter built for this call alone (what to_markdown did before reuse)."""
    from wx2md.clean import clean, parse_fragment

    return PostConverter().convert_soup(clean(parse_fragment(markup)))


def test_code_inside_spans_is_written_from_its_text():
    md = body('<pre data-lang="py"><code><span>a_b</span> <span>*x*</span>\n<b>c</b></code></pre>')
    assert md == "```py\na_b *x*\nc\n```\n"


def test_code_between_paragraphs_keeps_its_blank_lines():
    md = body("<p>前</p><pre><code>x = 1</code></pre><p>后</p>")
    assert md == "前\n\n```\nx = 1\n```\n\n后\n"


def test_math_written_from_its_text():
    soup = BeautifulSoup('<div><p>设 <x-math data-display="inline"><span>a*b</span></x-math> 为</p>'
                         '<x-math data-display="block">E=mc^2</x-math></div>', "lxml")
    md = to_markdown(soup.div)
    assert md == "设 $a\\*b$ 为\n\n$$\nE=mc^2\n$$\n"


def test_block_math_inside_a_heading_stays_inline():
    soup = BeautifulSoup('<div><h2>式 <x-math data-display="block">x</x-math></h2></div>', "lxml")
    assert to_markdown(soup.div) == "## 式 $x$\n"


def test_line_start_syntax_escaped_only_where_a_line_starts():
    assert body("<p># 不是标题</p>") == "\\# 不是标题\n"
    assert body("<p><b>粗</b># 不是行首</p>") == "**粗**# 不是行首\n"
    assert body("<p>一行<br>2. 不是列表</p>") == "一行  \n2\\. 不是列表\n"
    assert body("<h2># 标题里</h2>") == "## # 标题里\n"


def test_escape_called_by_itself_assumes_a_line_start():
    assert PostConverter().escape("- 项", set()) == "\\- 项"


def test_reused_converter_writes_what_a_fresh_one_writes():
    pages = ["<p># 甲</p><ul><li>乙</li></ul>", "<ol start='3'><li>丙</li></ol><pre><code>丁</code></pre>",
             "<table><tr><th>a</th></tr><tr><td>b|c</td></tr></table>", "<p>1. 戊<br>- 己</p>"]
    for markup in pages * 2:
        assert body(markup) == tidy(_fresh(markup))


def test_each_thread_writes_with_its_own_converter():
    markup = "<p># 行首</p><p>中间 # 不是</p>" * 50
    expected = body(markup)
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(body(markup))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_tidy_same_with_and_without_a_fence_elsewhere():
    text = "甲  \n\n\n乙   \n  \n丙\t\n\n\n"
    assert tidy(text) == "甲  \n\n乙  \n\n丙\n"
    fenced = tidy(text + "```\n a  \n\n\n```\n")
    assert fenced == "甲  \n\n乙  \n\n丙\n\n```\n a  \n\n\n```\n"


def test_fenced_lines_marks_tilde_and_backtick_fences():
    lines = ["a", "~~~", "x ```", "~~~~", "b", "````py", "~~~", "````", "c"]
    assert [code for _, code in fenced_lines(lines)] == [False, True, True, True, False, True, True, True, False]


def _tidy_by_lines(text: str) -> str:
    """tidy's rule with every line read through fenced_lines: the fence-free shortcut must agree."""
    out: list[str] = []
    for line, code in fenced_lines(text.split("\n")):
        if code:
            out.append(line)
            continue
        stripped = line.rstrip()
        if stripped or (out and out[-1]):
            out.append(stripped + ("  " if stripped and line.endswith("  ") else ""))
    return "\n".join(out).strip("\n") + "\n"


LINE_PARTS = st.sampled_from(["```", "````", "~~~", "```py", " ```", "a", "中文", " ", "  ", "\t", "\u3000",
                              "\r", "\x0c", "\x85", "\u2028", "`", "~", "- 项"])
TEXTS = st.lists(st.lists(LINE_PARTS, max_size=4).map("".join), max_size=14).map("\n".join)


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_tidy_follows_its_line_by_line_rule(text):
    assert tidy(text) == _tidy_by_lines(text)


@pytest.mark.parametrize("text", ["", "\n\n", "```", "```\n\n", "  \n```\n  \n```\n  \n\n  \n~~~\n", "a  \n```\nb  \n",
                                  "```\n```\n\n\n```\n```", "a\n````\n```\n````\nb  \n\n\nc \t  \n"])
def test_tidy_edges_follow_the_rule(text):
    assert tidy(text) == _tidy_by_lines(text)
