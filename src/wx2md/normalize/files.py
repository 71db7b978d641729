"""The file edge of `normalize`: read, compare, report, write, rename.

Everything here is what a pre-commit hook needs around the pure `normalize_text`:
exit codes pre-commit understands (0 nothing changed, 1 a file changed or would,
2 errors), one line per changed file, a unified diff on request, atomic writes
that keep the file's mode, and `git mv` for names Jekyll would skip. What is only
worth knowing (names Jekyll skips, WeChat images that will not show) is said once
per run on stderr and never fails the hook.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from wx2md.engines import Engine
from wx2md.engines.jekyll import JEKYLL
from wx2md.errors import BadInput, Wx2mdError
from wx2md.normalize import Document, normalize_document
from wx2md.normalize.body import MMBIZ_URL
from wx2md.normalize.names import POST_EXTENSIONS, fixed_name, name_date, problems
from wx2md.settings import Settings
from wx2md.wechat import IMAGE_CDN

GIT_TIMEOUT = 10


@dataclass
class Options:
    check: bool = False  # report, write nothing
    diff: bool = False  # print a unified diff, write nothing
    rename: bool = False
    download_images: bool = False
    site: Path = field(default_factory=Path.cwd)
    engine: Engine = JEKYLL  # the site's: what normalize may touch besides the body
    site_cover_keys: dict[Path, str | None] = field(default_factory=dict)  # read once per run (`_cover_key`)


@dataclass
class Outcome:
    """What happened to one file: its lines for the user and whether it counts as changed."""

    path: Path
    changed: bool = False
    error: str = ""
    lines: list[str] = field(default_factory=list)  # stdout
    warnings: list[str] = field(default_factory=list)  # stderr
    diff: str = ""
    name_problems: list[str] = field(default_factory=list)  # why Jekyll would skip or garble the name
    rename_to: str | None = None  # what --rename would call it
    hotlinked: int = 0  # WeChat images left remote (they will not show on the site)


def normalize_file(path: Path, settings: Settings, options: Options, session=None) -> Outcome:
    """Normalize one file; never raises for a bad post (the outcome carries the error)."""
    outcome = Outcome(path)
    try:
        _normalize(path, settings, options, outcome, session)
    except Wx2mdError as exc:
        prefix = f"{path.name}: "
        outcome.error = exc.message[len(prefix):] if exc.message.startswith(prefix) else exc.message
    except OSError as exc:
        outcome.error = f"cannot read or write: {exc.strerror or exc}"
    except Exception as exc:  # a bug: one line, the other files go on
        if os.environ.get("WX2MD_DEBUG"):
            raise
        outcome.error = f"internal error: {exc.__class__.__name__}: {exc} (set WX2MD_DEBUG=1 for a traceback)"
    return outcome


def _normalize(path: Path, settings: Settings, options: Options, outcome: Outcome, session) -> None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"not valid UTF-8 (Jekyll skips such a post) at byte {exc.start}") from exc
    engine = options.engine
    owns = engine.owns_front_matter
    settings = _cover_key(text, settings, options)
    commit = first_commit(path) if owns and name_date(path.name) is None else None
    doc = normalize_document(text, name=path.name, settings=settings, first_commit=commit, engine=engine)
    if options.download_images and not (options.check or options.diff):
        from wx2md.normalize.images import wechat_images

        if wechat_images(doc, settings):  # the cover may change: the front matter is needed as data
            if owns:
                doc = normalize_document(text, name=path.name, settings=settings, first_commit=commit,
                                         keep_clean_header=False, engine=engine)
            doc = _download(doc, path, settings, options, outcome, session)
    new = doc.text
    outcome.hotlinked = len(set(MMBIZ_URL.findall(new))) if IMAGE_CDN in new else 0
    shown = _shown(path)
    if new != text:
        outcome.changed = True
        if options.diff:
            outcome.diff = unified_diff(text, new, shown)
        if options.check or options.diff:
            outcome.lines.append(f"would normalize {shown}")
        else:
            _write(path, new)
            outcome.lines.append(f"normalized {shown}")
    if engine.renames_files:
        _names(path, doc, settings, options, outcome)


def _download(doc: Document, path: Path, settings: Settings, options: Options, outcome: Outcome, session) -> Document:
    from wx2md.normalize import _slug_of
    from wx2md.normalize.images import download_images

    # On a site that names its own files the post's name is the slug (a Hugo bundle: its folder; Hexo:
    # the file's stem, its asset folder's name); on Jekyll the name normalize would give it. The engine
    # also says where the images go (Hexo: source/images/<slug>, a bundle: beside its index.md).
    engine = options.engine
    slug = engine.slug_of(path) if engine.writes_posts and not engine.renames_files else ""
    if not slug:
        slug = _slug_of(fixed_name(path.name, when=None) or path.name, str(doc.get("title") or ""))
    section = engine.posts_dir_of(options.site, path)
    if section:
        settings = settings.merged(posts_dir=section)
    doc, report = download_images(doc, site=options.site, slug=slug, settings=settings, session=session)
    if report.downloaded + report.reused and not engine.owns_front_matter:  # the new links as the engine shows them (Hexo's asset tags)
        doc = replace(doc, body=engine.adopt_markdown(doc.body, settings))
    for url, reason in report.failed:
        outcome.warnings.append(f"{_shown(path)}: image not downloaded, kept remote: {url} ({reason})")
    return doc


def _names(path: Path, doc: Document, settings: Settings, options: Options, outcome: Outcome) -> None:
    found = problems(path.name)
    if not found:
        return
    shown = _shown(path)
    when = doc.get("date")
    from wx2md.normalize.frontmatter import to_datetime

    moment = to_datetime(when, settings.tz) if when else None
    target = fixed_name(path.name, when=moment, title=str(doc.get("title") or ""), tz=settings.tz)
    if not options.rename or options.check or options.diff:
        outcome.name_problems, outcome.rename_to = found, target  # a warning for the run, not a change
        return
    if target is None:
        raise BadInput(f"{'; '.join(found)}; cannot rename without a date (add date: to the front matter)")
    new_path = path.with_name(target)
    if new_path.exists() and new_path.resolve() != path.resolve():
        raise BadInput(f"cannot rename to {target}: that file exists")
    rename(path, new_path)
    outcome.changed = True
    outcome.lines.append(f"renamed {shown} -> {_shown(new_path)}")


def unified_diff(old: str, new: str, name: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=f"a/{name}", tofile=f"b/{name}"))


def _write(path: Path, text: str) -> None:
    """Atomically, in the file's own folder, keeping its mode (a web server must still read it)."""
    from wx2md.site import atomic_write  # late: it pulls in the post model (and bs4)

    mode = path.stat().st_mode & 0o777
    target = atomic_write(path.parent, path, text.encode("utf-8"))
    os.chmod(target, mode)


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


