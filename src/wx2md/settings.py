"""Conversion settings: command-line flags, then the site's `_config.yml`, then defaults.

A blog's conventions (Hux wants `header-img`, Chirpy wants `image`, some sites keep
images under `img/`) belong in the site, written once, not repeated on every run;
so the `wx2md:` section of `_config.yml` sits between the flags and the defaults.

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


# ------------------------------------------------------------------ the site's _config.yml


def from_site(site: Path, base: Settings | None = None) -> Settings:
    """Settings from the `wx2md:` section of `site/_config.yml` over `base`.

    Jekyll's own `timezone:` and `baseurl:` keys are honoured too: the site
    places posts on dates in that zone, and serves everything under that path.
    Any bad value is BadSettings naming the file and key.
    """
    base = base or Settings()
    config = site / CONFIG_FILE
    if not config.is_file():
        return base
    data = _load(config)
    if data is None:
        return base
    if not isinstance(data, dict):
        raise BadSettings(str(config), "must be a mapping of settings")
    values: dict[str, Any] = {}
    for key in ("timezone", "baseurl"):  # Jekyll's own keys; Hexo's default `timezone: ''` means not set
        if data.get(key) is not None and not (key == "timezone" and data[key] == ""):
            values[key] = check(key, data[key], f"{config}: {key}")
    section = data.get(CONFIG_SECTION)
    if section is not None and not isinstance(section, dict):
        raise BadSettings(f"{config}: {CONFIG_SECTION}", "must be a mapping of settings")
    names = {f.name for f in fields(Settings)}
    for key, value in (section or {}).items():
        name = str(key).replace("-", "_")
        if name in names and value is not None:
            values[name] = check(name, value, f"{config}: {CONFIG_SECTION}.{key}")
    return replace(base, **values)


def _load(config: Path) -> Any:
    import yaml  # imported late: `wx2md --version` must stay fast

    try:
        return yaml.safe_load(config.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "syntax error"
        raise BadSettings(str(config), f"not valid YAML{where}: {problem}") from None
    except yaml.YAMLError as exc:
        raise BadSettings(str(config), f"not valid YAML ({exc.__class__.__name__})") from None
    except UnicodeDecodeError:
        raise BadSettings(str(config), "not UTF-8 text") from None
    except OSError as exc:
        raise BadSettings(str(config), f"cannot read: {exc.strerror or exc}") from None
