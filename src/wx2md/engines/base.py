"""What every engine answers: one small interface the three commands share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Engine:
    """One static-site engine's conventions.

    Subclasses (one module each) fill in the fields and override the methods
    whose answer differs; nothing outside `engines/` tests `engine.name`.
    """

    name: str = "unknown"
    owns_front_matter: bool = False  # normalize may add/rename keys and reformat dates
    renames_files: bool = False  # normalize --rename applies this engine's naming rule
    guards_liquid: bool = False  # normalize wraps unmeant `{{ }}`/`{% %}` in `{% raw %}` (Jekyll's Liquid)
    static_dir: str = ""  # below the root: the folder served at the site's `/` (normalize --download-images)
    writes_posts: bool = False  # convert/migrate can write a new post for this engine
    posts_dir: str = ""  # below the site root
    default_cover_key: str = "image"

    def recognises(self, root: Path) -> bool:
        """Whether `root` looks like a site of this engine (files only, never a build)."""
        return False