# ------------------------------------------------------------------ git


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return None


def first_commit(path: Path) -> datetime | None:
    """When `path` first entered git (author date), or None outside a repository or before a commit."""
    run = _git(["log", "--follow", "--diff-filter=A", "--format=%aI", "--", path.name], path.parent)
    if run is None or run.returncode != 0 or not run.stdout.strip():
        return None
    try:
        return datetime.fromisoformat(run.stdout.strip().splitlines()[-1])
    except ValueError:
        return None


def rename(old: Path, new: Path) -> None:
    """`git mv` inside a repository (history follows the post), a plain rename elsewhere."""
    inside = _git(["rev-parse", "--is-inside-work-tree"], old.parent)
    if inside is not None and inside.returncode == 0 and inside.stdout.strip() == "true":
        tracked = _git(["ls-files", "--error-unmatch", old.name], old.parent)
        if tracked is not None and tracked.returncode == 0:
            run = _git(["mv", old.name, new.name], old.parent)
            if run is None or run.returncode != 0:
                raise BadInput(f"git mv failed: {(run.stderr.strip() if run else 'git not found')}")
            return
    os.replace(old, new)


def run(paths: list[Path], settings: Settings, options: Options, session=None,
        show: Callable[[Outcome], None] | None = None) -> tuple[list[Outcome], int]:
    """Normalize every file; the exit code pre-commit expects: 2 errors, 1 changed, 0 clean.

    `show` gets each outcome as soon as it is known (so an interrupted run has said
    what it wrote). `--download-images` shares one HTTP session across the run, so a
    host given up (or throttled) for one post is for the others too, and said once.
    """
    own = None
    if session is None and options.download_images and not (options.check or options.diff):
        from wx2md.http import make_session

        session = own = make_session(pool_size=max(10, settings.jobs), page_deadline=settings.timeout,
                                     image_deadline=settings.timeout)
    outcomes = []
    try:
        for path in paths:
            outcome = normalize_file(path, settings, options, session)
            hosts = getattr(session, "hosts", None)
            outcome.warnings += hosts.notices() if hosts is not None else []
            outcomes.append(outcome)
            if show is not None:
                show(outcome)
    finally:
        if own is not None:
            own.close()
    if any(o.error for o in outcomes):
        return outcomes, 2
    return outcomes, 1 if any(o.changed for o in outcomes) else 0


