"""Which engine a site runs on, read from the files in it.

Order matters: a Hexo site has a `_config.yml` too, so Hexo (its `source/_posts`
or hexo in `package.json`) is asked before Jekyll; Hugo and Eleventy have files
of their own. An empty or new folder is Jekyll, the default for `convert`; a
folder of Markdown with none of these (Docsify, notes) is `unknown`, whose
front matter, names and tags normalize leaves alone.
"""

from __future__ import annotations

from pathlib import Path

from wx2md.engines.base import Engine
from wx2md.engines.jekyll import JEKYLL
from wx2md.engines.other import ELEVENTY, UNKNOWN
from wx2md.engines.hexo import HEXO
from wx2md.engines.hugo import HUGO

ENGINES: dict[str, Engine] = {e.name: e for e in (JEKYLL, HEXO, HUGO, ELEVENTY, UNKNOWN)}
ORDER = (HEXO, HUGO, ELEVENTY, JEKYLL)


def by_name(name: str) -> Engine:
    """The engine called `name` (`--engine`, `wx2md: engine:`); ValueError names the choices."""
    try:
        return ENGINES[name.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})") from None


def detect(root: Path, *, empty_is: Engine = JEKYLL) -> Engine:
    """The engine of the site at `root`; a folder with nothing in it is `empty_is`."""
    if (root / NO_JEKYLL).exists():
        return UNKNOWN  # GitHub Pages told not to run Jekyll: Docsify and the like serve the files as they are
    for engine in ORDER:
        if engine.recognises(root):
            return engine
    if not root.exists() or not any(root.iterdir()):
        return empty_is
    return UNKNOWN


NO_JEKYLL = ".nojekyll"
# Files only a site's root holds: they outrank a bare `_posts` folder (Hexo keeps one in `source/`).
ROOT_FILES = ("_config.yml", "_config.yaml", "Gemfile", "package.json", "hugo.toml", "hugo.yaml", "hugo.yml",
              "hugo.json", "config.toml", "config.yaml", "config.yml", "eleventy.config.js", "eleventy.config.mjs",
              "eleventy.config.cjs", ".eleventy.js")


def site_root(path: Path) -> Path:
    """The folder of the site a file belongs to.

    The nearest parent that holds a site's own config file and that an engine
    recognises; failing that the nearest any engine recognises (a bare `_posts`);
    never above the git repository the file is in.
    """
    path = path.resolve()
    folders = []
    for folder in [path, *path.parents] if path.is_dir() else list(path.parents):
        folders.append(folder)
        if (folder / ".git").exists():
            break
    for strong in (True, False):
        for folder in folders:
            if strong and (folder / NO_JEKYLL).exists():
                return folder
            if strong and not any((folder / n).is_file() for n in ROOT_FILES):
                continue
            if any(e.recognises(folder) for e in ORDER):
                return folder
    return path if path.is_dir() else path.parent
