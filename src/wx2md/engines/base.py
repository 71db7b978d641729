"""What every engine answers: one small interface the three commands share.

The commands never ask which engine they write for; they ask the engine where
a post goes, how its date and front matter are written, where its images go and
how they are linked, and how template syntax in its text is guarded. The
defaults here are the neutral answers; each engine module overrides what
differs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from wx2md.models import Post
    from wx2md.settings import Settings

MARKDOWN_SUFFIXES = (".md", ".markdown")


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
    writes_posts: bool = False  # convert/migrate can write a new post for this engine
    posts_dir: str = ""  # below the site root
    default_cover_key: str = "image"
    default_image_dir: str = "assets/img/posts"  # below the site's published root
    config_names: tuple[str, ...] = ()  # the site's own settings file(s), first found wins

    def recognises(self, root: Path) -> bool:
        """Whether `root` looks like a site of this engine (files only, never a build)."""
        return False

    # ---------------------------------------------------------------- the site's settings

    def config_file(self, root: Path) -> Path | None:
        """The site's settings file, or None."""
        return next((root / n for n in self.config_names if (root / n).is_file()), None)

    def site_values(self, root: Path, data: dict[str, Any], where: str) -> dict[str, Any]:
        """Settings the site's own keys decide (its zone, its base path, its cover key…).

        `data` is the parsed settings file ({} without one); values are checked by
        the caller with the same rules as flags, named by `where`.
        """
        return {}

    @staticmethod
    def section(data: dict[str, Any]) -> Any:
        """The `wx2md:` section of the site's settings (None without one)."""
        return data.get("wx2md")

    # ---------------------------------------------------------------- posts

    def post_path(self, site: Path, slug: str, date: datetime) -> Path:
        """Where a new post with this slug and date goes."""
        return site / self.posts_dir / f"{slug}.md"

    def slug_of(self, path: Path) -> str:
        """The slug a post's path carries ("" when the path is no post of this engine)."""
        return path.stem if path.suffix in MARKDOWN_SUFFIXES else ""

    def posts_dir_of(self, site: Path, path: Path) -> str:
        """The folder (below `site`) an existing post at `path` lives in, as this engine's `posts_dir`
        for it: where its own files go when the engine keeps them beside the post. "" when the
        engine's `posts_dir` is right for it, or the post is outside the site."""
        return ""

    def slug_taken(self, site: Path, slug: str) -> bool:
        """Whether a post (or its image folder) already holds this slug, on any date."""
        return False

    def post_files(self, site: Path) -> Iterator[Path]:
        """Every post file of the site (for finding an article's earlier post)."""
        posts = site / self.posts_dir
        if posts.is_dir():
            for path in sorted(posts.rglob("*")):
                if path.suffix in MARKDOWN_SUFFIXES and path.is_file():
                    yield path

    # ---------------------------------------------------------------- front matter and body

    def format_date(self, when: datetime, settings: Settings | None = None) -> str:
        """The `date:` value this engine reads back as the same moment."""
        return when.isoformat()

    def front_matter(self, front: dict[str, Any], settings: Settings) -> dict[str, Any]:
        """The keys of a new post's front matter as this engine wants them (in order)."""
        return front

    def finish_head(self, front: dict[str, Any], post: Post | None, settings: Settings | None = None) -> dict[str, Any]:
        """The front matter as written for `post`: the last word on keys another step may have added."""
        return front

    def guard(self, markdown: str) -> str:
        """Template syntax in the text made literal for this engine (none by default)."""
        return markdown

    def adopt_markdown(self, markdown: str, settings: Settings | None = None) -> str:
        """Markdown written for another engine made right for this one (its guards, its tags)."""
        return markdown

    def dump_head(self, front: dict[str, Any], settings: Settings | None = None) -> str:
        """The front matter block, delimiters included."""
        return f"---\n{yaml_head(front)}---\n"

    # ---------------------------------------------------------------- images

    def image_parts(self, slug: str, settings: Settings) -> list[str]:
        """The post's image folder as path segments below the site."""
        return dir_parts(settings.image_dir) + [slug]

    def image_link(self, slug: str, name: str, settings: Settings, *, cover: bool = False) -> str:
        """How the post's body (or its cover key) links image `name` of its folder."""
        return "/" + quote("/".join([*dir_parts(settings.image_dir), slug, name]))


# Cover keys themes read, and the engine-neutral `image`: the one a site's posts use most is its theme's.
COVER_KEYS = ("images", "image", "cover", "featured_image", "featuredImage", "thumbnail", "index_img", "img",
              "banner", "cover_image", "header-img", "headimg")
SAMPLE_POSTS = 20  # posts read to learn a site's habits (front matter format, cover key)
HEAD_BYTES = 8192


def sample_posts(folder: Path) -> list[Path]:
    """Up to SAMPLE_POSTS of the site's posts, newest names first (what its theme reads today)."""
    if not folder.is_dir():
        return []
    found = sorted((p for p in folder.rglob("*") if p.suffix in MARKDOWN_SUFFIXES and p.is_file()), reverse=True)
    return found[:SAMPLE_POSTS]


