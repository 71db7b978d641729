"""The site's engine: the one place that knows Jekyll, Hexo, Hugo (and the sites we only repair).

Layer 4 of the design (`../shared/docs/design.md`): the stages below produce a
`Post`; the commands above hand it to the engine of the site they write into.
An engine says how a site is recognised, where posts and images go, which
front-matter keys and date format it reads, how template syntax in text is
guarded, and how its settings are read (time zone, base URL, cover key).

`detect(root)` picks the engine from what is in the site; `by_name` serves
`--engine` and a `wx2md: engine:` setting; `for_posts(settings)` is the engine
convert and migrate write for. Engines that wx2md only repairs (Eleventy,
Docsify, a notes folder) have `owns_front_matter = False`: normalize repairs
their bodies and leaves front matter, names and tags alone.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from wx2md.engines.base import Engine
from wx2md.engines.detect import ENGINES, by_name, detect, site_root
from wx2md.engines.jekyll import JEKYLL

if TYPE_CHECKING:
    from wx2md.settings import Settings

WRITERS = tuple(name for name, engine in ENGINES.items() if engine.writes_posts)


def for_posts(settings: Settings | None) -> Engine:
    """The engine new posts are written for: the site's, or Jekyll where wx2md writes none (a new folder)."""
    engine = by_name(settings.engine) if settings is not None else JEKYLL
    if not engine.writes_posts:
        return JEKYLL
    if settings is not None and settings.posts_dir and settings.posts_dir != engine.posts_dir:
        return replace(engine, posts_dir=settings.posts_dir)  # the site's own section (Hugo's content/post)
    return engine


__all__ = ["Engine", "ENGINES", "WRITERS", "by_name", "detect", "for_posts", "site_root"]
