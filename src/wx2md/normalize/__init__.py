"""normalize: repair posts already in a blog with the converter's own stages.

Two entry points, both pure (no files, no network):

- `normalize_text(text, name=…, settings=…)`: the repaired file text, what the
  `wx2md normalize` command writes;
- `post_from_markdown(text, name=…, settings=…)`: an existing post as the same
  `Post` model `convert` produces (for `migrate`).

The work is split by what it touches: `frontmatter` (read any dialect, map onto
convert's schema), `body` (line-level repairs, HTML islands through the cleaner),
`liquid` (shield what would break the build), `safety` (never lose text),
`names` (file names Jekyll would skip or garble).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import PurePath
from typing import TYPE_CHECKING
from urllib.parse import unquote

from wx2md.errors import BadInput, MissingDate
from wx2md.normalize import body as _body
from wx2md.normalize import frontmatter as fm
from wx2md.normalize.names import DATED, POST_NAME, name_date
from wx2md.normalize.safety import TextLost, check_text_kept
from wx2md.settings import Settings
from wx2md.urls import clean_image_url

if TYPE_CHECKING:  # the model loads bs4: a clean post's check must not pay for it
    from wx2md.engines import Engine
    from wx2md.models import Post

__all__ = ["normalize_text", "normalize_document", "Document", "post_from_markdown", "MissingDate", "TextLost",
           "BadInput"]

FIRST_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
SETEXT_STARTS = ("\n=", "\n =", "\n  =", "\n   =")  # str.find is far quicker than the pattern's scan
SETEXT_UNDERLINE = re.compile(r"(?<=\n) {0,3}=+[ \t]*(?=\n|\Z)")
MARKUP = re.compile(r"\*\*|__|`|\\(?=\S)")


@dataclass
class Document:
    """A normalized post before it is written: the front matter and the repaired body.

    `header` is the original front matter block, kept byte for byte when it
    needed no change; otherwise `front` holds the mapped round-trip data.
    """

    front: fm.CommentedMap | None
    body: str
    header: str | None = None
    plain: dict | None = None  # the kept header's data, for reading
    gap: str = "\n"  # between the header and the body; "" when `header` carries the file's own spacing

    def get(self, key: str, default=None):
        """A front matter value, whichever form the front matter is in."""
        data = self.front if self.front is not None else (self.plain or {})
        return data.get(key, default)

    @property
    def text(self) -> str:
        head = self.header if self.front is None and self.header is not None else fm.dump(self.front)
        if not head:
            return self.body
        return f"{head}{self.gap}{self.body}" if self.body else head


def normalize_text(text: str, *, name: str, settings: Settings, first_commit: datetime | None = None,
                   engine: Engine | None = None) -> str:
    """The normalized text of one post file.

    `name` is the file name (its date and words are the fallbacks for a missing
    date and title); `first_commit` is the time the file entered git, the next
    fallback for the date. A post with no date anywhere keeps no `date:` (its
    file name, which then has no date either, is what `names.problems` reports).
    Raises BadInput for unreadable front matter and TextLost (a BadInput) when
    the repairs would change the visible text.
    """
    return normalize_document(text, name=name, settings=settings, first_commit=first_commit, engine=engine).text


def normalize_document(text: str, *, name: str, settings: Settings, first_commit: datetime | None = None,
                       keep_clean_header: bool = True, engine: Engine | None = None) -> Document:
    """`normalize_text` before rendering: what the image stage and the CLI work on.

    With `keep_clean_header` a front matter block that needs no change is kept as
    it is (`Document.front` is then None); without it `front` is always the data.
    `engine` is the site's (None: Jekyll). On an engine that does not own its
    front matter (Hexo, Hugo, Eleventy, …) only the body is repaired: the block,
    its keys, values, date format and spacing stay byte for byte, except WeChat
    image URLs in it, cleaned as in the body; a file without one gets none.
    """
    if engine is not None and not engine.owns_front_matter:
        return _body_only(text, name, engine, settings)
    head, body = _parts(text, name)
    title = _title_of(body, name)
    when = _fallback_date(name, settings, first_commit)
    fill = head.source is None or name_date(name) is None
    if keep_clean_header and fm.unchanged(head, settings, title=title, when=when, fill_date=fill):
        return Document(None, body, header=f"---\n{head.source}---\n", plain=head.plain)
    data = head.data if head.data is not None else fm.CommentedMap()
    return Document(fm.to_schema(data, settings, title=title, when=when, fill_date=fill), body)


def post_from_markdown(text: str, *, name: str, settings: Settings, first_commit: datetime | None = None) -> Post:
    """An existing Markdown/HTML post as the `Post` model `convert` produces.

    Front matter of any dialect (YAML, TOML `+++`, JSON, Hexo's bare YAML, or
    none) is mapped onto convert's schema, the body gets the same repairs as in
    `normalize_text`. The date is the front matter's, else the file name's, else
    `first_commit`; with none of them it raises MissingDate (a BadInput): a post
    without a date cannot be named or placed, so the caller decides (ask, skip).
    Raises BadInput for unreadable front matter and TextLost when the repairs
    would change the visible text. `Post.images` lists the remote images, `Post.cover`
    the cover (also in `Post.head`, where it keeps its place), and `Post.content`
    is the Markdown text, so `images.localize_images` works on it as on a converted post.
    An `.html` post's body becomes Markdown through the cleaner, as in `convert`.
    """
    head, body = _parts(text, name, markdown=True)
    fallback = _fallback_date(name, settings, first_commit)
    front = fm.to_schema(head.data if head.data is not None else fm.CommentedMap(), settings,
                         title=_title_of(body, name), when=fallback, fill_date=True)
    when = fm.to_datetime(front.get("date"), settings.tz) if front.get("date") else None
    if when is None:
        raise MissingDate(f"{name}: no date in the front matter, the file name or git")
    from wx2md.models import Post

    plain = fm.plain(front)
    cover = plain.get(settings.cover_key)
    return Post(
        head=plain,  # the cover key stays in its place; `cover` is what the image stage may change
        content=body,
        slug=_slug_of(name, str(plain.get("title") or "")),
        date=when,
        images=_images(body),
        cover=cover if isinstance(cover, str) else "",
        cover_key=settings.cover_key,
        source=str(plain.get("source") or ""),
    )


def _body_only(text: str, name: str, engine: Engine, settings: Settings) -> Document:
    """The file with its body repaired and its header kept as written (WeChat image URLs cleaned).

    Template syntax is then guarded by the engine's own rule for Markdown that came from a blog
    (`adopt_markdown`), not convert's (`guard`, for WeChat text, where no tag is meant): Hexo's own
    tags and Hugo's shortcodes stay the author's, what the engine would evaluate by mistake (`{{ x }}`
    in a Hexo paragraph, a `{{<` never closed on Hugo) is shielded where it stands."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    head = fm.split(text, name=name)
    body = head.body
    header = text[: len(text) - len(body)] if head.source is not None else ""
    lead = body[: len(body) - len(body.lstrip("\n"))]
    if _is_html_post(name):  # an HTML page of the site's: its markup is the author's
        fixed = _trim(body)
    else:
        fixed = _repaired(body, name, guard_liquid=engine.guards_liquid, first_line=header.count("\n") + 1)
        if "{{" in fixed or "{%" in fixed:  # the author's image links stay theirs (no asset tags made)
            fixed = engine.adopt_markdown(fixed, settings.merged(asset_folder=False))
    header = _body.clean_image_urls(header)
    plain = head.plain if isinstance(head.plain, dict) else fm.plain_data(head)
    return Document(None, fixed, header=header + (lead if header else ""), plain=plain, gap="")


