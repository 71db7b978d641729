"""Jekyll: `_posts/YYYY-MM-DD-slug.md`, Liquid guarded with `{% raw %}`, `_config.yml` settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wx2md.engines.base import Engine


@dataclass(frozen=True)
class Jekyll(Engine):
    name: str = "jekyll"
    owns_front_matter: bool = True
    renames_files: bool = True
    guards_liquid: bool = True
    writes_posts: bool = True
    posts_dir: str = "_posts"
    default_cover_key: str = "image"

    def recognises(self, root: Path) -> bool:
        return (root / "_config.yml").is_file() or (root / "_config.yaml").is_file() \
            or (root / "Gemfile").is_file() or (root / "_posts").is_dir()


JEKYLL = Jekyll()
