"""wechatDownload's Markdown (qiye45/wechatDownload): `<yyyymmdd[HHMMSS]><title>.md`, covers in `封面/`.

It saves the page's text as it stands: the account's avatar and name on top, the
title as `#  title`, the byline `原创  作者  [ 公众号 ](javascript:void\\(0\\);)`,
`__ _ _ _ _`, lone commas and `****` where the page had empty tags, text posts with
their line breaks written `\\x0a`, and the page's buttons at the end. The file name
carries the date (the title in it has lost its punctuation: the heading's wins) and
`封面/<title>.jpg` beside it is the cover.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from wx2md.migrate.readers import Export, furniture
from wx2md.migrate.readers.byline import words

STAMP = re.compile(r"^(\d{8})(\d{6})?(?!\d{6})")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
EMPTY_TAGS = re.compile(r"^[\s,，_*]*$")  # `,`, `, ,`, `****`, `__ _ _ _ _`: the page's empty tags
AVATAR = re.compile(r"^!\[\]\(https?://mmbiz\.qpic\.cn/mmbiz_png/[^)\s]+/(?:300|132|0)\?wx_fmt=png\)$")
COVER = re.compile(r"^!\[cover_image\]\(([^)\s]+)\)\s*$")
LOST_BREAK = re.compile(r"(?<=[\u4e00-\u9fff？！。])nn(?=[\u4e00-\u9fff])")
TAG_LINE = re.compile(r"^__\s+(\S+)\s+,\s+\d+$")
MARKERS = ("javascript:void", "轻点两下取消赞", "\\x0a", "收藏")


def detect(text: str, path: Path) -> bool:
    if not STAMP.match(path.stem):
        return False
    head, tail = text[:4096], text[-600:]
    return any(m in head or m in tail for m in MARKERS) or bool(AVATAR.match(head.lstrip().split("\n", 1)[0]))


def _date(stem: str) -> datetime | None:
    match = STAMP.match(stem)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1) + (match.group(2) or "000000"), "%Y%m%d%H%M%S")
    except ValueError:
        return None


def read(text: str, path: Path) -> Export:
    stem_title = STAMP.sub("", path.stem).strip()
    out = Export("wechatDownload", "", published=_date(path.stem))
    lines = _unescaped(text).split("\n")
    i = 0
    while i < len(lines):  # the avatar and the account's name above the title
        line = lines[i].strip()
        cover = COVER.match(line)
        if cover:
            out.cover = out.cover or cover.group(1)
            i += 1
        elif not line or AVATAR.match(line) or EMPTY_TAGS.match(line) or furniture.ui_only(line):
            i += 1
        elif not HEADING.match(line) and len(line) <= 20 and not out.account and i + 1 < len(lines):
            out.account = furniture.plain(line)
            i += 1
        else:
            break
    heading = HEADING.match(lines[i].strip()) if i < len(lines) else None
    if heading:
        out.title = heading.group(1).replace("\u200b", "").strip()
        i += 1
        i = _byline(lines, i, out)
    while i < len(lines) and (not lines[i].strip() or TAG_LINE.match(lines[i].strip())):
        tag = TAG_LINE.match(lines[i].strip())
        if tag:
            out.tags.append(tag.group(1))  # `__ 推特  ,  1`: the article's hashtag and its count
        i += 1
    body = ["" if not ln.strip() else ln for ln in lines[i:] if not EMPTY_TAGS.match(ln) or not ln.strip()]
    while body and (not body[-1].strip() or furniture.plain(body[-1]) in furniture.WEAK):
        body.pop()  # the page's last buttons (`收藏`)
    out.body = re.sub(r"\n{3,}", "\n\n", furniture.strip("\n".join(body))).strip("\n") + "\n"
    if not out.title:
        out.title, out.title_from_name = stem_title, True
        parts = LOST_BREAK.split(stem_title)
        if len(parts) > 1 and not out.body.strip():  # a text post: its name is its text, `\n\n` written `nn`
            out.title = parts[0]
            out.body = "\n\n".join(parts[1:]) + "……\n"
    cover = _cover(path.parent / "封面", stem_title)
    if cover:
        out.cover = str(cover)
    return out


JS_AMP = re.compile(r"\\{1,2}x26(?:amp;)?")  # `&` as the page's script wrote it (`\x26amp;`), Markdown-escaped or not
JS_BREAKS = re.compile(r"(?:\\x0a)+")


def _unescaped(text: str) -> str:
    """The page script's escapes as text: `\\x26amp;` in an image URL is its `&`; in a text post
    `\\x0a\\x0a` parts paragraphs and a single `\\x0a` is the author's line break, kept as a hard
    break (two spaces, as `convert` writes `<br>`), not run into the line before."""
    text = JS_AMP.sub("&", text) if "x26" in text else text
    return JS_BREAKS.sub(lambda m: "\n\n" if len(m.group(0)) > 4 else "  \n", text)


def _cover(folder: Path, title: str) -> Path | None:
    """`封面/<title>.jpg`; the Markdown's name may be cut shorter than the cover's: then the one
    cover whose name starts with it."""
    exact = folder / f"{title}.jpg"
    if exact.is_file():
        return exact
    if not title or not folder.is_dir():
        return None
    found = [p for p in folder.iterdir() if p.name.startswith(title) and p.suffix.lower() in (".jpg", ".jpeg", ".png")]
    return found[0] if len(found) == 1 else None


def _byline(lines: list[str], i: int, out: Export) -> int:
    """`原创  作者  [ 公众号 ](javascript:void(0);)` or `原创  **作者**` under the title."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines):
        return i
    line = lines[i]
    if "javascript:void" not in line and not line.strip().startswith(("原创", "转载")):
        return i
    names, original = words(line)
    out.original = original
    if len(names) >= 2:
        out.author, out.account = names[0], names[-1]
    elif names:
        out.author = names[0]
        out.account = out.account or names[0]
    return i + 1
