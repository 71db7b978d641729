"""Editor widgets (audio, video, music, cards, formulas) turned into readable lines.

These are custom elements or iframes that render nothing without WeChat's
scripts; dropped silently they leave holes in the text ("listen below:" and
then nothing). Each becomes a short line with a link where one exists.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple
from urllib.parse import parse_qs, quote, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from wx2md.tree import gone, tags_in
from wx2md.urls import clean_link
from wx2md.wechat import AD_EMBEDS, ARTICLE_HOST, LAZY_SRC, MPVIDEO_URL, PROFILE_URL, TXVIDEO_URL, VOICE_URL, Widget

# Web elements that embed a player (beside WeChat's own widgets).
PLAYERS = ("iframe", "video")
_NAMED = frozenset({*PLAYERS, *Widget.UNPREFIXED})  # widgets known by a name without WeChat's prefix


class Line(NamedTuple):
    """What a widget becomes: an icon, a short text, and optionally a link and a tooltip."""

    icon: str
    text: str
    link: str = ""
    detail: str = ""  # the link's title: what the card says beyond its name (a signature, a hint)


def rewrite(root: Tag, soup: BeautifulSoup, base_url: str = "") -> None:
    """Replace every widget under `root` with a paragraph (or inline math): one widget, one line.

    A player WeChat's scripts drew (in a page saved after they ran) is the same
    widget again: beside the widget's own line it goes, and alone it becomes the
    line its widget would have made. Its text (来自…, 00:00, Replay, 观看更多) never stays.
    """
    made: list[tuple[Tag, Line, bool]] = []  # each line's paragraph, the line, whether a drawn player made it
    for tag in tags_in(root, where=_is_widget):
        if gone(tag):
            continue
        if tag.get("data-formula"):
            _formula(tag, soup)
            continue
        if tag.name in AD_EMBEDS:
            tag.decompose()
            continue
        drawn = not _is_named(tag) and _is_drawn(tag)
        line = _drawn_line(tag, base_url) if drawn else describe(tag, base_url)
        if line is None or (drawn and _said(line, tag, made)):
            tag.decompose()
            continue
        para = _paragraph(soup, line)
        if line.icon == "🎬":
            tag = _player_box(tag, root)
        tag.replace_with(para)
        tag.decompose()  # a widget's inside is gone with it: no second line from a player within
        if not drawn:
            _unsay_drawn(line, para, made)
        made.append((para, line, drawn))


def _is_named(tag: Tag) -> bool:
    """A widget known by its element's name (WeChat's custom elements, iframes, videos)."""
    name = tag.name
    return name in _NAMED or (name.startswith(Widget.PREFIX) and name != Widget.STYLE)


def _is_widget(tag: Tag) -> bool:
    """Asked of every tag in a body: the name decides for most, in one set lookup (`_is_named`, inline)."""
    name = tag.name
    if name in _NAMED:
        return True
    if name.startswith(Widget.PREFIX):
        return name != Widget.STYLE
    attrs = tag.attrs
    if not attrs:
        return False
    return bool(attrs.get("data-formula")) or (("class" in attrs or "id" in attrs) and _is_drawn(tag))


def _is_drawn(tag: Tag) -> bool:
    """A player WeChat's scripts drew: known by its class, or by its wrapper's id or class naming the video.

    Asked of every tag with a class or id in a body: one pass over its classes, no sets built.
    """
    classes = tag.attrs.get("class") or ()
    for name in classes.split() if isinstance(classes, str) else classes:
        if name in _DRAWN or name.startswith(Widget.DRAWN_VIDEO_PREFIXES):
            return True
    return str(tag.attrs.get("id") or "").startswith(Widget.DRAWN_VIDEO_PREFIXES)


_DRAWN = Widget.DRAWN_AUDIO | Widget.DRAWN_VIDEO


def _drawn_line(tag: Tag, base_url: str) -> Line | None:
    """The line a drawn player stands for, read from what it shows (audio) or the video it names."""
    classes = set(tag.get("class") or ())
    if not Widget.DRAWN_AUDIO.isdisjoint(classes):
        name = _shown(tag, Widget.DRAWN_TITLES)
        if not name:
            return None
        author = _shown(tag, Widget.DRAWN_AUTHORS).removeprefix("来自").strip()
        icon = "🎵" if "qqmusic_area" in classes else "🎧"
        return Line(icon, _joined(name, author, _shown(tag, Widget.DRAWN_LENGTHS)))
    vid = _video_id(tag)
    if vid:
        return Line("🎬", _attr(tag, "data-title", "title") or "视频", MPVIDEO_URL.format(vid))
    for player in (tag, *tags_in(tag, ("iframe", "video"))):  # its own data-src, or the frame it wraps
        line = _video(player, base_url) if player is not tag or _attr(tag, LAZY_SRC, "src") else None
        if line is not None and line.link and line.link != base_url:
            return line
    return Line("🎬", "视频", base_url, "在原文中观看")


def _shown(tag: Tag, classes: tuple[str, ...]) -> str:
    """The text of the first element under `tag` with one of `classes`."""
    wanted = frozenset(classes)
    for inner in tags_in(tag, where=lambda t: not wanted.isdisjoint(t.get("class") or ())):
        text = " ".join(inner.get_text(" ").split())
        if text:
            return text
    return ""


_WXV = re.compile(r"wxv_\d+")


def _video_id(tag: Tag) -> str:
    """The `wxv_…` id a drawn video player names: in a data attribute, or its own or an inner id or class."""
    for node in (tag, *tags_in(tag)):
        for name in ("data-mpvid", "data-vid", "vid", "id", "class"):
            value = node.get(name)
            found = _WXV.search(" ".join(value) if isinstance(value, list) else str(value or ""))
            if found:
                return found.group()
    return ""


_CLOCK = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")


def _player_box(video: Tag, root: Tag) -> Tag:
    """The box a drawn video player put around its video: the largest showing only the player's words.

    Whatever WeChat named its layers, a box that shows nothing but `Replay`, `观看更多`
    or `视频加载失败…` around the video is the player; no picture and no other widget in it.
    """
    box, node = video, video.parent
    while node is not None and node is not root and node.name not in _CONTENT_BOXES and _only_player(node, video):
        if node.get_text().strip():
            box = node
        node = node.parent
    if box is not video and Widget.PLAYER_SIGNS.isdisjoint(box.get_text(" ").split()):
        return video  # only words an author could write too (分享, 点赞): the author's, then
    return box


_CONTENT_BOXES = frozenset({"li", "td", "th", "blockquote", "table", "ul", "ol"})


def _only_player(node: Tag, video: Tag) -> bool:
    """Whether `node` shows only the player's words and holds no picture or widget besides `video`."""
    words = node.get_text(" ").split()
    if not all(word in Widget.PLAYER_WORDS or _CLOCK.match(word) for word in words):
        return False
    inside = {id(t) for t in tags_in(video)} | {id(video)}
    return not any(t.name == "img" or _is_widget(t) for t in tags_in(node) if id(t) not in inside)