def head_keys(path: Path) -> list[str]:
    """The top-level keys of a post's front matter (YAML `---` or TOML `+++`), [] when unreadable."""
    try:
        with path.open("rb") as handle:
            text = handle.read(HEAD_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError:
        return []
    fence = text[:3]
    end = text.find("\n" + fence, 3) if fence in ("---", "+++") else -1
    if end < 0:
        return []
    sep = ":" if fence == "---" else "="
    return re.findall(rf"^([A-Za-z_][\w-]*)[ \t]*{sep}", text[3:end], re.M)


def common_cover_key(posts: list[Path]) -> str | None:
    """The cover key most of these posts use (their theme's), or None when they use none."""
    counts: dict[str, int] = {}
    for path in posts:
        for key in set(head_keys(path)) & set(COVER_KEYS):
            counts[key] = counts.get(key, 0) + 1
    return max(counts, key=lambda k: (counts[k], -COVER_KEYS.index(k))) if counts else None


def dir_parts(folder: str) -> list[str]:
    """A folder below the site as path segments: a leading `/` still means the site root."""
    return [p for p in PurePosixPath(folder.replace("\\", "/")).parts if p not in ("/", ".")]


# YAML 1.1 line breaks beyond \n: PyYAML writes them raw in single quotes, where they fold into spaces.
_RARE_BREAKS = frozenset("\r\x85\u2028\u2029")
_DUMPER: list[Any] = []


def yaml_head(front: dict[str, Any]) -> str:
    """Front matter as YAML, keys in the given order, never wrapped, Chinese kept readable.

    libyaml's emitter (when PyYAML has it) writes the same bytes as PyYAML's own for
    text within the Basic Multilingual Plane, at a fifth of the cost; it escapes an
    emoji (`"\\U0001F600"`) where PyYAML's writes it as it is, so a head holding
    one goes through PyYAML's.
    """
    import yaml

    fast = not _astral(front)
    return yaml.dump(front, Dumper=_front_matter_dumper(fast), allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=10_000)


_ASTRAL = re.compile("[\ud800-\udfff\U00010000-\U0010ffff]")  # beyond the BMP, or a lone surrogate


def _astral(value: Any) -> bool:
    """Whether any text in `value` (keys too) holds a character libyaml would write otherwise."""
    if isinstance(value, str):
        return _ASTRAL.search(value) is not None
    if isinstance(value, dict):
        return any(_astral(k) or _astral(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return any(_astral(v) for v in value)
    return False


def _front_matter_dumper(fast: bool = False):
    """A SafeDumper that double-quotes (and so escapes) text holding rare line breaks.

    Found by the round-trip property: a title of `\x85` read back as a space.
    `fast`: the same on libyaml's emitter (CSafeDumper), where PyYAML has it.
    """
    if _DUMPER:
        return _DUMPER[1] if fast and len(_DUMPER) > 1 else _DUMPER[0]
    import yaml

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = '"' if not _RARE_BREAKS.isdisjoint(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    for base in (yaml.SafeDumper, getattr(yaml, "CSafeDumper", None)):
        if base is None:
            continue
        dumper = type("FrontMatterDumper", (base,), {})
        dumper.add_representer(str, text)
        _DUMPER.append(dumper)
    return _front_matter_dumper(fast)


def load_config(path: Path) -> Any:
    """A site's settings file (YAML, TOML or JSON by its suffix), or BadSettings naming the file."""
    from wx2md.errors import BadSettings

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadSettings(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise BadSettings(str(path), f"cannot read: {exc.strerror or exc}") from None
    if path.suffix == ".toml":
        import tomllib

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise BadSettings(str(path), f"not valid TOML: {exc}") from None
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except ValueError as exc:
            raise BadSettings(str(path), f"not valid JSON: {exc}") from None
    return _load_yaml(path, text)


def _load_yaml(path: Path, text: str) -> Any:
    import yaml  # imported late: `wx2md --version` must stay fast

    from wx2md.errors import BadSettings

    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "syntax error"
        raise BadSettings(str(path), f"not valid YAML{where}: {problem}") from None
    except yaml.YAMLError as exc:
        raise BadSettings(str(path), f"not valid YAML ({exc.__class__.__name__})") from None


def local_zone() -> str:
    """The machine's IANA time zone name, as Node and Ruby read it: $TZ, /etc/localtime, else UTC."""
    import os

    from zoneinfo import ZoneInfo

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(str(Path("/etc/localtime").resolve()).partition("zoneinfo/")[2])
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    for name in candidates:
        if name and re.fullmatch(r"[A-Za-z0-9_+\-/]+", name):
            try:
                ZoneInfo(name)
                return name
            except Exception:  # noqa: BLE001 - any unreadable zone: try the next source
                continue
    return "UTC"
