"""Hexo: `source/_posts/<slug>.md`, `YYYY-MM-DD HH:mm:ss` dates, Nunjucks guarded with `{% raw %}`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from wx2md.engines.base import Engine


@dataclass(frozen=True)
class Hexo(Engine):
    name: str = "hexo"
    owns_front_matter: bool = False  # normalize repairs the body only: the theme reads these keys as written
    static_dir: str = "source"  # served at the site's `/`
    renames_files: bool = False
    writes_posts: bool = True
    posts_dir: str = "source/_posts"
    default_cover_key: str = "cover"

    def recognises(self, root: Path) -> bool:
        if (root / "_config.yml").is_file() and (root / "source" / "_posts").is_dir():
            return True
        return "hexo" in _package_deps(root)


def _package_deps(root: Path) -> set[str]:
    try:
        data = json.loads((root / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(data, dict):
        return set()
    names: set[str] = set()
    for key in ("dependencies", "devDependencies"):
        if isinstance(data.get(key), dict):
            names.update(data[key])
    if isinstance(data.get("hexo"), dict):
        names.add("hexo")
    return names


HEXO = Hexo()
