"""`wx2md migrate`: a whole archive, in the shapes people have, through the same stages as `convert`.

Layout, one concern per module:

    shapes.py    walk the sources, tell each item's shape, yield Items (streamed)
    lists.py     article lists (exporter JSON/XLSX, MP backend JSON/JSON Lines, CSV) -> Records
    dumps.py     TSV/CSV/JSON Lines dumps -> one Item per row
    mdexports.py the `# title` + meta-line head exporters and converters write -> metadata
    readers/     other tools' Markdown, one module per tool, and the WeChat page's furniture
    mhtml.py     a browser's single-file page copy (the `email` parser), images included
    keep.py      a post whose repairs would change its text keeps those blocks as written
    prepare.py   one Item -> a Post (in a worker process; pure apart from reading its files)
    assets.py    images the archive already holds, served to the image stage from disk
    join.py      list Records matched to bodies; their metadata merged into the Post
    dates.py     dates from lists, file names and text (`2018年8月7日`)
    fetch.py     polite fetching of URL lists (delay, jitter, wall and network stops)
    manifest.py  SQLite in the site: finished items, article keys, the report rows
    pool.py      the worker processes: work sent in chunks, results back in order, dead workers survived
    runner.py    the run: dedupe, paths, the manifest, handing posts to the workers to write
    report.py    the per-item report (JSON or Markdown) and the one-line summary
"""

from __future__ import annotations

from wx2md.migrate.runner import Options, Summary, migrate

__all__ = ["Options", "Summary", "migrate"]
