"""Step 1: WeChat's error pages and its verification wall, recognised before anything else.

Real articles carry the same phrases in their script templates, so only what a
reader sees counts (scripts are not text in the tree), and only on a page with
no article container.
"""

from __future__ import annotations

from wx2md import wechat
from wx2md.errors import PageUnavailable, VerificationWall
from wx2md.extract.page import Page, text_of
from wx2md.wechat import Class


def holds_article(page: Page) -> bool:
    """Whether the page has an article container or article data (then it is no error page)."""
    return page.article is not None or page.content is not None or page.scripts.data_block is not None


def check(page: Page) -> None:
    """Raise PageUnavailable or VerificationWall when the page is one of WeChat's refusals."""
    if wechat.CAPTCHA_PATH in page.url:
        raise _wall()
    if page.root is None or holds_article(page):
        return
    texts = {cls: next((t for t in map(text_of, page.all_by_class(cls)) if t), "") for cls in _ERROR_CLASSES}
    headline = texts[Class.ERROR_TITLE] or texts[Class.GLOBAL_ERROR] or texts[Class.ERROR_BLOCK]
    signals = [t for t in (texts[Class.ERROR_TITLE], texts[Class.GLOBAL_ERROR], texts[Class.ERROR_BLOCK], page.title_tag) if t]

    def says(words: tuple[str, ...]) -> str:
        return next((t for t in signals if any(w in t for w in words)), "")

    if says(wechat.DELETED):
        raise PageUnavailable("deleted", "article deleted by its author (该内容已被发布者删除)")
    if says(wechat.BLOCKED):
        reason = texts[Class.ERROR_DESC][:300]
        message = "article blocked by WeChat (此内容因违规无法查看)"
        raise PageUnavailable("blocked", f"{message}: {reason}" if reason else message)
    if says(wechat.EXPIRED):
        raise PageUnavailable("expired", "article link has expired (链接已过期)")
    from_wechat = any(mark in page.raw for mark in wechat.WECHAT_MARKS)
    visible = text_of(page.root) if from_wechat and len(page.raw) < 600_000 else ""
    if any(word in text for text in (*signals, texts[Class.ERROR_DESC], visible) for word in wechat.VERIFICATION) or (
        wechat.CAPTCHA_PATH in page.raw and not headline
    ):
        raise _wall()
    unavailable = says(wechat.UNAVAILABLE)
    if unavailable and "暂时无法查看" in unavailable:
        raise PageUnavailable("unavailable", "article temporarily unavailable (该内容暂时无法查看)")
    if unavailable or headline:
        raise PageUnavailable("unavailable", f"article unavailable ({(unavailable or headline)[:200]})")


_ERROR_CLASSES = (Class.ERROR_TITLE, Class.ERROR_BLOCK, Class.GLOBAL_ERROR, Class.ERROR_DESC)


def _wall() -> VerificationWall:
    return VerificationWall("WeChat asks for a verification (环境异常，完成验证后即可继续访问): stop and retry later")

