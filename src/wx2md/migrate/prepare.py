"""One Item -> one Post, in a worker process: read its files, run the converter's stages.

Everything CPU-heavy happens here (parsing, cleaning, Markdown), so it runs in the
process pool; deciding where the post goes, and writing it, stays in the parent.
No clock is read: a post with no date of its own is marked (`dated` False) and the
parent takes the date from the list, the text or `--default-date`.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from wx2md.clean import clean, iter_images
from wx2md.core import convert_html
from wx2md.engines.raw import shield_liquid
from wx2md.errors import BadInput, PageUnavailable, VerificationWall, Wx2mdError
from wx2md.migrate.assets import ArchiveImages, localize_html, localize_markdown
from wx2md.migrate.dates import date_in_name, date_in_text, parse_date
from wx2md.migrate.items import Item, Row
from wx2md.migrate.keep import post_keeping_text
from wx2md.migrate.mhtml import is_mhtml, read_mhtml
from wx2md.migrate.lists import article_url, message_id
from wx2md.migrate.paragraphs import split_run_together
from wx2md.migrate import readers
from wx2md.migrate.readers import furniture
from wx2md.migrate.shapes import with_fingerprint
from wx2md.models import Article, Metadata, Post
from wx2md.normalize.safety import TextLost
from wx2md.post import build_post, markdown_body
from wx2md.settings import Settings
from wx2md.site import article_key
from wx2md.source import looks_like_url, read_file
from wx2md.tree import parse_fragment

# Handed to the converter as "now": a post dated this had no date of its own.
NO_DATE = datetime(1900, 1, 1, tzinfo=timezone.utc)
HTML_BODY = re.compile(r"<(?:p|div|br|img|section|span|h[1-6]|ul|ol|li|table|blockquote|pre|strong|b|a)\b[^>]*>", re.I)
PUBLISH_TIME = re.compile(r"""id=["'](?:publish_time|post-date)["'][^>]*>\s*([^<]{6,40}?)\s*<""", re.I)
MIN_HASHED = 40  # shorter bodies are too alike to call two articles the same


@dataclass
class Prepared:
    """What the parent needs to place and write the post, or why there is none."""

    item: Item
    post: Post | None = None
    images: ArchiveImages = field(default_factory=ArchiveImages)
    dated: bool = False  # the source itself carried a date
    text_date: datetime | None = None  # a date found in the text or the file name
    content_hash: str = ""
    quality: tuple[int, int, int] = (0, 0, 0)  # (text length, archive images, a real body): the best copy wins
    aid: str = ""
    keys: list[str] = field(default_factory=list)  # the article's keys (URL, aid, text), made here, not in the parent
    notes: list[str] = field(default_factory=list)  # for the report row
    status: str = ""  # set when there is no post: failed | unavailable | skipped
    reason: str = ""
    exit_code: int = 0
    wall: bool = False


def prepare(item: Item, settings: Settings) -> Prepared:
    """Never raises for bad input: the outcome says what went wrong, and the batch goes on."""
    out = Prepared(with_fingerprint(item))
    try:
        if item.kind == "page":
            _page(item, settings, out)
        elif item.kind == "row":
            _row(item, settings, out)
        elif item.kind == "markdown":
            _markdown(item, settings, out)
        else:
            raise Wx2mdError(f"nothing to convert for a {item.kind} item")
    except Skipped as exc:
        out.status, out.reason = "skipped", exc.reason
    except PageUnavailable as exc:
        out.status, out.reason, out.exit_code = "unavailable", exc.message, int(exc.exit_code)
    except VerificationWall as exc:
        out.status, out.reason, out.exit_code, out.wall = "failed", exc.message, int(exc.exit_code), True
    except Wx2mdError as exc:
        out.status, out.reason, out.exit_code = "failed", exc.message, int(exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - one bad item never stops the rest; the report names it
        out.status, out.reason, out.exit_code = "failed", f"internal error: {exc.__class__.__name__}: {exc}", 1
    if out.post is not None:
        # Markdown from here on: a bs4 tree must not cross processes (pickling it is slow and
        # recursive); the image stage relinks Markdown text as it does for normalized posts.
        body = markdown_body(out.post.content)
        out.post = replace(out.post, content=body)
        out.dated = not undated(out.post)
        out.text_date = out.text_date or date_in_text(body)
        out.content_hash = content_hash(out.post.body)
        held = sum(1 for u in out.post.images if out.images.holds(u))
        out.quality = (len(_TEXT_ASIDE.sub("", body)), held, 0 if item.shape == "list" else 1)
        out.keys = article_keys(out.post.source, out.aid, out.content_hash)
        out.item.html, out.item.row = "", None  # the input is done with: don't ship it back to the parent
    return out


def article_keys(url: str, aid: str, text_hash: str) -> list[str]:
    """What makes two items the same article, strongest first: the canonical URL, `__biz`+`mid`+`idx`,
    the list's own id. A `source:` that is not a URL (an account name) and a title never do.
    The text is a key only for an item with none of those (two dumps of one article, no links)."""
    keys = []
    if looks_like_url(url):
        keys.append("url:" + article_key(url))
        msg = message_id(url)
        if msg:
            keys.append("msg:" + msg)
    if aid:
        keys.append("aid:" + aid)
    if text_hash and not keys:
        keys.append("hash:" + text_hash)
    return keys


def undated(post: Post) -> bool:
    """Whether the post carries NO_DATE (in whatever zone and format it went through)."""
    return post.date.astimezone(timezone.utc).year <= NO_DATE.year


_TEXT_ASIDE = re.compile(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|\s+|[#*_>`\[\]-]")


def content_hash(body: str) -> str:
    """The article's text, images and spacing aside: two copies of one article hash alike."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|\s+|[#*_>`\[\]-]", "", body)
    return hashlib.sha1(text.encode("utf-8")).hexdigest() if len(text) >= MIN_HASHED else ""


# ------------------------------------------------------------------ pages


def _page(item: Item, settings: Settings, out: Prepared) -> None:
    if item.html:
        markup = item.html
    else:
        path = Path(item.path)
        with path.open("rb") as handle:
            head = handle.read(4096)
        if is_mhtml(path, head):
            markup = read_mhtml(path, out.images)
        else:
            markup = localize_html(read_file(path), path.parent, path.parent, out.images)
    try:
        out.post = convert_html(markup, item.url, settings, now=NO_DATE)
    except BadInput as exc:
        why = _site_page(item, markup) if exc.message == "not a WeChat article page" else ""
        if why:
            raise Skipped(why) from None
        raise
    out.text_date = _page_date(markup) or date_in_name(item.title_hint)


def _site_page(item: Item, markup: str) -> str:
    """Why a page that is no article is the site's own (its `index.html`, a page of links, a
    template), not an article that failed to read; empty when it looks like a WeChat page."""
    if Path(item.path).stem.lower() in ("index", "default", "home"):
        return "site index page"
    if len(re.findall(r"<a\b", markup, re.I)) >= 10:
        return "link list"
    if not WECHAT_MARKS.search(markup):
        return "not a WeChat page"
    return ""


WECHAT_MARKS = re.compile(r"mp\.weixin\.qq\.com|mmbiz|rich_media|js_content|__biz|msg_link", re.I)


def _page_date(markup: str) -> datetime | None:
    """The visible `#publish_time` (`2025年11月04日 15:59`) or old `#post-date`: all exported pages keep.
    Relative forms (`昨天`) carry no year and are ignored."""
    match = PUBLISH_TIME.search(markup)
    return parse_date(htmllib.unescape(match.group(1))) if match else None


# ------------------------------------------------------------------ dump rows


def _row(item: Item, settings: Settings, out: Prepared) -> None:
    row = item.row or Row("", "")
    title = row.title or _first_line(row.body)
    if item.shape == "list" and row.body.lstrip().startswith(title) and title:  # list text opens with the title
        row = replace(row, body=row.body.lstrip()[len(title):].lstrip())
    url = article_url(row.url) or row.url
    meta = Metadata(title=title, author=row.author, url=url, published=parse_date(row.date))
    tree = parse_fragment(row.body if HTML_BODY.search(row.body) else text_to_html(row.body))
    tree = clean(tree, base_url=url, title=title)
    out.post = build_post(Article("article", meta, tree), tree, list(iter_images(tree)), settings, now=NO_DATE)
    out.text_date = date_in_text(row.body)


def text_to_html(text: str) -> str:
    """Plain text as paragraphs: blank lines part paragraphs, single newlines stay line breaks,
    and a long line that ran paragraphs together is parted where it shows one (paragraphs.py)."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    paragraphs = [part for block in blocks for part in split_run_together(block)]
    return "".join(
        "<p>" + "<br>".join(htmllib.escape(line.strip()) for line in p.split("\n") if line.strip()) + "</p>"
        for p in paragraphs if p.strip()
    )


def _first_line(text: str, limit: int = 40) -> str:
    plain = re.sub(r"<[^>]+>", " ", text)
    line = next((ln.strip() for ln in plain.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ------------------------------------------------------------------ Markdown


def _markdown(item: Item, settings: Settings, out: Prepared) -> None:
    path = Path(item.path)
    text = read_file(path)
    if furniture.ui_only(text):
        raise Skipped("page UI only")
    if is_link_list(text):
        raise Skipped("link list")
    export = readers.read(text, path)
    if export is not None:  # another tool's Markdown: its metadata becomes front matter
        # WeChat text never means Liquid: every `{{ }}`/`{% %}` is shielded as `convert` shields it
        # (normalize, which keeps a blog's own `{{ site.x }}` and `{% include %}`, leaves shields alone).
        if furniture.ui_only(export.body):
            if export.title_from_name and export.title.lower() in readers.PLACEHOLDER_TITLES:
                raise Skipped("page UI only")
            out.notes.append("no text in the export: only the title and date")
        body = localize_markdown(shield_liquid(export.body), path.parent, path.parent, out.images)
        text = _with_front_matter(export, body, _cover(export, out.images), settings)
    else:
        text = _with_asset_folder(text, path, out.images)
    try:
        post = markdown_post(text, path.name, settings)
    except TextLost:
        post, kept = post_keeping_text(text, path.name, settings, markdown_post)
        out.notes.append(f"{kept} part{'' if kept == 1 else 's'} kept as the source had {'it' if kept == 1 else 'them'}"
                         " (the repairs would change the text)")
    extra = [u for u in [*out.images.files, *out.images.blobs] if u in post.body and u not in post.images]
    out.post = replace(post, images=post.images + extra) if extra else post
    out.text_date = date_in_name(path.stem) or date_in_name(path.parent.name)


def _with_asset_folder(text: str, path: Path, images: ArchiveImages) -> str:
    """A blog post's images localized; a Hexo post's asset folder (`<stem>/` beside it, with
    `post_asset_folder`) is where its `{% asset_img %}` tags and bare image names point.

    The tags become Markdown images first (the target engine may have no such tag; for a Hexo
    site its guard writes them back), then each image the folder holds gets its stand-in URL,
    so the image stage copies it into the site as it copies any archive image.
    """
    text = localize_markdown(text, path.parent, path.parent, images)
    folder = path.parent / path.stem
    if not folder.is_dir():
        return text
    if "{%" in text:
        from wx2md.engines.hexo import tags_to_markdown

        text = tags_to_markdown(text)
    return localize_markdown(text, folder, path.parent, images)


class Skipped(Exception):
    """Not an article, and nothing wrong: a link list, a page of UI text, a site's index page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


LINK_LINE = re.compile(r"\]\(https?://|^\s*(?:[-*+]\s+)?(?:\[[ x]\]\s+)?<?https?://\S+>?\s*$")


def is_link_list(text: str) -> bool:
    """A file of links (a daily digest, an index): most lines are links and none is a paragraph."""
    body = re.sub(r"\A---\n.*?\n---\n", "", text, count=1, flags=re.S)
    lines = [ln for ln in body.split("\n") if ln.strip() and not ln.lstrip().startswith("#")]
    links = [ln for ln in lines if LINK_LINE.search(ln)]
    if len(links) < 3 or len(links) * 2 < len(lines):
        return False
    return not any(len(LINK_LINE.sub("", ln).strip()) > 60 for ln in lines if ln not in links)


def _cover(export: readers.Export, images: ArchiveImages) -> str:
    """The export's cover as a URL the image stage takes: a file beside it gets a stand-in URL."""
    cover = export.cover
    if cover and not cover.startswith(("http://", "https://")):
        local = Path(cover)
        return images.local_file(local) if local.is_file() else ""
    return cover


def _with_front_matter(export: readers.Export, body: str, cover: str, settings: Settings) -> str:
    import yaml

    front: dict = {"title": export.title}
    if export.published:
        front["date"] = export.published.strftime("%Y-%m-%d %H:%M:%S %z").strip()
    if export.author or export.account:
        front["author"] = export.author or export.account
    if export.account:
        front["account"] = export.account
    if export.url:
        front["source"] = export.url
    if cover:
        front[settings.cover_key] = cover
    if export.tags:
        front["tags"] = export.tags
    if export.original is not None:
        front["original"] = export.original
    for key, value in export.extra.items():
        front.setdefault(str(key), value)
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---\n\n{body}"


def markdown_post(text: str, name: str, settings: Settings) -> Post:
    """A Markdown post (Jekyll, Hexo, Hugo, an export with its head made front matter) via the normalizer.

    NO_DATE stands in for git's first commit: the normalizer's last fallback, so a
    post with no date of its own comes back marked instead of refused.
    """
    from wx2md.normalize import post_from_markdown

    return post_from_markdown(text, name=name, settings=settings, first_commit=NO_DATE)
