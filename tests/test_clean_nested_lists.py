"""mdnice's lost first sub-item: `<li>float - left<ul><li>right</li></ul>` is a nested list again."""

from __future__ import annotations

from wx2md.clean import clean, parse_fragment
from wx2md.markdown import to_markdown

MDNICE = ('<ul><li><section><code>html</code> 根元素</section></li>'
          '<li><section><code>float</code>（不为 <code>none</code> 即可） - <code>left</code>\n<ul>\n'
          '<li><section><code>right</code></section></li></ul>\n</section></li>'
          '<li><section><code>display</code> - <code>inline-block</code> - <code>flex、inline-flex</code>'
          '<ul><li><section><code>grid</code></section></li></ul></section></li></ul>')


def md(html: str) -> str:
    return to_markdown(clean(parse_fragment(html)))


def test_the_words_after_a_dash_before_a_nested_list_are_its_first_items():
    assert md(MDNICE).strip() == (
        "- `html` 根元素\n- `float`（不为 `none` 即可）\n  - `left`\n  - `right`\n"
        "- `display`\n  - `inline-block`\n  - `flex、inline-flex`\n  - `grid`")


def test_a_dash_in_a_sentence_or_in_code_or_without_a_nested_list_stays():
    sentence = "Python - 一门语言，这里说的是一整句话而不是一个子项目，所以不应拆开它们，谢谢大家的耐心阅读"
    assert f"- {sentence}\n  - x" in md(f"<ul><li>{sentence}<ul><li>x</li></ul></li></ul>")
    assert "- `a - b`\n  - x" in md("<ul><li><code>a - b</code><ul><li>x</li></ul></li></ul>")
    assert md("<ul><li>a - b</li></ul>").strip() == "- a - b"


def test_an_item_that_only_starts_with_a_dash_is_left_as_it_is():
    assert md("<ul><li> - a<ul><li>x</li></ul></li></ul>") == "- \\- a\n  - x\n"  # no empty parent made