def _said(line: Line, tag: Tag, made: list[tuple[Tag, Line, bool]]) -> bool:
    """Whether a widget's own line, made before, already says what this drawn player shows."""
    return any(not drawn and _same_widget(said, line, para, tag) for para, said, drawn in reversed(made))


def _unsay_drawn(line: Line, para: Tag, made: list[tuple[Tag, Line, bool]]) -> None:
    """A player drawn before its widget made a line of its own: the widget's line (with its link) stays alone."""
    for i, (other, said, drawn) in enumerate(made):
        if drawn and _same_widget(line, said, other, para):
            other.decompose()
            del made[i]
            return


def _same_widget(widget: Line, drawn: Line, first: Tag, second: Tag) -> bool:
    """Whether a widget's line and a drawn player's line stand for one widget.

    The same link (not the page's own, which every unnamed video shares), the same
    recording's name, or nothing between their places (`first` before `second`).
    """
    if widget.icon != drawn.icon:
        return False
    if drawn.link and drawn.link == widget.link and not drawn.detail:
        return True
    if drawn.icon != "🎬" and widget.text.startswith(drawn.text.split(" · ")[0]):
        return True
    return _next_to(first, second)


def _next_to(first: Tag, second: Tag) -> bool:
    """Whether nothing but blank text lies between `first` and `second` in document order."""
    node = first.next_sibling
    while node is not None and isinstance(node, NavigableString) and not node.strip():
        node = node.next_sibling
    return node is second


def _attr(tag: Tag, *names: str) -> str:
    for name in names:
        value = tag.get(name)
        if value:
            return html.unescape(html.unescape(str(value))).replace("\xa0", " ").strip()
    return ""


