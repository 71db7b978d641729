"""Sites wx2md repairs but does not write for: Eleventy, and anything it does not know.

On these normalize repairs bodies only: front matter (keys, values, date
format), file names and the engine's own tags stay exactly as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wx2md.engines.base import Engine

ELEVENTY_CONFIGS = ("eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs", ".eleventy.js")


@dataclass(frozen=True)
class Eleventy(Engine):
    name: str = "eleventy"

    def recognises(self, root: Path) -> bool:
        return any((root / n).is_file() for n in ELEVENTY_CONFIGS)


@dataclass(frozen=True)
class Unknown(Engine):
    name: str = "unknown"


ELEVENTY = Eleventy()
UNKNOWN = Unknown()
