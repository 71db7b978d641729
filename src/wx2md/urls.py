"""URL hygiene shared by the cleaner, the extractor and the image stage.

WeChat decorates image URLs with lazy-loader and format-negotiation parameters
(`tp=webp` makes the CDN send WebP, which breaks GIF animation and old readers);
a clean URL is also the key that makes "the same image twice" one file.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from wx2md.wechat import ARTICLE_HOST, ARTICLE_PARAMS, IMAGE_HOSTS

# Added by the lazy loader or the browser; never part of the image's identity.
IMAGE_NOISE_PARAMS = frozenset({"tp", "wxfrom", "wx_lazy", "wx_co", "retryload", "usePicPrefetch"})
HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Hosts that serve over https as well; http links to them only cause mixed content.
HTTPS_HOSTS = (*IMAGE_HOSTS, "weixin.qq.com", "qq.com")
# `k=v&k=v` of characters that urlencode(safe="/:,") writes as they are and parse_qsl reads as they are.
_PLAIN_QUERY = re.compile(r"[\w.~/:,-]+=[\w.~/:,-]*(?:&[\w.~/:,-]+=[\w.~/:,-]*)*", re.ASCII)


def clean_image_url(url: str | None) -> str | None:
    """The canonical https URL of an image, or None when it is no real image.

    Data URIs are placeholders (SVG spacers, the lazy loader's blank) and relative
    paths from a browser's "Save page as" (`./x_files/640`) point nowhere we can
    reach, so neither counts as an image source.
    """
    if not url:
        return None
    url = url.strip()
    for _ in range(3):  # pages double-escape: `&amp;amp;tp=webp`
        if "&amp;" not in url:
            break
        url = html.unescape(url)
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:  # `http://[::1` and other unparsable hosts: no image we could fetch
        return None
    if parts.scheme == "file" and parts.path.startswith("/"):
        return urlunsplit(("file", "", parts.path, "", ""))  # a saved page's own image (source.py)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    scheme = "https" if parts.hostname and parts.hostname.endswith(HTTPS_HOSTS) else parts.scheme
    return urlunsplit((scheme, parts.netloc, parts.path, _clean_query(parts.query), ""))


def _clean_query(query: str) -> str:
    """The query without the noise parameters, written as urlencode writes it.

    Most image queries (`wx_fmt=png&from=appmsg`) hold nothing to decode or
    encode; they are cut at `&` and `=` directly, which gives the same text as
    parse_qsl and urlencode at a tenth of the cost.
    """
    if _PLAIN_QUERY.fullmatch(query):
        return "&".join(pair for pair in query.split("&") if pair.partition("=")[0] not in IMAGE_NOISE_PARAMS)
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in IMAGE_NOISE_PARAMS]
    return urlencode(pairs, safe="/:,")


def clean_link(url: str | None, base: str = "") -> str | None:
    """A link target worth keeping, made absolute against `base` (the article's URL).

    No `javascript:`, no empty or fragment-only hrefs; `/s/abc` on a WeChat page
    means WeChat's `/s/abc`.
    """
    if not url:
        return None
    url = url.strip()
    lowered = url.lower()
    if not url or url.startswith("#") or lowered.startswith(("javascript:", "vbscript:", "data:")):
        return None
    try:
        urlsplit(url)  # `http://[x` would make every later reader raise
    except ValueError:
        return None
    if url.startswith("//"):
        return "https:" + url
    if base and not HAS_SCHEME.match(url):
        return urljoin(base, url)
    return url


ARTICLE_HOSTS = (ARTICLE_HOST,)  # tests add their local server
VIDEO_PAGE = "/mp/videoplayer"  # WeChat's page of one video (a post of its own)


def canonical_article_url(url: str) -> str:
    """An article URL without tracking noise, on https. Non-WeChat URLs pass through."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return url.strip()
    if host not in ARTICLE_HOSTS:
        return url.strip()
    if parts.path.rstrip("/") == "/s" or parts.path.startswith("/mp/appmsg"):
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k in ARTICLE_PARAMS]
    elif parts.path.rstrip("/") == VIDEO_PAGE:  # the reader's uin, key and pass_ticket never go in a post
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k in (*ARTICLE_PARAMS, "vid")]
    elif parts.path.startswith("/s/"):
        query = []
    else:
        return url.strip()
    return urlunsplit(("https", parts.netloc, parts.path, urlencode(query, safe="=/"), ""))


def is_article_url(url: str) -> bool:
    """Whether `url` names a WeChat article: `/s/<id>` or `/s?__biz=…` (or the old appmsg form),
    or a video page (`/mp/videoplayer?…&vid=…`)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or host not in ARTICLE_HOSTS:
        return False
    path = parts.path.rstrip("/")
    if path.startswith("/s/") and len(path) > 3:
        return True
    params = dict(parse_qsl(parts.query))
    if path == VIDEO_PAGE:
        return bool(params.get("vid"))
    return path in ("/s", "/mp/appmsg/show") and ARTICLE_PARAMS[0] in params