def closing_notes(outcomes: list[Outcome], options: Options) -> list[str]:
    """What the run says once at the end, on stderr, whatever the exit code: names Jekyll
    would skip or garble, and WeChat images that will not show on the site."""
    notes: list[str] = []
    named = [o for o in outcomes if o.name_problems and not o.error]
    if named:
        shown = "; ".join(f"{_shown(o.path)} ({', '.join(o.name_problems)}"
                          + (f" -> {o.rename_to})" if o.rename_to else ", add a date: to rename it)")
                          for o in named[:3])
        more = f"; and {len(named) - 3} more" if len(named) > 3 else ""
        notes.append(f"{len(named)} post name{'s' if len(named) > 1 else ''} Jekyll would skip or garble: "
                     f"{shown}{more}; `wx2md normalize --rename` renames them")
    if options.rename and not options.engine.renames_files:
        notes.append(f"--rename: {options.engine.name} sites name their own files; nothing renamed")
    images = sum(o.hotlinked for o in outcomes)
    if images:
        posts = sum(1 for o in outcomes if o.hotlinked)
        notes.append(f"{images} WeChat image{'s' if images > 1 else ''} (mmbiz) in {posts} post{'s' if posts > 1 else ''}"
                     f" will not show on the site (WeChat blocks images linked from other sites); "
                     f"`wx2md normalize --download-images` copies them into the site")
    return notes


def expand(paths: tuple[Path, ...] | list[Path]) -> list[Path]:
    """Files as given; a folder stands for the posts below it (hidden folders and `_site` aside)."""
    out: list[Path] = []
    for path in paths:
        if not path.is_dir():
            out.append(path)
            continue
        out.extend(sorted(
            p for p in path.rglob("*")
            if p.suffix.lower() in POST_EXTENSIONS and p.is_file()
            and not any(part.startswith(".") or part == "_site" for part in p.relative_to(path).parts)
        ))
    return out


COVER_LINE = re.compile(r"^(header-img|headimg|image|cover|thumbnail)[ \t]*:[ \t]*\S", re.M)
HEAD_BYTES = 4096  # a post's front matter is in its first few lines
DEFAULT_COVER_KEY = Settings().cover_key
SAMPLE_POSTS = 50
SITE_COVER_KEYS = ("header-img", "image", "cover")  # the keys a theme reads (headimg, thumbnail: export tools')


def _cover_key(text: str, settings: Settings, options: Options) -> Settings:
    """On Jekyll with no cover key configured, the key the site's posts already use (Hux's `header-img`,
    `image`, `cover`) wins over the default. The site's posts are read once per run, and only when a
    post holds a cover."""
    if not options.engine.owns_front_matter or settings.cover_key != DEFAULT_COVER_KEY:
        return settings
    if not _front_cover(text[:HEAD_BYTES]):
        return settings
    folder = options.site / options.engine.posts_dir if options.engine.posts_dir else options.site
    folder = folder.resolve()
    if folder not in options.site_cover_keys:
        options.site_cover_keys[folder] = posts_cover_key(folder)
    used = options.site_cover_keys[folder]
    return settings.merged(cover_key=used) if used else settings


def _front_cover(head: str) -> str | None:
    """The first cover key in the front matter at the start of `head` (after a BOM or blank lines)."""
    head = head.lstrip("\ufeff \t\n")
    end = head.find("\n---", 3) if head.startswith("---") else -1
    found = COVER_LINE.search(head, 0, end) if end > 0 else None
    return found.group(1) if found else None


def posts_cover_key(folder: Path) -> str | None:
    """The cover key most of the site's latest posts in `folder` use, read from their first lines; None
    when none has one. The latest (by name: Jekyll's names start with the date) say how the site is
    written today, and reading a few dozen keeps a hook run quick on a large blog."""
    counts: dict[str, int] = {}
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.name.lower().endswith(POST_EXTENSIONS))
    except OSError:
        return None
    for path in (folder / name for name in names[-SAMPLE_POSTS:]):
        try:
            with path.open("rb") as handle:
                head = handle.read(HEAD_BYTES).decode("utf-8", "replace")
        except OSError:
            continue
        key = _front_cover(head)
        if key in SITE_COVER_KEYS:
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    # The most used; a tie goes to the default, then to the order above (a re-run must choose the same).
    return max(counts, key=lambda k: (counts[k], k == DEFAULT_COVER_KEY, -SITE_COVER_KEYS.index(k)))
