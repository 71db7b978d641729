"""Players WeChat's scripts drew, in pages saved after they ran (issue 17, item 4): one widget, one line.

The markup is WeChat's own player templates (voice_tpl: `js_audio_frame` > `audio_card`,
the older `audio_area`; new_video/player: `js_mpvedio` inside the video's wrapper), as a
browser saves them.
"""

from __future__ import annotations

from conftest import body
from pagebuilders import VAR_BLOCK, article_body

from wx2md.core import convert_html

FILEID = "MzI3NTAxMzI0MF8yNjUwNTYxNDA2"
MPVOICE = (f'<mpvoice class="res_iframe js_editor_audio audio_iframe" name="第327期：基金定投怎么止盈" '
           f'voice_encode_fileid="{FILEID}" play_length="825000" high_size="3224.4" isaac2="1" '
           'src="/cgi-bin/readtemplate?t=tmpl/audio_tmpl&amp;name=x&amp;play_length=13:45"></mpvoice>')
AUDIO_CARD = f"""<span class="js_audio_frame db pages_reset audio_area">
    <span aria-labelledby="语音" id="voice_main_{FILEID}_0" class="appmsg_card_context appmsg_card_active db audio_card">
      <strong id="voice_title_{FILEID}_0" class="audio_card_title" aria-describedby="语音标题" role="link">第327期：基金定投怎么止盈</strong>
      <span id="voice_author_{FILEID}_0" class="audio_card_desc">来自力哥理财</span>
      <span class="weui-flex"><span class="weui-flex__item"><span class="audio_card_opr">
        <span id="voice_seekRange_{FILEID}_0" class="audio_card_progress_wrp"><span class="audio_card_progress">
          <span id="voice_progress_{FILEID}_0" style="width:0%" class="audio_card_progress_inner"></span></span></span>
        <span class="audio_card_tips" aria-labelledby="时长">
          <em id="voice_playtime_{FILEID}_0" class="audio_card_length_current" aria-hidden="true">00:00</em>
          <em id="voice_duration_{FILEID}_0" class="audio_card_length_total">13:45</em>
        </span></span></span>
        <span id="voice_play_{FILEID}_0" aria-labelledby="播放开关" class="audio_card_switch"><em class="weui-audio-btn" role="button"></em></span>
      </span>
    </span>
</span>"""
OLD_AUDIO_AREA = """<span id="voice_main_ABC_0" class="db audio_area">
    <span class="tc tips_global unsupport_tips" style="display:none;">当前浏览器不支持播放音乐或语音，请在微信或其他浏览器中播放</span>
    <span class="audio_wrp db"><span id="voice_play_ABC_0" class="audio_play_area">
        <i class="icon_audio_default"></i><i class="icon_audio_playing"></i></span>
      <span class="audio_length tips_global">4:43</span>
      <span class="db audio_info_area"><strong class="db audio_title">早安武汉3月19日</strong>
        <span class="audio_source tips_global">来自长江日报</span></span>
      <span id="voice_progress_ABC_0" class="progress_bar" style="width:0px;"></span></span>
</span>"""


def test_a_drawn_audio_player_beside_its_widget_adds_nothing() -> None:
    md = body(f"<p>收听本期：</p><p>{MPVOICE}{AUDIO_CARD}</p><p>正文</p>")
    assert md == (f"收听本期：\n\n🎧 [第327期：基金定投怎么止盈 · 13:45](https://res.wx.qq.com/voice/getvoice?mediaid={FILEID})"
                  "\n\n正文\n")


def test_a_drawn_audio_player_before_its_widget_adds_nothing() -> None:
    md = body(f"<section>{AUDIO_CARD}</section><section>{MPVOICE}</section>")
    assert md == f"🎧 [第327期：基金定投怎么止盈 · 13:45](https://res.wx.qq.com/voice/getvoice?mediaid={FILEID})\n"


def test_a_drawn_audio_player_alone_is_the_line_its_widget_would_make() -> None:
    md = body(f"<p>收听：</p><p>{AUDIO_CARD}</p>")
    assert md == "收听：\n\n🎧 第327期：基金定投怎么止盈 · 力哥理财 · 13:45\n"
    md = body(f"<p>{OLD_AUDIO_AREA}</p>")
    assert md == "🎧 早安武汉3月19日 · 长江日报 · 4:43\n"


def test_two_recordings_each_with_its_drawn_player_are_two_lines() -> None:
    second = MPVOICE.replace("第327期：基金定投怎么止盈", "第328期：债基").replace(FILEID, "XYZ")
    card = AUDIO_CARD.replace("第327期：基金定投怎么止盈", "第328期：债基").replace(FILEID, "XYZ")
    md = body(f"<p>{MPVOICE}{AUDIO_CARD}</p><p>{second}{card}</p>")
    assert md.count("🎧") == 2 and "来自" not in md and "00:00" not in md


