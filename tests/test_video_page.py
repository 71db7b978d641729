"""WeChat's video page (/mp/videoplayer): a post with title, account, date, a 🎬 line and the description."""

from __future__ import annotations

from pagebuilders import VIDEO_ID, video_page

from wx2md.core import convert_html
from wx2md.extract import extract
from wx2md.models import Kind
from wx2md.post import render
from wx2md.urls import canonical_article_url, is_article_url
from wx2md.wechat import MPVIDEO_URL

PLAYER_TEXT = ("已关注", "Follow", "Replay", "Share", "Like", "观看更多", "Loading", "视频加载失败", "Refresh", "Video Details",
               "您的浏览器不支持")


def test_a_saved_video_page_is_a_post_not_a_refusal():
    art = extract(video_page())
    assert art.kind == Kind.VIDEO
    assert art.meta.title == "凌晨四点的菜市场"
    assert art.meta.account == "城市漫游记"
    assert art.meta.published is not None
    assert art.meta.published.strftime("%Y-%m-%d %H:%M %z") == "2021-03-02 18:00 +0800"
    assert art.meta.cover == "https://mmbiz.qpic.cn/mmbiz_jpg/VIDEOposterVIDEO/0?wx_fmt=jpeg"  # the player's poster


def test_the_post_is_a_video_line_and_the_description_without_player_text():
    text = render(convert_html(video_page()))
    body = text.split("---\n", 2)[2].strip()
    assert body.startswith(f"🎬 [凌晨四点的菜市场]({MPVIDEO_URL.format(VIDEO_ID)})")
    assert "凌晨四点，城南的菜市场已经亮灯。" in body and "一天从这里开始。" in body
    for word in PLAYER_TEXT:
        assert word not in body, word
    assert "title: 凌晨四点的菜市场" in text and "account: 城市漫游记" in text and "date: 2021-03-02 18:00:00 +0800" in text


def test_the_page_data_wins_and_the_description_comes_from_the_digest():
    scripts = (
        'var item_show_type = "5"; var msg_title = "菜市场的清晨"; var nickname = htmlDecode("城市漫游记");'
        ' var ct = "1614679200"; var msg_desc = htmlDecode("摊主们的一天\\x0a从凌晨开始");'
        ' var biz = "MzA4ODUzNjAxOA=="; var mid = "2671068104"; var idx = "1"; var msg_link = "";'
    )
    art = extract(video_page(scripts=scripts))
    assert art.kind == Kind.VIDEO and art.meta.title == "菜市场的清晨"
    assert art.meta.url == "https://mp.weixin.qq.com/s?__biz=MzA4ODUzNjAxOA==&mid=2671068104&idx=1"
    text = art.content.get_text("\n")
    assert "摊主们的一天" in text and "从凌晨开始" in text and "城南" not in text


def test_a_video_page_url_is_accepted_and_loses_the_readers_session_keys():
    url = ("https://mp.weixin.qq.com/mp/videoplayer?action=get_page&__biz=MzA4ODUzNjAxOA==&mid=2671068104&idx=1"
           f"&vid={VIDEO_ID}&uin=MTIz&key=secret&pass_ticket=ticket&scene=1")
    assert is_article_url(url)
    assert canonical_article_url(url) == (
        f"https://mp.weixin.qq.com/mp/videoplayer?__biz=MzA4ODUzNjAxOA==&mid=2671068104&idx=1&vid={VIDEO_ID}"
    )
    assert not is_article_url("https://mp.weixin.qq.com/mp/videoplayer?action=get_page")
    art = extract(video_page(), url)
    assert art.meta.url == canonical_article_url(url) and "secret" not in render(convert_html(video_page(), url))


def test_a_page_with_only_a_player_title_is_still_a_video_post():
    heading = '<h1 class="rich_media_title video_title" id="js_video_page_title">凌晨四点的菜市场</h1>'
    html = video_page(desc="").replace(heading, "")
    art = extract(html)
    assert art.kind == Kind.VIDEO and art.meta.title == "凌晨四点的菜市场"  # from <title>
    assert art.content.get_text().strip().startswith("🎬")


def test_a_saved_video_page_is_known_by_its_video_on_the_next_run(tmp_path):
    from click.testing import CliRunner

    from wx2md.cli import main
    from wx2md.errors import ExitCode

    saved = tmp_path / "video.html"
    saved.write_text(video_page(), encoding="utf-8")
    args = ["convert", str(saved), "--site", str(tmp_path / "site"), "--no-download"]
    run = lambda: CliRunner().invoke(main, args)  # noqa: E731
    assert run().exit_code == 0
    (post,) = (tmp_path / "site" / "_posts").glob("*.md")
    assert f"source: {MPVIDEO_URL.format(VIDEO_ID)}" in post.read_text(encoding="utf-8")
    assert run().exit_code == ExitCode.EXISTS


def test_another_template_still_gives_title_and_account():
    """Names differ between templates: a heading and a `…nickname…` block still say what they are."""
    html = (
        video_page()
        .replace('<h1 class="rich_media_title video_title" id="js_video_page_title">', '<h2 class="video_page_title">')
        .replace("</h1>", "</h2>")
        .replace('<span class="account_nickname_inner">城市漫游记</span>', '<strong class="video_nickname">城市漫游记</strong>')
        .replace("<title>凌晨四点的菜市场</title>", "<title></title>")
    )
    art = extract(html)
    assert art.kind == Kind.VIDEO
    assert (art.meta.title, art.meta.account) == ("凌晨四点的菜市场", "城市漫游记")
