"""The migration's memory, in the site: `SITE/.wx2md/migrate.sqlite`.

- `items`: every item by identity, with the fingerprint of its input and how it
  ended; `--resume` skips those that finished with the same fingerprint.
- `keys`: article keys (canonical URL, aid, content hash) -> the post holding that
  article, so a re-run (or a run after `kill -9`) finds the same file again.
- `report`: this run's report rows, so the report is streamed, not held in memory;
  in the order the items were found, however the workers' results came back.

A post's keys and path are recorded (committed) *before* the post is written: a
run killed between the two leaves a reservation that the next run reuses, never
a second copy of the post. Writes are batched: one commit per chunk of posts
handed to the workers (and WAL mode keeps it cheap); an outcome not yet committed
when a run is killed is simply redone by the next.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wx2md.site import inside

MANIFEST = Path(".wx2md") / "migrate.sqlite"
# Statuses that end an item for good; `failed` items are tried again by `--resume`.
FINISHED = frozenset({"written", "updated", "skipped", "duplicate", "unavailable"})
SCHEMA = """
CREATE TABLE IF NOT EXISTS items (identity TEXT PRIMARY KEY, fingerprint TEXT, status TEXT, post TEXT, reason TEXT);
CREATE TABLE IF NOT EXISTS keys (key TEXT PRIMARY KEY, post TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS keys_by_post ON keys (post);
DROP TABLE IF EXISTS report;
CREATE TABLE report (seq INTEGER PRIMARY KEY, ord INTEGER, source TEXT, shape TEXT, status TEXT, post TEXT, reason TEXT);
"""


@dataclass
class ReportRow:
    source: str
    shape: str
    status: str
    post: str = ""
    reason: str = ""


class Manifest:
    """One run's view of the manifest. With `dry_run` nothing touches the disk: it works on a copy in memory."""

    def __init__(self, site: Path, *, dry_run: bool = False) -> None:
        path = site / MANIFEST
        if dry_run:
            self.db = sqlite3.connect(":memory:")
            self.db.executescript(SCHEMA)
            if path.is_file():
                self._copy_from(path)
        else:
            inside(site, path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.parent.chmod(0o755)
            self.db = sqlite3.connect(path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        # This run's claims, on disk-backed temp tables so memory stays flat however big the archive.
        self.db.executescript("""
            CREATE TEMP TABLE claims (key TEXT PRIMARY KEY, identity TEXT, post TEXT);
            CREATE TEMP TABLE owners (post TEXT PRIMARY KEY, identity TEXT, source TEXT, quality TEXT);
            CREATE TEMP TABLE slugs (slug TEXT PRIMARY KEY);
            CREATE TEMP TABLE placed (post TEXT PRIMARY KEY);
        """)
        self.db.commit()

    def _copy_from(self, path: Path) -> None:
        self.db.execute("ATTACH DATABASE ? AS prior", (f"file:{path}?mode=ro",))
        for table in ("items", "keys"):
            self.db.execute(f"INSERT OR IGNORE INTO {table} SELECT * FROM prior.{table}")  # noqa: S608 - fixed names
        self.db.commit()
        self.db.execute("DETACH DATABASE prior")

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def commit(self) -> None:
        """Make the reservations so far durable: called before their posts are handed to workers."""
        self.db.commit()

    # -------------------------------------------------------------- items

    def finished(self, identity: str, fingerprint: str) -> tuple[str, str] | None:
        """(status, post) when the item finished before with this same input."""
        row = self.db.execute("SELECT status, post, fingerprint FROM items WHERE identity = ?", (identity,)).fetchone()
        if row and row[0] in FINISHED and row[2] == fingerprint:
            return row[0], row[1] or ""
        return None

    def post_for(self, keys: Iterable[str]) -> str | None:
        for key in keys:
            row = self.db.execute("SELECT post FROM keys WHERE key = ?", (key,)).fetchone()
            if row:
                return row[0]
        return None

    def keys_of(self, post: str) -> list[str]:
        """The article keys recorded for `post` (URL, aid, text hash)."""
        return [row[0] for row in self.db.execute("SELECT key FROM keys WHERE post = ?", (post,))]

    def post_of(self, identity: str) -> str | None:
        """The post this item wrote last time (its text may have changed since, and with it its keys)."""
        row = self.db.execute("SELECT post FROM items WHERE identity = ?", (identity,)).fetchone()
        return row[0] if row and row[0] else None

    def reserve(self, identity: str, fingerprint: str, post: str, keys: Iterable[str]) -> None:
        """Claim `post` for the item's article keys, durably, before anything is written."""
        self.db.executemany("INSERT OR REPLACE INTO keys (key, post) VALUES (?, ?)", [(k, post) for k in keys])
        self.db.execute("INSERT OR REPLACE INTO items VALUES (?, ?, 'pending', ?, '')", (identity, fingerprint, post))

    def finish(self, identity: str, fingerprint: str, row: ReportRow, order: int = 0) -> None:
        self.db.execute("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?)",
                        (identity, fingerprint, row.status, row.post, row.reason))
        self.add_report(row, order)  # committed with the next chunk's reservations, or at the end

    # -------------------------------------------------------------- this run's claims

    def claimed_by_other(self, keys: list[str], identity: str) -> str | None:
        """The post of an earlier item of this run holding one of `keys`: this item is its duplicate."""
        for key in keys:
            row = self.db.execute("SELECT post FROM claims WHERE key = ? AND identity != ?", (key, identity)).fetchone()
            if row:
                return row[0]
        return None

    def claim(self, keys: list[str], identity: str, post: str, slug: str) -> None:
        self.db.executemany("INSERT OR REPLACE INTO claims VALUES (?, ?, ?)", [(k, identity, post) for k in keys])
        self.db.execute("INSERT OR IGNORE INTO slugs VALUES (?)", (slug,))
        self.db.execute("INSERT OR IGNORE INTO placed VALUES (?)", (post,))

    def own(self, post: str, identity: str, source: str, quality: tuple[int, ...]) -> None:
        """`post` holds this item's copy (of this quality) of its article, for this run."""
        self.db.execute("INSERT OR REPLACE INTO owners VALUES (?, ?, ?, ?)",
                        (post, identity, source, ",".join(map(str, quality))))

    def owner(self, post: str) -> tuple[str, str, tuple[int, ...]] | None:
        """(identity, source, quality) of the copy that `post` holds in this run."""
        row = self.db.execute("SELECT identity, source, quality FROM owners WHERE post = ?", (post,)).fetchone()
        if not row:
            return None
        return row[0], row[1], tuple(int(q) for q in row[2].split(",") if q)

    def demote(self, identity: str, source: str, kept: str, post: str) -> None:
        """The earlier copy's item and report row become a duplicate of the better copy now kept."""
        why = f"the same article; a better copy is kept: {kept}"
        self.db.execute("UPDATE items SET status = 'duplicate', reason = ? WHERE identity = ?", (why, identity))
        self.db.execute("UPDATE report SET status = 'duplicate', reason = ? WHERE source = ? AND post = ?",
                        (why, source, post))

    def taken_slugs(self, slugs: Iterable[str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO slugs VALUES (?)", ((s,) for s in slugs))

    def slug_taken(self, slug: str) -> bool:
        return self.db.execute("SELECT 1 FROM slugs WHERE slug = ?", (slug,)).fetchone() is not None

    def placed_this_run(self, post: str) -> bool:
        return self.db.execute("SELECT 1 FROM placed WHERE post = ?", (post,)).fetchone() is not None

    # -------------------------------------------------------------- report

    def add_report(self, row: ReportRow, order: int = 0) -> None:
        """`order`: the item's place in the walk (rows of one order keep the order they were added in)."""
        self.db.execute("INSERT INTO report (ord, source, shape, status, post, reason) VALUES (?, ?, ?, ?, ?, ?)",
                        (order, row.source, row.shape, row.status, row.post, row.reason))

    def report_rows(self) -> Iterator[ReportRow]:
        self.db.commit()
        for row in self.db.execute("SELECT source, shape, status, post, reason FROM report ORDER BY ord, seq"):
            yield ReportRow(*row)

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT status, COUNT(*) FROM report GROUP BY status").fetchall())

    def flagged(self, marker: str) -> int:
        return self.db.execute("SELECT COUNT(*) FROM report WHERE reason LIKE ?", (f"%{marker}%",)).fetchone()[0]
