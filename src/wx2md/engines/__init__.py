"""The site's engine: the one place that knows Jekyll, Hexo, Hugo (and the sites we only repair).

Layer 4 of the design (`../shared/docs/design.md`): the stages below produce a
`Post`; the commands above hand it to the engine of the site they write into.
An engine says how a site is recognised, where posts and images go, which
front-matter keys and date format it reads, how template syntax in text is
guarded, and how its settings are read (time zone, base URL, cover key).

`detect(root)` picks the engine from what is in the site; `by_name` serves
`--engine` and a `wx2md: engine:` setting. Engines that wx2md only repairs
(Eleventy, Docsify, a notes folder) have `owns_front_matter = False`:
normalize repairs their bodies and leaves front matter, names and tags alone.
"""

from __future__ import annotations

from wx2md.engines.base import Engine
from wx2md.engines.detect import ENGINES, by_name, detect, site_root

__all__ = ["Engine", "ENGINES", "by_name", "detect", "site_root"]
