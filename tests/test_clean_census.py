"""The cleaner's census: passes that act only on tags no pass creates run only when the body holds them."""

from __future__ import annotations

import pytest

from wx2md import clean as cleaner
from wx2md.clean import clean, images
from wx2md.clean.noise import drop_noise
from wx2md.markdown import to_markdown
from wx2md.tree import parse_fragment

# pass name -> a body that needs it
NEEDS = {
    "restore_links": '<p>词<sup>[1]</sup></p><p>[1] https://example.com/</p>',
    "tighten_list_items": "<ul><li><p>一</p></li></ul>",
    "plain_header_cells": "<table><tr><td><b>a</b></td></tr><tr><td>b</td></tr></table>",
    "tidy_headings": "<h2><b>标题</b></h2><p>正文</p>",
    "drop_caption_alts": '<p><img src="https://mmbiz.qpic.cn/a/640" alt="图注"></p><p>图注</p>',
    "caption_figure": '<figure><img src="https://mmbiz.qpic.cn/a/640"><figcaption>说明</figcaption></figure>',
}
# where each pass is looked up when it is called (the package's entry point, or the module that calls it)
CALLER = {"caption_figure": images}
PLAIN = "<section><p>只有<span>文字</span>和<strong>粗体</strong></p></section>"


def test_drop_noise_names_every_tag_held_before_it_dropped_any() -> None:
    root = parse_fragment('<p>a<script>x</script><span id="js_pc_qr_code"><em>b</em></span></p>')
    assert drop_noise(root) == {"p", "script", "span", "em"}
    assert str(root) == "<div><p>a</p></div>"


@pytest.mark.parametrize("name", NEEDS)
def test_pass_is_skipped_when_the_body_holds_none_of_its_tags(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    caller = CALLER.get(name, cleaner)
    real = getattr(caller, name)
    monkeypatch.setattr(caller, name, lambda *a, **k: (calls.append(name), real(*a, **k)))
    clean(parse_fragment(PLAIN))
    assert calls == []
    clean(parse_fragment(NEEDS[name]))
    assert calls


def test_the_passes_still_run_where_their_tags_are() -> None:
    markdown = {name: to_markdown(clean(parse_fragment(body))) for name, body in NEEDS.items()}
    assert "[^1]: https://example.com/" in markdown["restore_links"]  # the note list read as a note
    assert markdown["tidy_headings"].startswith("## 标题")
    assert "**" not in markdown["plain_header_cells"]
    assert "![](https://mmbiz.qpic.cn/a/640)" in markdown["drop_caption_alts"]
    assert "*说明*" in markdown["caption_figure"]
