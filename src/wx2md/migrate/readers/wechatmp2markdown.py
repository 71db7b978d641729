"""wechatmp2markdown's `<title>/<title>.md`: `# title`, then `作者 公众号 2006-01-02 15:04`.

Its meta line starts with 原创 on original articles: that is the mark, not the writer
(`author: 原创` and `account: 作者 公众号` before this reader).
"""

from __future__ import annotations

from pathlib import Path

from wx2md.migrate.mdexports import body_after_head, read_head
from wx2md.migrate.readers import Export, furniture


def detect(text: str, path: Path) -> bool:
    head = read_head(text[:8192])
    return head.meta and not text.lstrip().startswith("---")


def read(text: str, path: Path) -> Export:
    head = read_head(text)
    body = furniture.strip(body_after_head(text, head))
    return Export("wechatmp2markdown", body, title=head.title, author=head.author, account=head.account,
                  published=head.published, url=head.url, original=head.original)
