"""The front matter's metadata (post.py `front_matter`): a summary for a subtitle, plain text
only, an identity for every post; and whole conversions that show these rules."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import TZ8
from pagebuilders import article_body, modern_article, page

from wx2md.cli import main
from wx2md.core import convert_html
from wx2md.errors import ExitCode
from wx2md.models import Article, Metadata
from wx2md.post import SUBTITLE_MAX, build_post, render, subtitle
from wx2md.settings import Settings

TEXT = "今年，价格战的寒气越发深入。九月，均价下滑至十五万元。激烈竞争之下，供应链承压。"


@pytest.mark.parametrize(
    ("digest", "text", "expected"),
    [
        ("一句独立的摘要。", TEXT, "一句独立的摘要。"),  # a real summary stays
        (TEXT, TEXT, ""),  # the whole text is no summary
        ("今年，价格战的寒气越发深入。九月，均价下", TEXT, ""),  # the start of the text repeats it: left out
        ("今年，价格战的寒气越发深入", TEXT, ""),
        ("今年，价格战的寒气越发深入。", TEXT, ""),  # ends where a sentence does: still the text's start
        ("今年，价格战的寒气越发深入。" * 9, "", "今年，价格战的寒气越发深入。" * 8),  # long: cut at a sentence end
        ("标题", TEXT, ""),  # the title again
        ("第一行\n第二行", "", "第一行 第二行"),
    ],
)
def test_subtitle_is_a_summary(digest, text, expected):
    assert subtitle(digest, "标题", text) == expected


def test_long_digest_is_cut_at_a_sentence_end_within_the_limit():
    digest = "这是一句很长的摘要。" * 20
    cut = subtitle(digest, "", "别的正文")
    assert cut and len(cut) <= SUBTITLE_MAX and cut.endswith("。")
    assert subtitle("没有句号的超长摘要" * 20, "", "") == ""


def post_for(meta: Metadata, body_html: str):
    tree = BeautifulSoup(f"<div>{body_html}</div>", "lxml").div
    return build_post(Article("picture", meta, tree), "正文\n", [], Settings())


def test_picture_post_whose_digest_is_its_text_gets_no_subtitle():
    meta = Metadata(title="图片消息", digest=TEXT, published=datetime(2025, 11, 5, tzinfo=TZ8), url="https://mp.weixin.qq.com/s/x")
    assert "subtitle" not in post_for(meta, f"<p>{TEXT}</p>").front_matter


def test_no_url_writes_a_stable_key_instead_of_source():
    meta = Metadata(title="t", published=datetime(2018, 4, 6, tzinfo=TZ8), key="wx-0123456789abcdef")
    post = post_for(meta, "<p>x</p>")
    assert post.front_matter["wx2md_key"] == "wx-0123456789abcdef" and "source" not in post.front_matter
    assert post.source == "wx-0123456789abcdef"


def front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def test_front_matter_values_are_plain_text():
    scripts = r"""
        var msg_title = '标题 \\x26lt;3 \\x3cb\\x3e粗\\x3c/b\\x3e'.html(false);
        var nickname = htmlDecode("某号");
        var msg_desc = htmlDecode("摘要里有 \\x3ca class=\\x22wx_topic_link\\x22\\x3e#话题\\x3c/a\\x3e");
        var ct = "1762243169";
    """
    data = front(render(convert_html(page(body=article_body(), scripts=scripts))))
    assert data["title"] == "标题 <3 粗"
    assert data["subtitle"] == "摘要里有 #话题"
    for value in (data["title"], data["subtitle"], data["account"]):
        assert "\\x" not in value and "&lt;" not in value and "<b>" not in value


def test_account_card_in_the_body_is_content():
    card = (
        '<p>前文</p><section class="mp_profile_iframe_wrp" nodeleaf=""><mp-common-profile class="js_uneditable '
        'custom_select_card mp_profile_iframe" data-nickname="轩辕的编程宇宙" data-id="MzIyNjMxOTY0NA=="></mp-common-profile></section>'
    )
    body = render(convert_html(modern_article(card))).split("---\n", 2)[2]
    assert "👤 [轩辕的编程宇宙](https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzIyNjMxOTY0NA==)" in body


def test_hashtag_only_picture_post_converts_to_body_tags_and_account():
    from test_metadata import HASHTAG_PICTURE_SCRIPTS

    html = page(body='<div id="js_article" class="share_content_page"><div id="img_list"></div></div>', scripts=HASHTAG_PICTURE_SCRIPTS)
    text = render(convert_html(html))
    data, body = front(text), text.split("---\n", 2)[2]
    assert data["account"] == "胶片日记" and data["tags"] == ["城市漫步", "胶片"]
    assert "subtitle" not in data  # the digest is the post's text
    assert "#城市漫步" in body and "#胶片" in body and "\\x3c" not in text


NO_URL = 'var msg_title = "一篇没有链接的旧文"; var nickname = "某号"; var ct = "1522968980"; var msg_link = "";'


def test_a_page_without_any_url_is_the_same_post_when_converted_again(tmp_path: Path):
    saved = tmp_path / "old.html"
    saved.write_text(page(body=article_body(), scripts=NO_URL), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    run = lambda *extra: CliRunner().invoke(main, ["convert", str(saved), "--site", str(site), "--no-download", *extra])  # noqa: E731
    assert run().exit_code == 0
    posts = list((site / "_posts").glob("*.md"))
    assert len(posts) == 1 and front(posts[0].read_text(encoding="utf-8"))["wx2md_key"].startswith("wx-")
    assert run().exit_code == ExitCode.EXISTS
    assert run("--force").exit_code == 0
    assert list((site / "_posts").glob("*.md")) == posts


def test_share_card_whose_digest_opens_its_comment_gets_no_subtitle():
    from pagebuilders import SHARE_BODY

    scripts = (
        'var msg_title = "和死神赛跑"; var nickname = "阮一峰的网络日志"; var ct = "1574683643";'
        ' var msg_desc = htmlDecode("上周我推荐&amp;转发。\\x0a当时我说");'
    )
    text = render(convert_html(page(body=SHARE_BODY, scripts=scripts)))
    data, body = front(text), text.split("---\n", 2)[2]
    assert "subtitle" not in data
    assert body.lstrip().startswith("上周我推荐&转发。")


def test_a_page_with_no_url_and_no_date_is_the_same_post_when_converted_again(tmp_path: Path):
    """Export tools strip the scripts: no link, no time. Dated with --default-date, the page
    still finds its own post on the next run (it wrote a `-2` post with no key before)."""
    saved = tmp_path / "old.html"
    saved.write_text(page(body=article_body("<p>只有正文，没有链接和时间。</p>")), encoding="utf-8")
    site = tmp_path / "site"
    run = lambda *extra: CliRunner().invoke(  # noqa: E731
        main, ["convert", str(saved), "--site", str(site), "--no-download", *extra]
    )
    assert run("--default-date", "2018-04-06").exit_code == 0
    posts = list((site / "_posts").glob("*.md"))
    assert len(posts) == 1 and front(posts[0].read_text(encoding="utf-8"))["wx2md_key"].startswith("wx-")
    assert run("--default-date", "2019-01-01").exit_code == ExitCode.EXISTS
    assert run("--default-date", "2018-04-06", "--force").exit_code == 0
    assert list((site / "_posts").glob("*.md")) == posts


def test_2017_page_writes_its_writer_and_original():
    from test_metadata import SCRIPTS_2017, meta_line_2017

    data = front(render(convert_html(page(body=meta_line_2017(original=True), scripts=SCRIPTS_2017))))
    assert data["author"] == "五百击" and data["account"] == "某科技号" and data["original"] is True
