"""Extract stage: a raw WeChat page -> Article (kind, metadata, one content tree).

The steps, in order, one module each:

1. `page`: parse the page once (lxml) and index its script data (`scripts`, via `jsvars`);
2. `error_pages`: WeChat's error pages and verification wall raise their errors;
3. `kind`: which kind of post the page holds (`Kind`);
4. `metadata`: each field read from its table of sources, in order of trust;
5. `content`: the body built by the kind's builder, then the tags it carries.
"""

from __future__ import annotations

from datetime import datetime

from wx2md.errors import BadInput
from wx2md.extract import content, error_pages, kind, metadata
from wx2md.extract.page import Page
from wx2md.models import Article, Kind

__all__ = ["extract", "Kind"]


def extract(html: str | bytes, url: str = "", *, received: datetime | None = None) -> Article:
    """Read a WeChat page: its kind, its metadata and its body as one `<div>`.

    `received` is when the page was fetched (an HTTP response's Date), the
    reference for a relative publish time (`昨天`) when the page records no save
    time of its own. Raises PageUnavailable for WeChat's error pages,
    VerificationWall for the captcha page and BadInput for anything that is not
    a WeChat article.
    """
    if isinstance(html, (bytes, bytearray)):
        html = bytes(html).decode("utf-8", "replace")
    page = Page.read(html or "", url or "", received)
    error_pages.check(page)
    found = kind.detect(page)
    if found is None:
        raise BadInput("not a WeChat article page")
    meta = metadata.read(page, found)
    body = content.build(page, found)
    meta.tags = metadata.tags(page, found, body)
    return Article(kind=found, meta=meta, content=body)
