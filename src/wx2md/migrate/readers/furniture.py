"""WeChat page furniture: the text of the page's buttons and overlays that tools copy with the article.

A crawler or a "save as Markdown" tool takes the whole page's text, so the article
ends in `预览时标签不可点 / 微信扫一扫 / 关注该公众号 / 继续滑动看下一个 / … / 赞 / 在看 /
分享 / 留言 / 收藏` (and its English twin). None of it is the author's. The block is cut
where it starts (only when nothing but furniture follows, so an article that quotes
one of these words keeps it), and the unmistakable lines go wherever they stand.
"""

from __future__ import annotations

import re

# Lines no author writes as a paragraph of their own: removed wherever they stand.
STRONG = frozenset({
    "预览时标签不可点", "微信扫一扫", "关注该公众号", "继续滑动看下一个", "轻触阅读原文", "轻触查看原文",
    "向上滑动看下一个", "微信扫一扫可打开此内容，", "微信扫一扫可打开此内容", "使用完整服务",
    "，轻点两下取消赞", "，轻点两下取消在看", "轻点两下取消赞", "轻点两下取消在看", "使用小程序",
    "Scan to Follow", "Continue Reading", "Scan with Weixin to use this Mini Program", "Got It",
    "Scan with Weixin to use this Mini Program", "Tap twice to close", "Swipe up to see the next",
})
# The rest of the page's UI: removed only inside the trailing block.
WEAK = frozenset({
    "阅读原文", "知道了", "取消", "允许", "×", "分析", "视频", "小程序", "赞", "在看", "分享", "留言", "收藏",
    "听过", "写留言", "喜欢此内容的人还喜欢", "Read more", "Cancel", "Allow", "Video", "Mini Program", "Like",
    "Wow", "Share", "Comment", "Favorite", "Listen", "Got it", "Close", "更多", "划线", "暂无留言",
})
PUNCTUATION_ONLY = re.compile(r"^[\s,，。.:：;；、!！?？·…]*$")
IMAGE_ONLY = re.compile(r"^!\[[^\]\n]*\]\([^)\n]*\)$")
EMPTY_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*\)")
PAGE_IMAGES = re.compile(r"^!\[(?:作者头像|跳转二维码|cover_image|profile_image|qrcode)\]")


def plain(line: str) -> str:
    """The line as its words: Markdown emphasis, escapes and stray spaces aside."""
    return re.sub(r"[*_`\\]", "", line).strip()


def _weak(line: str) -> bool:
    text = plain(line)
    return (not text or text in STRONG or text in WEAK or bool(PUNCTUATION_ONLY.match(text))
            or bool(IMAGE_ONLY.match(line.strip())) or len(text) <= 16)


def strip(body: str) -> str:
    """`body` without the page's furniture: the trailing UI block, and the unmistakable lines anywhere."""
    lines = body.split("\n")
    cut = _tail_start(lines)
    if cut is not None:
        lines = lines[:cut]
        while lines and (not lines[-1].strip() or plain(lines[-1]) in WEAK or PUNCTUATION_ONLY.match(plain(lines[-1]))
                         or EMPTY_IMAGE.fullmatch(lines[-1].strip())):
            lines.pop()  # the buttons just above the block (`：，。 视频 小程序 赞`, `阅读原文`)
    kept = [ln for ln in lines if plain(ln) not in STRONG and not EMPTY_IMAGE.fullmatch(ln.strip())
            and not PAGE_IMAGES.match(ln.strip()) and not _icon_bar(ln)]
    return "\n".join(kept)


def _icon_bar(line: str) -> bool:
    """The page's action bar as an exporter saves it: inline SVG icons beside `阅读 赞 分享`."""
    return "data:image/svg+xml" in line and any(w in line for w in ("阅读", "赞", "分享", "在看", "留言", "Like"))


def _tail_start(lines: list[str]) -> int | None:
    """Where the trailing furniture block starts: the first strong line after which all is furniture."""
    for i, line in enumerate(lines):
        if plain(line) in STRONG or plain(line) == "预览时标签不可点":
            if all(_weak(rest) for rest in lines[i + 1:]):
                return i
    # No strong line: a run of the page's buttons at the very end (`赞 在看 分享 留言 收藏`).
    end = len(lines)
    while end and _weak(lines[end - 1]) and (not lines[end - 1].strip() or plain(lines[end - 1]) in WEAK
                                              or PUNCTUATION_ONLY.match(plain(lines[end - 1]))):
        end -= 1
    tail = {plain(ln) for ln in lines[end:]}
    return end if len(tail & WEAK) >= 3 else None


def ui_only(text: str) -> bool:
    """Whether `text` holds nothing but the page's UI (`：，。 视频 小程序 赞 ，轻点两下取消赞 …`)."""
    words = [w for w in re.split(r"\s+", plain(text)) if w and not PUNCTUATION_ONLY.match(w)]
    return all(w.lstrip("，,") in STRONG | WEAK or w in STRONG or w in WEAK for w in words)
