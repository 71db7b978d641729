"""Hugo: page bundles `content/posts/<slug>/index.md`, ISO dates, shortcodes guarded `{{</* */>}}`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wx2md.engines.base import Engine

CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml",
                "config.json")


@dataclass(frozen=True)
class Hugo(Engine):
    name: str = "hugo"
    owns_front_matter: bool = False  # normalize repairs the body only: the theme reads these keys as written
    static_dir: str = "static"  # served at the site's `/`
    renames_files: bool = False
    writes_posts: bool = True
    posts_dir: str = "content/posts"
    default_cover_key: str = "images"

    def recognises(self, root: Path) -> bool:
        if not (root / "content").is_dir():
            return False
        return any((root / n).is_file() for n in CONFIG_NAMES) or (root / "config" / "_default").is_dir()


HUGO = Hugo()