def _parts(text: str, name: str, *, markdown: bool = False) -> tuple[fm.Head, str]:
    """Front matter and repaired body; the body's visible text checked against the original's.

    An `.html` post keeps an HTML body (Jekyll does not run kramdown on it)
    unless `markdown` asks for the Markdown `convert` would write.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    head = fm.split(text, name=name)
    body = head.body
    first_line = text.count("\n", 0, len(text) - len(body)) + 1
    if not _is_html_post(name):
        return head, _repaired(body, name, guard_liquid=True, first_line=first_line)
    if markdown:
        fixed = _body.protect_liquid(_body.html_to_markdown(body))
    else:
        fixed = _trim(body)
    if fixed.rstrip("\n") != body.strip("\n"):
        check_text_kept(body, fixed, name=name, first_line=first_line)
    return head, fixed


def _repaired(body: str, name: str, *, guard_liquid: bool, first_line: int) -> str:
    """The repaired Markdown body, refused (TextLost) when a reader would see other text."""
    fixed = _body.repair(body, guard_liquid=guard_liquid)
    if fixed.rstrip("\n") != body.strip("\n"):
        check_text_kept(body, fixed, name=name, first_line=first_line)
    return fixed


def _is_html_post(name: str) -> bool:
    """An `.html` post is HTML by definition: Jekyll does not run kramdown on it."""
    return PurePath(name).suffix.lower() == ".html"


def _trim(body: str) -> str:
    lines = [line.rstrip() for line in body.strip("\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n" if any(lines) else ""


def _fallback_date(name: str, settings: Settings, first_commit: datetime | None) -> datetime | None:
    day = name_date(name)
    if day is not None:
        return datetime.combine(day, time(), tzinfo=settings.tz)
    return first_commit.astimezone(settings.tz) if first_commit else None


def _title_of(body: str, name: str) -> str:
    """The first heading's text (`# …` or a setext `===` title), else the file name's words."""
    atx = FIRST_HEADING.search(body)
    title = atx.group(1) if atx else ""
    underline = SETEXT_UNDERLINE.search(body, 0, atx.start() if atx else len(body)) \
        if any(mark in body for mark in SETEXT_STARTS) else None
    if underline:  # a setext `===` title before any `#` heading: the line above the underline
        above = body[: underline.start()].rstrip("\n").rpartition("\n")[2]
        title = above if above.strip() and len(above) - len(above.lstrip(" ")) < 4 else title
    title = MARKUP.sub("", title).strip()
    if title:
        return title
    stem = unquote(PurePath(name).stem)
    stem = DATED.sub("", stem) if name_date(name) else stem
    return re.sub(r"[-_]+", " ", stem).strip() or "Untitled"


def _slug_of(name: str, title: str) -> str:
    from wx2md.post import make_slug

    match = POST_NAME.match(PurePath(name).name)
    if match and match.group(4) == match.group(4).lower() and re.fullmatch(r"[a-z0-9-]+", match.group(4)):
        return match.group(4)
    return make_slug(title, fallback=name)


def _images(body: str) -> list[str]:
    """The remote images of a Markdown body, in order, once each, as the image stage keys them.

    Read with the image stage's own patterns (Markdown image nodes, raw `<img src>`),
    outside fenced code, so every URL listed is one `relink_markdown` can swap:
    a URL whose cleaned form differs from what the body says is left out.
    """
    import html

    from wx2md.images import HTML_IMG_SRC, MD_IMAGE
    from wx2md.markdown import fenced_lines

    found: list[str] = []
    for line, code in fenced_lines(body.split("\n")):
        if code or ("![" not in line and "<img" not in line.lower()):
            continue
        found += [m.group(2)[1:-1] if m.group(2).startswith("<") else m.group(2) for m in MD_IMAGE.finditer(line)]
        found += [html.unescape(m.group(3)) for m in HTML_IMG_SRC.finditer(line)]
    return list(dict.fromkeys(u for u in found if u.startswith(("http://", "https://")) and clean_image_url(u) == u))
