"""Jekyll: `_posts/YYYY-MM-DD-slug.md`, Liquid guarded with `{% raw %}`, `_config.yml` settings.

The date rule (issue 17): Jekyll reads a post's `date:` and names its URL in
the site's `timezone:`, or, when the site sets none (`jekyll new --blank`
writes none), in the build machine's zone. A date with an offset then lands on
another day on a machine in another zone (`2017-01-18 00:00 +0800` is
/2017/01/17/ on a UTC machine). So a site without `timezone:` gets the wall
time the article shows, without an offset: Jekyll reads it in whatever zone it
runs, and the URL's date is always the file name's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from wx2md.engines.base import Engine, dir_parts
from wx2md.engines.raw import LIQUID, shield_liquid

if TYPE_CHECKING:
    from wx2md.models import Post
    from wx2md.settings import Settings

# A shield as `shield_liquid` writes it: the tags on lines of their own, a blank line inside each
# (none around a code block that opens the post).
RAW_SHIELD = re.compile(r"^([ \t]*)\{% raw %\}\n\n?(.*?)\n\n?\1\{% endraw %\}$", re.M | re.S)
OFFSET_DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
POST_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-(.+)\.(?:md|markdown)$")
# Hux's `header-img` is joined to the site URL by the theme itself, so it must be relative.
RELATIVE_COVER_KEYS = frozenset({"header-img"})


@dataclass(frozen=True)
class Jekyll(Engine):
    name: str = "jekyll"
    owns_front_matter: bool = True
    renames_files: bool = True
    guards_liquid: bool = True
    writes_posts: bool = True
    posts_dir: str = "_posts"
    default_cover_key: str = "image"
    default_image_dir: str = "assets/img/posts"
    config_names: tuple[str, ...] = ("_config.yml",)

    def recognises(self, root: Path) -> bool:
        return (root / "_config.yml").is_file() or (root / "_config.yaml").is_file() \
            or (root / "Gemfile").is_file() or (root / "_posts").is_dir()

    def site_values(self, root: Path, data: dict[str, Any], where: str) -> dict[str, Any]:
        """Jekyll's own `timezone:` and `baseurl:`; without a `timezone:` dates carry no offset."""
        values = {key: data[key] for key in ("timezone", "baseurl") if data.get(key) not in (None, "")}
        values["zone_in_dates"] = bool(data.get("timezone"))
        return values

    def front_matter(self, front: dict[str, Any], settings: Settings) -> dict[str, Any]:
        """`layout:` first: the template Jekyll renders the post with."""
        return {"layout": settings.layout, **front}

    def finish_head(self, front: dict[str, Any], post: Post | None, settings: Settings | None = None) -> dict[str, Any]:
        """On a site without `timezone:`, a date that came with an offset (an old post's, a
        migrated export's) is written as the site's wall time too: one rule for every post."""
        value = front.get("date")
        if settings is None or settings.zone_in_dates or not isinstance(value, str) or not OFFSET_DATE.match(value):
            return front
        when = datetime.strptime(value, "%Y-%m-%d %H:%M:%S %z").astimezone(settings.tz)
        return {**front, "date": self.format_date(when, settings)}

    def post_path(self, site: Path, slug: str, date: datetime) -> Path:
        return site / self.posts_dir / f"{date:%Y-%m-%d}-{slug}.md"

    def slug_of(self, path: Path) -> str:
        """The slug in a post's file name (`2024-01-02-slug.md`), or "" for any other name."""
        match = POST_NAME.match(path.name)
        return match.group(1) if match else ""

    def slug_taken(self, site: Path, slug: str) -> bool:
        """A same-named post on another date owns assets/…/<slug>/ already; don't share it."""
        posts = site / self.posts_dir
        return posts.is_dir() and any(self.slug_of(p) == slug for p in posts.glob(f"*-{slug}.md"))

    def format_date(self, when: datetime, settings: Settings | None = None) -> str:
        """`YYYY-MM-DD HH:MM:SS +0800`: the one form Jekyll, kramdown themes and Ruby all read;
        without the offset when the site sets no `timezone:` (see the module's docstring)."""
        if settings is not None and not settings.zone_in_dates:
            return when.strftime("%Y-%m-%d %H:%M:%S")
        return when.strftime("%Y-%m-%d %H:%M:%S %z")

    def guard(self, markdown: str) -> str:
        return shield_liquid(markdown)

    def adopt_markdown(self, markdown: str, settings: Settings | None = None) -> str:
        """Hexo's tag plugins (an image, a quote, a code block) and Hugo's `figure`, `highlight`
        and `youtube` shortcodes become Markdown, also where a
        `{% raw %}` shield (the normalizer's, made before the post was known to come from Hexo)
        holds them; what is still Liquid-like after that keeps its shield."""
        from wx2md.engines.hexo import BLOCK_TAG, INLINE_TAG
        from wx2md.engines.hexo import tags_to_markdown as hexo_tags
        from wx2md.engines.hugo import SHORTCODE_LIKE, shortcodes_to_markdown

        def other_tags(text: str) -> str:  # Hexo's tags and Hugo's shortcodes
            return shortcodes_to_markdown(hexo_tags(text))

        def unwrap(match: re.Match[str]) -> str:
            inner = match.group(2)
            if not (BLOCK_TAG.search(inner) or INLINE_TAG.search(inner) or SHORTCODE_LIKE.search(inner)):
                return match.group(0)
            inner = other_tags(inner)
            return shield_liquid(inner).rstrip("\n") if LIQUID.search(inner) else inner

        if "{%" not in markdown and "{{" not in markdown:
            return markdown
        return other_tags(RAW_SHIELD.sub(unwrap, markdown))

    def image_link(self, slug: str, name: str, settings: Settings, *, cover: bool = False) -> str:
        """A site-absolute path; the body's carries `baseurl`, a cover's does not (themes add it).

        Jekyll and kramdown never rewrite Markdown links, so on a project site
        (`baseurl: /blog`) `/assets/x.png` would point outside it; the prefix is
        written into the body's link. Hux's `header-img` is relative.
        """
        path = "/" + quote("/".join([*dir_parts(settings.image_dir), slug, name]))
        if cover:
            return path[1:] if settings.cover_key in RELATIVE_COVER_KEYS else path
        return settings.site_link(path)


JEKYLL = Jekyll()

HIGHLIGHT = re.compile(r"\{%-?\s*highlight\s+([\w+#.-]+)[^%]*?-?%\}\n?(.*?)\n?\{%-?\s*endhighlight\s*-?%\}", re.S)


def highlight_to_fences(text: str) -> str:
    """Jekyll's `{% highlight lang %}` blocks as fenced code, for an engine without Liquid's tags."""
    if "highlight" not in text:
        return text

    def fence(match: re.Match[str]) -> str:
        code = match.group(2)
        ticks = "`" * max(3, max((len(r) for r in re.findall(r"`{3,}", code)), default=2) + 1)
        return f"{ticks}{match.group(1)}\n{code}\n{ticks}"

    return HIGHLIGHT.sub(fence, text)
