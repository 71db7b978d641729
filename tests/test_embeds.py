"""embeds.py: editor widgets (audio, video, music, account cards, formulas) as short readable lines."""

from __future__ import annotations

from conftest import body


def test_formulas_inline_and_block():
    md = body('<p>质能<span data-formula="E=mc^2"><svg></svg></span>。</p><section data-formula="\\sum_{i=1}^n i"><svg></svg></section>')
    assert md == "质能$E=mc^2$。\n\n$$\n\\sum_{i=1}^n i\n$$\n"


def test_audio_becomes_a_link_line():
    md = body('<mpvoice name="早安" voice_encode_fileid="ABC" play_length="283000"></mpvoice>')
    assert md == "🎧 [早安 · 4:43](https://res.wx.qq.com/voice/getvoice?mediaid=ABC)\n"


def test_video_iframe_becomes_a_link_line():
    md = body('<iframe class="video_iframe" data-src="https://v.qq.com/iframe/preview.html?vid=o060&amp;width=500"></iframe>')
    assert md == "🎬 <https://v.qq.com/x/page/o060.html>\n"


def test_profile_card_links_to_the_account():
    md = body('<mp-common-profile data-nickname="某号" data-id="MzA=="></mp-common-profile>')
    assert md == "👤 [某号](https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA==)\n"


def test_music_and_profile_cards_are_short_lines():
    md = body('<qqmusic music_name="曲" singer="人" audiourl="http://m.example/a.m4a"></qqmusic>'
              '<mp-common-profile data-nickname="某号"></mp-common-profile>')
    assert md == "🎵 [曲 · 人](http://m.example/a.m4a)\n\n👤 某号\n"
