"""The pure core: a page's HTML and URL in, a Post out. No network, no files.

Keeping this free of I/O is what makes it cheap to test and safe to run in
parallel over an archive; fetching, image downloads and writing live in the
edges (`source`, `images`, `site`).
"""

from __future__ import annotations

from datetime import datetime

from wx2md.clean import clean, iter_images
from wx2md.extract import extract
from wx2md.models import Post
from wx2md.post import build_post
from wx2md.settings import Settings
from wx2md.soup import tree_work


def convert_html(html: str, url: str = "", settings: Settings | None = None, *, now: datetime | None = None) -> Post:
    """Convert one WeChat page to a Post.

    Raises PageUnavailable, VerificationWall or BadInput (see errors.py) for
    pages that hold no article.
    """
    settings = settings or Settings()
    with tree_work():
        article = extract(html, url)
        tree = clean(article.content, base_url=article.meta.url or url, title=article.meta.title)
        # The tree stays the body: Markdown is written once, after the image stage (post.render).
        return build_post(article, tree, list(iter_images(tree)), settings, now=now)
