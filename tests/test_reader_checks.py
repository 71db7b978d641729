"""What issue 17 asks a reader to find in no converted post, checked on every real page in ../shared.

No nested links, no escaped HTML, no player text, no mail address left as a footnote,
no character cut in half.
"""

from __future__ import annotations

import re

import pytest
from conftest import CONTENT_PAGES, PAGES

from wx2md.core import convert_html

pytestmark = pytest.mark.skipif(not PAGES.is_dir(), reason="../shared is not here")

NESTED_LINK = re.compile(r"\[[^\]\n]*\[[^\]\n]*\]\([^)\s]+\)[^\]\n]*\]\(")
IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\s]+\)")  # a picture inside a link is no nested link
ESCAPED_TAG = re.compile(r"&lt;/?(?:a|p|br|span|section|img)\b", re.I)
PLAYER_TEXT = ("视频加载失败", "Replay", "Video Details", "观看更多", "Loading...", "来自力哥理财", "当前浏览器不支持播放")
MAIL_NOTE = re.compile(r"^\[\^\d+\]:.*mailto:", re.M)


@pytest.mark.parametrize("path", CONTENT_PAGES, ids=lambda p: p.name)
def test_a_reader_finds_none_of_issue_17s_defects(path) -> None:
    md = convert_html(path.read_text(encoding="utf-8", errors="replace"), "").body
    assert NESTED_LINK.search(IMAGE.sub("🖼", md)) is None
    assert ESCAPED_TAG.search(md) is None
    assert not [word for word in PLAYER_TEXT if word in md]
    assert MAIL_NOTE.search(md) is None
    assert "\ufffd" not in md


def test_the_checks_catch_what_the_issue_quotes() -> None:
    assert NESTED_LINK.search("[[制造业正在“零工化”](https://mp.weixin.qq.com/s?a=1)](https://www.ruanyifeng.com/x)")
    assert NESTED_LINK.search(IMAGE.sub("🖼", "[![](https://mmbiz.qpic.cn/a/640)](https://mp.weixin.qq.com/s/x)")) is None
    assert ESCAPED_TAG.search('&lt;a class="wx_img_refer_link" style="">图2&lt;/a>')
    assert MAIL_NOTE.search("[^4]: 邮件联系:mailto:a@b.c")
