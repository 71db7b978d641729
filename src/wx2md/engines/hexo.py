"""Hexo: `source/_posts/<slug>.md`, `YYYY-MM-DD HH:mm:ss` dates, Nunjucks guarded with `{% raw %}`.

Hexo reads a date without an offset in the site's `timezone:`, and an empty
`timezone:` (the starter's) means the machine's zone, so dates are written in
that zone. Images go in the post's asset folder (`source/_posts/<slug>/`,
linked by bare file name, which Hexo publishes beside the post's page) when the
site sets `post_asset_folder: true`, else in `source/images/<slug>/`, linked
from the site's top: hexo-renderer-marked 4+ puts the site's `root` in front of
such links (`prependRoot`), as themes do with `url_for` for the cover; with an
older renderer or another one the root is written into the link.

Hexo's own tag plugins (`{% asset_img %}`, `{% blockquote %}`, `{% codeblock %}`)
are the author's on Hexo; `tags_to_markdown` turns them into Markdown for a
site that has no such tags (Jekyll, Hugo).
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from functools import partial
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from wx2md.engines.base import Engine, common_cover_key, dir_parts, local_zone, sample_posts
from wx2md.engines.raw import ENDRAW, RAW_CLOSE, RAW_OPEN

if TYPE_CHECKING:
    from wx2md.models import Post
    from wx2md.settings import Settings

# What Nunjucks evaluates in a post: output, tags, `{#` comments (closed, or an opener alone).
NUNJUCKS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{[{%#]")
TAG_NAME = re.compile(r"\{%-?\s*(?:end)?(\w+)")
# Hexo's own tag plugins: in a Hexo blog's posts they are the author's, never text to shield.
HEXO_TAGS = frozenset({"asset_img", "asset_image", "asset_link", "asset_path", "blockquote", "quote", "codeblock",
                       "code", "pullquote", "jsfiddle", "gist", "iframe", "img", "image", "link", "include_code",
                       "include_lang", "youtube", "vimeo", "post_path", "post_link", "raw", "url_for", "full_url_for"})
# What stays as written inside a line: a code span (Hexo escapes it), a `{% raw %}` span.
LITERAL_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)|\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}")
# Themes whose cover is not Hexo's common `cover:` (theme name in `_config.yml` -> its key).
THEME_COVER_KEYS = {"fluid": "index_img", "icarus": "thumbnail", "matery": "img", "butterfly": "cover"}
JEKYLL_ONLY_KEYS = ("layout",)


@dataclass(frozen=True)
class Hexo(Engine):
    name: str = "hexo"
    owns_front_matter: bool = False  # normalize repairs the body only: the theme reads these keys as written
    renames_files: bool = False
    writes_posts: bool = True
    posts_dir: str = "source/_posts"
    default_cover_key: str = "cover"
    default_image_dir: str = "images"  # below `source/`, published at the site's root
    config_names: tuple[str, ...] = ("_config.yml",)

    def recognises(self, root: Path) -> bool:
        if (root / "_config.yml").is_file() and (root / "source" / "_posts").is_dir():
            return True
        return "hexo" in _package_deps(root)

    def site_values(self, root: Path, data: dict[str, Any], where: str) -> dict[str, Any]:
        """`timezone:` (empty: the machine's, as Hexo reads it), `root:`, `post_asset_folder:`, the theme's cover."""
        values: dict[str, Any] = {"timezone": data.get("timezone") or local_zone(),
                                  "asset_folder": data.get("post_asset_folder") is True}
        if isinstance(data.get("permalink"), str):
            values["permalink"] = data["permalink"]
        if isinstance(data.get("root"), str) and not renderer_prepends_root(root, data):
            values["baseurl"] = data["root"]  # written into the body's image links (the renderer won't)
        theme = data.get("theme")
        if isinstance(theme, str) and theme.lower() in THEME_COVER_KEYS:
            values["cover_key"] = THEME_COVER_KEYS[theme.lower()]
        else:  # the key the site's own posts use, when they use one
            used = common_cover_key(sample_posts(root / self.posts_dir))
            if used:
                values["cover_key"] = used
        return values

    def post_path(self, site: Path, slug: str, date: datetime) -> Path:
        return site / self.posts_dir / f"{slug}.md"

    def posts_dir_of(self, site: Path, path: Path) -> str:
        """The post's own folder (`source/_posts/geography/cities`): its asset folder goes beside it."""
        try:
            return path.parent.resolve().relative_to(site.resolve()).as_posix()
        except ValueError:
            return ""

    def slug_taken(self, site: Path, slug: str) -> bool:
        """The asset folder or image folder of that name belongs to another post."""
        return (site / self.posts_dir / slug).exists() or (site / "source" / "images" / slug).exists()

    def format_date(self, when: datetime, settings: Settings | None = None) -> str:
        """`YYYY-MM-DD HH:mm:ss`, Hexo's own form, read in the site's zone (`when` is in it)."""
        return when.strftime("%Y-%m-%d %H:%M:%S")

    def front_matter(self, front: dict[str, Any], settings: Settings) -> dict[str, Any]:
        return {k: v for k, v in front.items() if k not in JEKYLL_ONLY_KEYS}

    def finish_head(self, front: dict[str, Any], post: Post | None, settings: Settings | None = None) -> dict[str, Any]:
        """No Jekyll keys, Hexo's date form, and a cover in the asset folder linked where Hexo publishes it."""
        front = {k: v for k, v in front.items() if k not in JEKYLL_ONLY_KEYS}
        if post is not None and "date" in front:
            front["date"] = self.format_date(post.date)
        if post is not None and settings is not None and settings.asset_folder:
            cover = front.get(settings.cover_key)
            folder = asset_url(post, settings)
            if isinstance(cover, str) and folder and re.fullmatch(r"[^/:?#]+", cover):
                front[settings.cover_key] = folder + cover  # themes put `root` in front (url_for)
        return front

    def guard(self, markdown: str) -> str:
        """Nunjucks syntax shielded; images of the post's asset folder as Hexo's `{% asset_img %}`."""
        return asset_images(shield_nunjucks(markdown))

    def adopt_markdown(self, markdown: str, settings: Settings | None = None) -> str:
        """Markdown from a blog (Hexo's own, or Jekyll's): Hexo's tags are the author's and stay;
        other template syntax is shielded where it stands, and Jekyll-style block shields go (Hexo
        would leave the Markdown inside them unrendered); asset-folder images as tags."""
        from wx2md.engines.jekyll import RAW_SHIELD  # the block shields Jekyll's guard writes

        from wx2md.engines.jekyll import highlight_to_fences

        from wx2md.engines.hugo import shortcodes_to_markdown

        text = RAW_SHIELD.sub(lambda m: m.group(2), markdown) if "{%" in markdown else markdown
        text = shortcodes_to_markdown(highlight_to_fences(text))  # Jekyll's and Hugo's, as Markdown
        text = shield_nunjucks(text, keep=HEXO_TAGS)
        return asset_images(text) if settings is None or settings.asset_folder else text

    def image_parts(self, slug: str, settings: Settings) -> list[str]:
        if settings.asset_folder:
            return [*dir_parts(self.posts_dir), slug]
        return ["source", *dir_parts(settings.image_dir), slug]

    def image_link(self, slug: str, name: str, settings: Settings, *, cover: bool = False) -> str:
        """A bare name in the asset folder; else a site path, under `root:` when the site's Markdown
        renderer does not put it there itself (`settings.baseurl` is then the root, see `site_values`).
        A cover never carries it: themes pass it through `url_for`, which adds the root."""
        if settings.asset_folder:
            return quote(name)
        path = "/" + quote("/".join([*dir_parts(settings.image_dir), slug, name]))
        return path if cover else settings.site_link(path)


DEFAULT_PERMALINK = ":year/:month/:day/:title/"
PERMALINK_VAR = re.compile(r":(year|month|day|hour|minute|second|i_month|i_day|title|name|timestamp|\w+)")


def asset_url(post: Post, settings: Settings) -> str:
    """Where Hexo publishes the post's asset folder (`/2025/11/10/slug/`), from the site's `permalink:`.

    "" when the permalink uses what only Hexo knows (`:id`, `:hash`, `:category`, `:post_title`).
    """
    when = post.date
    values = {"year": f"{when:%Y}", "month": f"{when:%m}", "day": f"{when:%d}", "hour": f"{when:%H}",
              "minute": f"{when:%M}", "second": f"{when:%S}", "i_month": str(when.month), "i_day": str(when.day),
              "title": post.slug, "name": post.slug, "timestamp": str(int(when.timestamp()))}
    rule = settings.permalink or DEFAULT_PERMALINK
    if any(m.group(1) not in values for m in PERMALINK_VAR.finditer(rule)):
        return ""
    path = PERMALINK_VAR.sub(lambda m: values[m.group(1)], rule)
    path = re.sub(r"\.html?$", "", path).strip("/")
    return f"/{path}/"


# A Markdown image whose target is a bare file name: one of the post's asset folder.
ASSET_IMAGE = re.compile(r"!\[((?:[^\]\\\n]|\\.)*)\]\(([A-Za-z0-9][A-Za-z0-9_.-]*\.[a-z0-9]{1,5})\)")


def asset_images(markdown: str) -> str:
    """`![alt](001.png)` as `{% asset_img 001.png "alt" %}` outside code and `{% raw %}`.

    hexo-renderer-marked puts the site's `root` in front of a bare file name
    unless the site set `marked.postAsset`, so the page would look for
    /001.png; the tag is Hexo's documented way to show a post's asset, on the
    post's page and on the index alike.
    """
    if "](" not in markdown:
        return markdown
    literal = _literal_spans(markdown)

    def tag(match: re.Match[str]) -> str:
        if _inside(match.start(), literal):
            return match.group(0)
        alt = re.sub(r'\\(.)', r"\1", match.group(1)).replace('"', "").strip()
        return f'{{% asset_img {match.group(2)} "{alt}" %}}' if alt else f"{{% asset_img {match.group(2)} %}}"

    return ASSET_IMAGE.sub(tag, markdown)


def shield_nunjucks(markdown: str, *, keep: frozenset[str] = frozenset()) -> str:
    """Each piece of template syntax in the text wrapped in `{% raw %}`…`{% endraw %}` where it stands.

    Hexo puts a raw block back after Markdown is rendered, so a shield around
    whole blocks (as for Jekyll) would leave their Markdown unrendered; an
    inline shield keeps the paragraph Markdown. Code is left alone: Hexo
    escapes fenced blocks and code spans itself. A literal `{% endraw %}` has
    its `{%` printed by Nunjucks instead. Tags named in `keep` (and their `end`
    tags) are meant, and stay.
    """
    if not NUNJUCKS.search(markdown):
        return markdown
    from wx2md.markdown import fenced_lines

    lines = markdown.split("\n")
    out = [line if code or not NUNJUCKS.search(line) else _shield_line(line, keep) for line, code in fenced_lines(lines)]
    return "\n".join(out)


def _shield_line(line: str, keep: frozenset[str]) -> str:
    """The line with its template syntax shielded, code spans and `{% raw %}` spans kept whole."""
    shield = partial(_shield_token, keep=keep)
    out, at = [], 0
    for span in LITERAL_SPAN.finditer(line):
        out += [NUNJUCKS.sub(shield, line[at:span.start()]), span.group(0)]
        at = span.end()
    out.append(NUNJUCKS.sub(shield, line[at:]))
    return "".join(out)


def _shield_token(match: re.Match[str], keep: frozenset[str] = frozenset()) -> str:
    token = match.group(0)
    name = TAG_NAME.match(token)
    if name and name.group(1) in keep:
        return token
    if ENDRAW.search(token):
        return ENDRAW.sub('{{ "{%" }}', token)
    return f"{RAW_OPEN}{token}{RAW_CLOSE}"


def _package_deps(root: Path) -> set[str]:
    names = set(_package_versions(root))
    return names | {"hexo"} if isinstance(_package_json(root).get("hexo"), dict) else names


def _package_json(root: Path) -> dict[str, Any]:
    try:
        data = json.loads((root / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _package_versions(root: Path) -> dict[str, str]:
    """The site's npm dependencies and their version ranges."""
    data = _package_json(root)
    found: dict[str, str] = {}
    for key in ("dependencies", "devDependencies"):
        if isinstance(data.get(key), dict):
            found.update({str(k): str(v) for k, v in data[key].items()})
    return found


MARKED = "hexo-renderer-marked"
PREPEND_SINCE = 4  # hexo-renderer-marked 4.0 turned `prependRoot` on by default


def renderer_prepends_root(root: Path, config: dict[str, Any]) -> bool:
    """Whether the site's Markdown renderer puts `root:` in front of a site path in an image itself.

    hexo-renderer-marked does (`url_for`) when `marked.prependRoot` is on, the
    default since 4.0; an older one, or another renderer (markdown-it, kramed),
    leaves the link as written, so the root must be in it. A link written with the
    root on a site whose renderer adds it would get it twice. A site without a
    package.json is taken to have what `hexo init` installs (the marked renderer).
    """
    versions = _package_versions(root)
    spec = versions.get(MARKED, "" if not versions else None)
    if spec is None:
        return False
    marked = config.get("marked")
    if isinstance(marked, dict) and "prependRoot" in marked:
        return marked["prependRoot"] is True
    major = re.search(r"\d+", spec)
    return major is None or int(major.group(0)) >= PREPEND_SINCE


HEXO = Hexo()


# ------------------------------------------------------------------ Hexo's tags, as Markdown elsewhere

BLOCK_TAG = re.compile(r"\{%-?\s*(codeblock|code|blockquote)\b(.*?)-?%\}\n?(.*?)\n?\{%-?\s*end\1\s*-?%\}", re.S)
INLINE_TAG = re.compile(r"\{%-?\s*(asset_img|asset_link|asset_path)\s+(.*?)\s*-?%\}")
NUMBER = re.compile(r"^\d+(?:px|%)?$")


def tags_to_markdown(text: str) -> str:
    """Hexo's `{% asset_img %}`, `{% asset_link %}`, `{% blockquote %}` and `{% codeblock %}` as Markdown.

    For a post moving to an engine without these tags: an image, a link, a quote,
    a fenced code block. Tags inside fenced code are text (Hexo leaves them so too),
    and so are tags inside `{% raw %}`; asset links stay relative (the post's asset
    folder goes beside the post).
    """
    if "{%" not in text:
        return text
    literal = _literal_spans(text)

    def block(match: re.Match[str]) -> str:
        if _inside(match.start(), literal):
            return match.group(0)
        name, args, inner = match.group(1), _args(match.group(2)), match.group(3)
        return _quote(args, inner) if name == "blockquote" else _fence(args, inner)

    def inline(match: re.Match[str]) -> str:
        if _inside(match.start(), literal):
            return match.group(0)
        return _asset(match.group(1), _args(match.group(2)))

    text = BLOCK_TAG.sub(block, text)
    literal = _literal_spans(text)
    return INLINE_TAG.sub(inline, text)


def _args(raw: str) -> list[str]:
    try:
        return shlex.split(raw.strip())
    except ValueError:
        return raw.split()


def _asset(tag: str, args: list[str]) -> str:
    if not args:
        return ""
    if tag == "asset_path":
        return args[0]
    if tag == "asset_link":
        title = " ".join(args[1:]) or args[0]
        return f"[{title}]({args[0].replace(' ', '%20')})"
    # {% asset_img [class names] slug [width] [height] [title text [alt text]] %}
    at = next((i for i, a in enumerate(args) if "." in a or "/" in a), 0)
    name, rest = args[at], args[at + 1:]
    while rest and NUMBER.match(rest[0]):
        rest = rest[1:]
    title = " ".join(rest)
    alt = title.split('"')[0].strip() if title else ""
    return f"![{alt}]({name.replace(' ', '%20')})"  # a space would end a Markdown link's target


def _quote(args: list[str], inner: str) -> str:
    """`{% blockquote [author[, source]] [link] [source_link_title] %}` as a Markdown quote."""
    lines = [f"> {line}" if line.strip() else ">" for line in inner.strip("\n").split("\n")]
    link = next((a for a in args if re.match(r"https?://", a)), "")
    who = " ".join(a for a in args if a != link).strip()
    if link:
        who = f"[{who or link}]({link})"
    if who:
        lines += [">", f"> —— {who}"]
    return "\n".join(lines)


def _fence(args: list[str], inner: str) -> str:
    """`{% codeblock [title] [lang:language] [url] [link text] %}` as a fenced code block."""
    lang = next((a.split(":", 1)[1] for a in args if a.startswith("lang:")), "")
    longest = max((len(m) for m in re.findall(r"`{3,}", inner)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{inner.strip(chr(10))}\n{fence}"


RAW_BLOCK = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)


def _literal_spans(text: str) -> list[tuple[int, int]]:
    """Where tags are text: fenced code blocks and `{% raw %}` blocks (start, end offsets)."""
    from wx2md.markdown import fenced_lines

    spans = [(m.start(), m.end()) for m in RAW_BLOCK.finditer(text)]
    at = 0
    start = None
    for line, code in fenced_lines(text.split("\n")):
        if code and start is None:
            start = at
        elif not code and start is not None:
            spans.append((start, at))
            start = None
        at += len(line) + 1
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)
