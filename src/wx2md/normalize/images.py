"""`--download-images`: a normalized post's remote WeChat images through convert's image stage.

Only WeChat's CDN images are fetched: they are the ones that die (hotlink
protection, expiring links); an author's own or other hosts' images stay as they
are. The images land where `convert` puts them (`image_dir/<slug>/`, numbered,
format from the bytes, manifest for re-runs), so a post normalized today and one
converted tomorrow look the same.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from wx2md.images import ImageReport, relink_markdown
from wx2md.images import download_images as stage_download
from wx2md.normalize import Document, _images
from wx2md.normalize.frontmatter import COVER_KEYS
from wx2md.settings import Settings
from wx2md.urls import clean_image_url
from wx2md.wechat import IMAGE_HOSTS

# Hosts whose images `--download-images` fetches (tests add their local server).
WECHAT_HOSTS = IMAGE_HOSTS


def is_wechat_image(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return any(host == h or host.endswith("." + h) for h in WECHAT_HOSTS)


def wechat_images(doc: Document, settings: Settings) -> list[str]:
    """The WeChat images `download_images` would fetch (body, then the cover)."""
    images, cover = _wechat(doc, settings)
    return images + ([cover] if cover else [])


def _wechat(doc: Document, settings: Settings) -> tuple[list[str], str | None]:
    images = [u for u in _images(doc.body) if is_wechat_image(u)]  # the repairs already cleaned mmbiz URLs
    keys = (settings.cover_key,) if doc.front is not None else (settings.cover_key, *COVER_KEYS)
    cover = next((doc.get(k) for k in keys if isinstance(doc.get(k), str) and doc.get(k)), None)
    cover_url = clean_image_url(cover) if isinstance(cover, str) else None
    return images, cover_url if cover_url and is_wechat_image(cover_url) else None


def download_images(doc: Document, *, site: Path, slug: str, settings: Settings, session=None,
                    progress=None) -> tuple[Document, ImageReport]:
    """The document with its WeChat images (body and cover) saved in the site and linked locally.

    The image stage's own `download_images` does the work, `relink_markdown`
    rewrites the body's image nodes; failures keep their remote URL and are
    listed in the report, as in `convert`.
    """
    images, cover = _wechat(doc, settings)
    if not images and not cover:
        return doc, ImageReport()
    done = stage_download(images, cover, site=site, slug=slug, settings=settings.merged(download=True),
                          session=session, progress=progress)
    header = doc.header
    if cover and done.cover and doc.front is not None:
        doc.front[settings.cover_key] = done.cover
    elif cover and done.cover and header:  # a header kept as written: only the URL's text changes
        header = header.replace(cover, done.cover)
    return Document(doc.front, relink_markdown(doc.body, done.links), header=header, plain=doc.plain,
                    gap=doc.gap), done.report
