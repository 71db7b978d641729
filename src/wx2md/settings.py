"""Conversion settings: command-line flags, then the site's `_config.yml`, then defaults.

A blog's conventions (Hux wants `header-img`, Chirpy wants `image`, some sites keep
images under `img/`) belong in the site, written once, not repeated on every run;
so the `wx2md:` section of `_config.yml` sits between the flags and the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wx2md.errors import BadInput

CONFIG_SECTION = "wx2md"


@dataclass(frozen=True)
class Settings:
    layout: str = "post"
    cover_key: str = "image"  # Hux themes: header-img
    timezone: str = "Asia/Shanghai"  # names the file and writes `date`
    categories: tuple[str, ...] = ()
    image_dir: str = "assets/img/posts"  # below the site root; one folder per post
    download: bool = True
    jobs: int = 8  # concurrent image downloads
    baseurl: str = ""  # Jekyll's `baseurl`: a project site lives under /repo
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

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

    def merged(self, **overrides: Any) -> "Settings":
        """These settings with every override that is not None applied."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadInput(f"unknown time zone {name!r} (use an IANA name such as Asia/Shanghai)") from exc


def from_site(site: Path, base: Settings | None = None) -> Settings:
    """Settings from the `wx2md:` section of `site/_config.yml` over `base`.

    Jekyll's own `timezone:` and `baseurl:` keys are honoured too: the site
    places posts on dates in that zone, and serves everything under that path.
    """
    base = base or Settings()
    config = site / "_config.yml"
    if not config.is_file():
        return base
    import yaml  # imported late: `wx2md --version` must stay fast

    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BadInput(f"{config}: not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        return base
    values: dict[str, Any] = {}
    for key in ("timezone", "baseurl"):  # Jekyll's own keys
        if isinstance(data.get(key), str):
            values[key] = data[key]
    section = data.get(CONFIG_SECTION)
    if isinstance(section, dict):
        names = {f.name for f in fields(Settings)} - {"extra"}
        for key, value in section.items():
            key = str(key).replace("-", "_")
            if key in names and value is not None:
                values[key] = value
    if isinstance(values.get("categories"), str):
        values["categories"] = (values["categories"],)
    if "categories" in values:
        values["categories"] = tuple(str(c) for c in values["categories"])
    settings = replace(base, **values)
    zone(settings.timezone)  # fail early on a bad zone, naming it
    return settings
