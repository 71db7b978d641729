"""Conversion settings: command-line flags, then the site's settings file, then defaults.

A blog's conventions (Hux wants `header-img`, Chirpy wants `image`, some sites keep
images under `img/`) belong in the site, written once, not repeated on every run;
so the `wx2md:` section of the site's settings (`_config.yml` for Jekyll and Hexo,
`hugo.toml` for Hugo) sits between the flags and the defaults. Which file, and
what the engine's own keys mean (its zone, its root), is the engine's to say
(`wx2md.engines`); the defaults of the engine written for come first.

Every value, from a flag or from the file, passes the same rule (`RULES`), so
`jobs: 0` in `_config.yml` is refused exactly like `-j 0`, naming where it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wx2md.errors import BadInput, BadSettings

CONFIG_SECTION = "wx2md"
CONFIG_FILE = "_config.yml"
JOBS_RANGE = (1, 64)
TIMEOUT_RANGE = (0.1, 600.0)  # seconds: the deadline of one page or one image
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class Settings:
    layout: str = "post"
    cover_key: str = "image"  # Hux themes: header-img
    timezone: str = "Asia/Shanghai"  # names the file and writes `date`
    categories: tuple[str, ...] = ()
    image_dir: str = "assets/img/posts"  # below the site root; one folder per post
    download: bool = True
    jobs: int = 8  # concurrent image downloads
    timeout: float = DEFAULT_TIMEOUT  # total seconds for one page or one image, retries included
    default_date: str | None = None  # for pages with no date: "YYYY-MM-DD[ HH:MM[:SS]][±HH:MM]"
    baseurl: str = ""  # Jekyll's `baseurl`: a project site lives under /repo
    engine: str = "jekyll"  # the site's engine (wx2md.engines): detected, `wx2md: engine:` or --engine
    zone_in_dates: bool = True  # Jekyll: `date:` carries its offset (not when the site sets no timezone)
    asset_folder: bool = False  # Hexo's `post_asset_folder: true`: images beside the post
    front_format: str = "yaml"  # Hugo: "toml" when the site's posts use TOML
    posts_dir: str = ""  # below the site: where new posts go ("" is the engine's: _posts, source/_posts, content/posts)
    permalink: str = ""  # Hexo's `permalink:` (where a post's asset folder is published); "" is Hexo's default

    @property
    def tz(self) -> tzinfo:
        return zone(self.timezone)

    def site_link(self, path: str) -> str:
        """A site-absolute path (`/assets/…`) as a link in a post's body, under `baseurl`.

        Jekyll and kramdown never rewrite Markdown links, so on a project site
        (`baseurl: /blog`) `/assets/x.png` would point outside it; the prefix is
        written into the link. Covers are not passed here: themes put
        `site.baseurl` in front of them already.
        """
        base = self.baseurl.strip().strip("/")
        if not base or not path.startswith("/") or path.startswith("//"):
            return path
        return f"/{base}{path}"

    @property
    def default_when(self) -> datetime | None:
        """`default_date` as an aware datetime (a bare date or time is in the site's zone)."""
        return parse_date(self.default_date, self.tz) if self.default_date else None

    def merged(self, **overrides: Any) -> "Settings":
        """These settings with every override that is not None applied, each checked as its flag."""
        values = {k: check(k, v, f"--{k.replace('_', '-')}") for k, v in overrides.items() if v is not None}
        return replace(self, **values)


# ------------------------------------------------------------------ rules, one per setting


def _text(name: str) -> Callable[[Any], str]:
    def rule(value: Any) -> str:
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            raise ValueError(f"{name} must be a non-empty one-line text")
        return value.strip()

    return rule


def _key(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", value):
        raise ValueError("must be a front matter key (letters, digits, - and _)")
    return value


def _zone(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a time zone name such as Asia/Shanghai")
    try:
        zone(value)
    except BadInput as exc:
        raise ValueError(exc.message) from None
    return value


def _categories(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(c, (str, int, float)) and str(c).strip() for c in value):
        raise ValueError("must be a list of category names")
    return tuple(str(c).strip() for c in value)


def _image_dir(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a folder below the site, such as assets/img/posts")
    if ".." in PurePosixPath(value.replace("\\", "/")).parts:
        raise ValueError("must stay inside the site (no ..)")
    return value.strip()


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _jobs(value: Any) -> int:
    low, high = JOBS_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"must be a whole number from {low} to {high}")
    return value


def _timeout(value: Any) -> float:
    low, high = TIMEOUT_RANGE
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValueError(f"must be a number of seconds from {low:g} to {high:g}")
    return float(value)


def _baseurl(value: Any) -> str:
    if not isinstance(value, str) or "\n" in value:
        raise ValueError("must be a path such as /blog, or empty")
    return value.strip()


def _engine(value: Any) -> str:
    from wx2md.engines import ENGINES

    if not isinstance(value, str) or value.strip().lower() not in ENGINES:
        raise ValueError(f"must be one of {', '.join(ENGINES)}")
    return value.strip().lower()


def _permalink(value: Any) -> str:
    if not isinstance(value, str) or "\n" in value:
        raise ValueError("must be a permalink rule such as :year/:month/:day/:title/")
    return value.strip()


def _front_format(value: Any) -> str:
    if value not in ("yaml", "toml"):
        raise ValueError("must be yaml or toml")
    return value


def _date(value: Any) -> str:
    if isinstance(value, (date, datetime)):  # YAML reads an unquoted 2025-11-04 as a date
        value = value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if not isinstance(value, str):
        raise ValueError("must be a date such as 2025-11-04 or '2025-11-04 15:59'")
    parse_date(value, ZoneInfo("UTC"))
    return value.strip()


RULES: dict[str, Callable[[Any], Any]] = {
    "layout": _text("layout"),
    "cover_key": _key,
    "timezone": _zone,
    "categories": _categories,
    "image_dir": _image_dir,
    "download": _bool,
    "jobs": _jobs,
    "timeout": _timeout,
    "default_date": _date,
    "baseurl": _baseurl,
    "engine": _engine,
    "zone_in_dates": _bool,
    "asset_folder": _bool,
    "front_format": _front_format,
    "permalink": _permalink,
    "posts_dir": _image_dir,
}


def check(name: str, value: Any, where: str) -> Any:
    """`value` made right for setting `name`, or BadSettings naming `where` it came from."""
    rule = RULES.get(name)
    if rule is None:
        return value
    try:
        return rule(value)
    except ValueError as exc:
        message = str(exc)
        if message.startswith(f"{name} "):
            message = message[len(name) + 1:]
        shown = _shown(value)
        named = isinstance(value, str) and shown in message
        raise BadSettings(where, message if named else f"{message} (got {shown})") from None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadInput(f"unknown time zone {name!r} (use an IANA name such as Asia/Shanghai)") from exc


def parse_date(text: str, tz: tzinfo) -> datetime:
    """`2025-11-04`, `2025-11-04 15:59[:00]` or with an offset; naive means in `tz`."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD or 'YYYY-MM-DD HH:MM')") from None
    return when if when.tzinfo else when.replace(tzinfo=tz)


# ------------------------------------------------------------------ the site's settings file


def from_site(site: Path, base: Settings | None = None, *, engine: str | None = None) -> Settings:
    """Settings for `site`: its engine's defaults, its own keys, its `wx2md:` section, over `base`.

    The engine is `engine` (the --engine flag), else the section's `engine:`,
    else the one `wx2md.engines.detect` sees in the site. Its own keys are
    honoured (Jekyll's `timezone:` and `baseurl:`, Hexo's `timezone:` and
    `root:`, Hugo's `timeZone`): the site places posts on dates in that zone, and
    serves everything under that path. Any bad value is BadSettings naming the
    file and key.
    """
    from wx2md.engines import JEKYLL, by_name, detect

    base = base or Settings()
    chosen = by_name(check("engine", engine, "--engine")) if engine is not None else None
    found = chosen or detect(site)
    config, data, section = _read(found, site)
    named = section.get("engine") if chosen is None else None
    if named is not None:
        chosen = by_name(check("engine", named, f"{config}: {CONFIG_SECTION}.engine"))
        if chosen is not found:
            found = chosen
            config, data, section = _read(found, site)
    writer = found if found.writes_posts else JEKYLL
    values: dict[str, Any] = {"engine": found.name}
    default = Settings()
    if base.cover_key == default.cover_key:
        values["cover_key"] = writer.default_cover_key
    if base.image_dir == default.image_dir and writer.default_image_dir:
        values["image_dir"] = writer.default_image_dir
    for key, value in writer.site_values(site, data if writer is found else {}, str(config)).items():
        values[key] = check(key, value, f"{config}: {key}")
    names = {f.name for f in fields(Settings)}
    for key, value in section.items():
        name = str(key).replace("-", "_")
        if name in names and value is not None and name != "engine":
            values[name] = check(name, value, f"{config}: {CONFIG_SECTION}.{key}")
    return replace(base, **values)


def _read(engine, site: Path) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """The engine's settings file (or where it would be), its data and its `wx2md:` section."""
    from wx2md.engines.base import load_config

    config = engine.config_file(site)
    if config is None:
        return site / (engine.config_names or (CONFIG_FILE,))[0], {}, {}
    data = load_config(config)
    if data is None:
        return config, {}, {}
    if not isinstance(data, dict):
        raise BadSettings(str(config), "must be a mapping of settings")
    section = engine.section(data)
    if section is not None and not isinstance(section, dict):
        raise BadSettings(f"{config}: {CONFIG_SECTION}", "must be a mapping of settings")
    return config, data, section or {}
