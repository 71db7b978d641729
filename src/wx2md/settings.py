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
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def tz(self) -> tzinfo:
        return zone(self.timezone)

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

    Jekyll's own `timezone:` key is honoured too, since that is what the site
    uses to place posts on dates.
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
    if isinstance(data.get("timezone"), str):
        values["timezone"] = data["timezone"]
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
