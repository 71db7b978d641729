"""`--download-images`: a normalized post's remote WeChat images through convert's image stage.

Only WeChat's CDN images are fetched: they are the ones that die (hotlink
protection, expiring links); an author's own or other hosts' images stay as they
are. The images land where `convert` puts them (`image_dir/<slug>/`, numbered,
format from the bytes, manifest for re-runs), so a post normalized today and one
converted tomorrow look the same.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from wx2md.images import ImageReport, localize_images
from wx2md.models import Post
from wx2md.normalize import Document, _images
from wx2md.normalize.frontmatter import to_datetime
from wx2md.settings import Settings
from wx2md.urls import clean_image_url

# Hosts whose images `--download-images` fetches (tests add their local server).
WECHAT_HOSTS = ("qpic.cn", "qlogo.cn")


def is_wechat_image(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return any(host == h or host.endswith("." + h) for h in WECHAT_HOSTS)


def wechat_images(doc: Document, settings: Settings) -> list[str]:
    """The WeChat images `download_images` would fetch (body, then the cover)."""
    images, cover = _wechat(doc, settings)
    return images + ([cover] if cover else [])


def _wechat(doc: Document, settings: Settings) -> tuple[list[str], str | None]:
    # Only URLs the body carries verbatim can be swapped (the repairs already cleaned mmbiz ones).
    images = [u for u in _images(doc.body) if is_wechat_image(u) and u in doc.body]
    cover = doc.get(settings.cover_key)
    cover_url = clean_image_url(cover) if isinstance(cover, str) else None
    return images, cover_url if cover_url and is_wechat_image(cover_url) else None


def download_images(doc: Document, *, site: Path, slug: str, settings: Settings, session=None,
                    progress=None) -> tuple[Document, ImageReport]:
    """The document with its WeChat images (body and cover) saved in the site and linked locally.

    Failures keep their remote URL and are listed in the report, as in `convert`.
    """
    images, cover_url = _wechat(doc, settings)
    key = settings.cover_key
    front = {key: cover_url} if cover_url else {}
    if not images and not front:
        return doc, ImageReport()
    when = to_datetime(doc.front.get("date"), settings.tz) or datetime.now(settings.tz)
    post = Post(front_matter=front, body=doc.body, slug=slug, date=when, images=images)
    post, report = localize_images(post, site, settings.merged(download=True), session, progress=progress)
    if front:
        doc.front[key] = post.front_matter[key]
    return Document(doc.front, post.body), report