def describe(tag: Tag, base_url: str = "") -> Line | None:
    """The line a widget becomes, or None when it shows nothing worth keeping.

    The names the player or card showed (a recording's title, its author, its
    length; a song and its singer; an account) are what the reader saw, so
    they are the line's visible text, not a tooltip; a bare word stands in
    only when the widget names nothing.
    """
    name = tag.name
    if name in Widget.AUDIO:
        return _audio(tag)
    if name in Widget.MUSIC:
        title = _joined(_attr(tag, "music_name", "data-music_name"), _attr(tag, "singer", "data-singer"))
        return Line("🎵", title or "音乐", clean_link(_attr(tag, "audiourl", "data-audiourl")) or "")
    if name in PLAYERS or name in Widget.VIDEO:
        return _video(tag, base_url)
    if name == Widget.PROFILE:
        nickname = _attr(tag, "data-nickname", "data-alias") or "公众号"
        biz = _attr(tag, "data-id")
        return Line("👤", nickname, PROFILE_URL.format(quote(biz, safe="=")) if biz else "", _attr(tag, "data-signature"))
    if name == Widget.MINIPROGRAM:
        return Line("📱", _attr(tag, "data-miniprogram-title", "data-miniprogram-nickname") or "小程序")
    if name == Widget.PLACE:
        return Line("📍", _attr(tag, "data-name", "data-address") or "位置")
    if name in Widget.PRODUCT:
        return Line("🛒", _attr(tag, "data-title", "data-name") or "商品")
    if name.startswith(Widget.PREFIX):
        text = tag.get_text(" ", strip=True)
        return Line("", text) if text else None
    return None


def _audio(tag: Tag) -> Line:
    name = _joined(_attr(tag, "name", "data-name") or "音频", _attr(tag, "author"), _duration(_attr(tag, "play_length")))
    fileid = _attr(tag, "voice_encode_fileid", "data-voice_encode_fileid")
    return Line("🎧", name, VOICE_URL.format(fileid) if fileid else "")


def _joined(*parts: str) -> str:
    """`name · author · 1:06`: what a player shows, on one line."""
    return " · ".join(p for p in parts if p)


def _duration(value: str) -> str:
    """play_length is milliseconds in newer pages, seconds in older ones."""
    if not value.isdigit():
        return value
    seconds = int(value)
    if seconds > 10_000:
        seconds //= 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


def _video(tag: Tag, base_url: str) -> Line | None:
    classes = " ".join(tag.get("class") or [])
    src = _attr(tag, LAZY_SRC, "src")
    if src.startswith("blob:"):  # a drawn player's stream, valid only in the page that made it
        src = ""
    if "vote" in classes or Widget.VOTE in src:
        return Line("🗳️", "投票", base_url, "在原文中参与投票")
    vid = _attr(tag, "data-mpvid", "data-vid", "vid")
    if vid.startswith("wxv_"):
        return Line("🎬", _attr(tag, "data-title", "title") or "视频", MPVIDEO_URL.format(vid))
    if tag.name == Widget.CHANNELS_VIDEO:
        return Line("🎬", _joined("视频号", _attr(tag, "data-nickname"), _attr(tag, "data-desc")))
    if not src:
        return Line("🎬", "视频", base_url, "在原文中观看") if tag.name != "iframe" else None
    try:
        parts = urlsplit(src if "//" in src else f"https://{ARTICLE_HOST}" + src)
    except ValueError:  # `http://[` : not a URL at all
        return Line("🎬", "视频", base_url, "在原文中观看")
    qvid = parse_qs(parts.query).get("vid", [""])[0]
    if parts.hostname and parts.hostname.endswith("v.qq.com") and qvid:
        return Line("🎬", TXVIDEO_URL.format(qvid), TXVIDEO_URL.format(qvid))
    link = clean_link(src if "//" in src else "")
    if link:
        return Line("🎬" if "video" in classes or tag.name == "video" else "🔗", link, link)
    return Line("🎬", "视频", base_url, "在原文中观看")


def _paragraph(soup: BeautifulSoup, line: Line) -> Tag:
    para = soup.new_tag("p")
    if line.icon:
        para.append(line.icon + " ")
    if line.link:
        a = soup.new_tag("a", attrs={"href": line.link})
        if line.detail:
            a["title"] = line.detail.replace(")", "）").replace("(", "（").replace('"', "”")
        a.string = line.text
        para.append(a)
    else:
        para.append(line.text)
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
