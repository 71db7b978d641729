"""Editor widgets (audio, video, music, cards, formulas) turned into readable lines.

These are custom elements or iframes that render nothing without WeChat's
scripts; dropped silently they leave holes in the text ("listen below:" and
then nothing). Each becomes a short line with a link where one exists.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag

from wx2md.tree import gone
from wx2md.urls import clean_link

VOICE_URL = "https://res.wx.qq.com/voice/getvoice?mediaid={}"
MPVIDEO_URL = "https://mp.weixin.qq.com/mp/readtemplate?t=pages/video_player_tmpl&action=mpvideo&vid={}"
TXVIDEO_URL = "https://v.qq.com/x/page/{}.html"
DROP = frozenset({"mp-common-cpsad", "mp-common-adcard", "mp-common-sticker-ad"})


def rewrite(root: Tag, soup: BeautifulSoup, base_url: str = "") -> None:
    """Replace every widget under `root` with a paragraph (or inline math)."""
    for tag in root.find_all(_is_widget):
        if gone(tag):
            continue
        if tag.get("data-formula"):
            _formula(tag, soup)
            continue
        if tag.name in DROP:
            tag.decompose()
            continue
        line = describe(tag, base_url)
        if line is None:
            tag.decompose()
        else:
            tag.replace_with(_paragraph(soup, *line))


def _is_widget(tag: Tag) -> bool:
    name = tag.name
    return (
        name.startswith("mp-")
        or name in ("mpvoice", "qqmusic", "mpvideo", "iframe", "video")
        or bool(tag.get("data-formula"))
    ) and name != "mp-style-type"


def _attr(tag: Tag, *names: str) -> str:
    for name in names:
        value = tag.get(name)
        if value:
            return html.unescape(html.unescape(str(value))).replace("\xa0", " ").strip()
    return ""


def describe(tag: Tag, base_url: str = "") -> tuple[str, str, str] | None:
    """(label, text, link) for a widget, or None when it shows nothing worth keeping."""
    name = tag.name
    if name in ("mp-common-mpaudio", "mpvoice"):
        return _audio(tag)
    if name == "qqmusic" or name == "mp-common-qqmusic":
        title = " - ".join(x for x in (_attr(tag, "music_name", "data-music_name"), _attr(tag, "singer", "data-singer")) if x)
        return ("音乐", title or "QQ 音乐", clean_link(_attr(tag, "audiourl", "data-audiourl")) or "")
    if name in ("iframe", "video", "mpvideo", "mp-common-videosnap", "mp-video"):
        return _video(tag, base_url)
    if name == "mp-common-profile":
        return ("公众号", _attr(tag, "data-nickname", "data-alias") or "公众号名片", "")
    if name == "mp-miniprogram":
        title = _attr(tag, "data-miniprogram-title", "data-miniprogram-nickname")
        return ("小程序", title or "小程序卡片", "")
    if name == "mp-common-poi":
        return ("位置", _attr(tag, "data-name", "data-address") or "地点", "")
    if name in ("mp-common-product", "mp-common-goods"):
        return ("商品", _attr(tag, "data-title", "data-name") or "商品卡片", "")
    if name.startswith("mp-"):
        text = tag.get_text(" ", strip=True)
        return ("", text, "") if text else None
    return None


def _audio(tag: Tag) -> tuple[str, str, str]:
    name = _attr(tag, "name", "data-name") or "音频"
    details = [x for x in (_attr(tag, "author"), _duration(_attr(tag, "play_length"))) if x]
    text = f"{name}（{'，'.join(details)}）" if details else name
    fileid = _attr(tag, "voice_encode_fileid", "data-voice_encode_fileid")
    return ("音频", text, VOICE_URL.format(fileid) if fileid else "")


def _duration(value: str) -> str:
    """play_length is milliseconds in newer pages, seconds in older ones."""
    if not value.isdigit():
        return value
    seconds = int(value)
    if seconds > 10_000:
        seconds //= 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


def _video(tag: Tag, base_url: str) -> tuple[str, str, str] | None:
    classes = " ".join(tag.get("class") or [])
    src = _attr(tag, "data-src", "src")
    if "vote" in classes or "newappmsgvote" in src:
        return ("投票", "请在原文中参与投票", base_url)
    vid = _attr(tag, "data-mpvid", "data-vid", "vid")
    if vid.startswith("wxv_"):
        return ("视频", _attr(tag, "data-title", "title") or "在微信中播放", MPVIDEO_URL.format(vid))
    if tag.name in ("mp-common-videosnap",):
        return ("视频号", _attr(tag, "data-nickname", "data-desc") or "视频号视频", "")
    if not src:
        return ("视频", "请在原文中观看", base_url) if tag.name != "iframe" else None
    parts = urlsplit(src if "//" in src else "https://mp.weixin.qq.com" + src)
    qvid = parse_qs(parts.query).get("vid", [""])[0]
    if parts.hostname and parts.hostname.endswith("v.qq.com") and qvid:
        return ("视频", TXVIDEO_URL.format(qvid), TXVIDEO_URL.format(qvid))
    link = clean_link(src if "//" in src else "")
    if link:
        return ("视频" if "video" in classes or tag.name == "video" else "嵌入内容", link, link)
    return ("视频", "请在原文中观看", base_url)


def _paragraph(soup: BeautifulSoup, label: str, text: str, link: str) -> Tag:
    para = soup.new_tag("p")
    if label:
        para.append(f"{label}：")
    if link:
        a = soup.new_tag("a", attrs={"href": link})
        a.string = text
        para.append(a)
    else:
        para.append(text)
    return para


def _formula(tag: Tag, soup: BeautifulSoup) -> None:
    """mdnice keeps the LaTeX in data-formula; the SVG beside it is only its rendering."""
    latex = re.sub(r"\s+", " ", html.unescape(tag["data-formula"])).strip()
    display = tag.name in ("section", "div", "p") or "block" in " ".join(tag.get("class") or [])
    math = soup.new_tag("x-math", attrs={"data-display": "block" if display else "inline"})
    math.string = latex
    if display:
        para = soup.new_tag("p")
        para.append(math)
        tag.replace_with(para)
    else:
        tag.replace_with(math)