VID = "wxv_3217425766203129857"
# WeChat's drawn video player, as a browser's "save as XHTML" writes it: self-closed
# elements, the player's words as character references.
XHTML_PLAYER = f"""<div class="js_mpvedio_wrapper_{VID} mpvideo_wrapper" id="js_mp_video_container_{VID}">
<div class="feed-wrapper"><div class="infinity-list__wrapper"><div class="mp-video-player">
  <div class="video_head"><span class="account_nickname">&#x67D0;&#x516C;&#x4F17;&#x53F7;</span>
    <span class="account_follow">&#x5DF2;&#x5173;&#x6CE8;</span><span class="account_follow_en">Follow</span></div>
  <div id="js_mpvedio_1733412345678_98765" class="js_mpvedio"><div class="js_page_video page_video ratio_primary">
    <video class="video_fill" poster="https://mmbiz.qpic.cn/mmbiz_jpg/POSTER/0?wx_fmt=jpeg" src="blob:https://mp.weixin.qq.com/5f0c"/>
    <div class="mid_opr"><a class="replay_btn">Replay</a> <a class="share_btn">Share</a> <a class="like_btn">Like</a></div>
    <div class="video_more"><strong>&#x89C2;&#x770B;&#x66F4;&#x591A;</strong></div>
    <div class="js_loading">Loading...</div>
    <div class="js_error"><p>&#x89C6;&#x9891;&#x52A0;&#x8F7D;&#x5931;&#x8D25;&#xFF0C;&#x8BF7;&#x5237;&#x65B0;&#x9875;&#x9762;&#x518D;&#x8BD5;</p><a class="refresh">Refresh</a></div>
  </div></div>
  <div class="video_detail_entry">Video Details</div>
</div></div></div>
</div>"""


def xhtml_page(content: str) -> str:
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'/><title></title></head>"
            f"<body id='activity-detail'>{article_body(content)}<script>{VAR_BLOCK}</script></body></html>")
    page = page.replace("<!DOCTYPE html><html>", '<?xml version="1.0" encoding="UTF-8"?>\n'
                        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
                        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
                        '<html xmlns="http://www.w3.org/1999/xhtml">')
    return page


def test_a_drawn_video_player_in_a_page_saved_as_xhtml_is_one_video_line() -> None:
    md = convert_html(xhtml_page(f"<p>先看视频：</p><section>{XHTML_PLAYER}</section><p>看完了。</p>")).body
    assert md == (f"先看视频：\n\n🎬 [视频](https://mp.weixin.qq.com/mp/readtemplate?t=pages/video_player_tmpl&action=mpvideo&vid={VID})"
                  "\n\n看完了。\n")


def test_a_drawn_video_player_beside_its_iframe_adds_nothing() -> None:
    iframe = f'<iframe class="video_iframe rich_pages" data-mpvid="{VID}" data-vidtype="2" data-src="https://mp.weixin.qq.com/mp/readtemplate?t=pages/video_player_tmpl&amp;action=mpvideo&amp;vid={VID}"></iframe>'
    md = body(f"<section>{iframe}{XHTML_PLAYER}</section>")
    assert md.count("🎬") == 1
    for word in ("Follow", "Replay", "Loading", "Refresh", "Video Details", "已关注", "观看更多", "视频加载失败"):
        assert word not in md


def test_a_video_streaming_from_a_blob_is_no_link() -> None:
    md = body('<p><video src="blob:https://mp.weixin.qq.com/5f0c"></video></p>', base_url="https://mp.weixin.qq.com/s/abc")
    assert "blob:" not in md and md.startswith("🎬 ")


def test_a_drawn_tencent_video_keeps_its_page_link() -> None:
    md = body('<span class="video_iframe rich_pages" data-vidtype="1" '
              'data-src="https://v.qq.com/iframe/preview.html?vid=o0608305r9k&amp;width=500"><span>Loading...</span></span>')
    assert md == "🎬 <https://v.qq.com/x/page/o0608305r9k.html>\n"


def test_a_player_known_only_by_its_words_goes_with_its_video() -> None:
    # layers named otherwise than WeChat's templates we know: the words alone tell the player
    player = ('<div class="vp_outer"><div class="vp_top"><span>已关注</span><span>Follow</span></div>'
              f'<div class="vp_stage"><video data-mpvid="{VID}" src="blob:https://mp.weixin.qq.com/1"></video>'
              '<div class="vp_end"><span>Replay</span> <span>Share</span> <span>Like</span></div>'
              '<div class="vp_state">Loading...</div><div class="vp_err"><p>视频加载失败，请刷新页面再试</p><span>Refresh</span></div>'
              '<span>00:00</span>/<span>02:13</span></div><div class="vp_more"><strong>观看更多</strong></div></div>')
    md = body(f"<p>开头</p><section>{player}</section><p>结尾</p>")
    assert md == f"开头\n\n🎬 [视频](https://mp.weixin.qq.com/mp/readtemplate?t=pages/video_player_tmpl&action=mpvideo&vid={VID})\n\n结尾\n"


def test_a_video_beside_the_authors_words_and_pictures_keeps_them() -> None:
    md = body('<section><p>分享</p><video src="https://example.com/a.mp4"></video><img data-src="https://mmbiz.qpic.cn/a/640"></section>'
              '<section><p>这是说明</p><video src="https://example.com/b.mp4"></video></section>')
    assert "分享" in md and "![](https://mmbiz.qpic.cn/a/640)" in md and "这是说明" in md and md.count("🎬") == 2


def test_a_video_beside_a_word_an_author_writes_keeps_it() -> None:
    md = body('<section><p>分享</p><video src="https://example.com/a.mp4"></video></section>')
    assert md == "分享\n\n🎬 <https://example.com/a.mp4>\n"


def test_a_drawn_player_of_another_video_is_its_own_line() -> None:
    other = XHTML_PLAYER.replace(VID, "wxv_999")
    iframe = f'<iframe class="video_iframe" data-mpvid="{VID}"></iframe>'
    md = body(f"<section>{iframe}</section><p>中间的话</p><section>{other}</section>")
    assert md.count("🎬") == 2 and "vid=wxv_999" in md and f"vid={VID}" in md
