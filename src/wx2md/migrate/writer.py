"""The last step of one item, run in a worker: images into the site, the post rendered and written.

The parent has already decided everything that needs the whole run's view (the
post's path, its date, whether it is a duplicate) and reserved the path in the
manifest; what is left is per post and independent, so it runs in parallel:
Pillow checking every image, the copies and downloads, YAML, the atomic writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from wx2md.errors import ExitCode, Wx2mdError
from wx2md.migrate.assets import ARCHIVE_HOST, ArchiveImages, archive_session
from wx2md.models import Post
from wx2md.post import render
from wx2md.settings import Settings
from wx2md.site import atomic_write, drop_stale_temps, sync_folder


@dataclass
class Finish:
    """A post ready to be written where the parent reserved it."""

    post: Post
    site: str
    path: str
    existing: bool  # the article's post was there before this run: updated or unchanged
    recovering: bool  # the path was reserved by a run that did not finish: its temp files are ours
    images: ArchiveImages = field(default_factory=ArchiveImages)
    download: bool = True
    notes: list[str] = field(default_factory=list)
    hosts: dict = field(default_factory=dict)  # the run's HostBook snapshot: hosts given up, throttled


@dataclass
class Finished:
    status: str  # written | updated | skipped | failed
    reason: str
    partial: bool = False  # some images kept their remote URL
    exit_code: int = 0
    hosts: dict = field(default_factory=dict)  # this worker's HostBook snapshot, for the run's


def sync_written(tasks: list[Finish], outcomes: list[Finished]) -> list[Finished]:
    """After a chunk of posts written with `finish(…, sync=False)`: each folder they went into made
    durable once (not once per post: a folder fsync costs as much as the post). The parent commits
    their rows after this returns, so `--resume` never skips a post whose rename a crash could undo."""
    folders: dict[Path, list[Finished]] = {}
    for task, outcome in zip(tasks, outcomes):
        if outcome.status in ("written", "updated"):
            folders.setdefault(Path(task.path).parent, []).append(outcome)
    for folder, done in folders.items():
        try:
            sync_folder(folder)
        except OSError as exc:
            for outcome in done:
                outcome.status, outcome.exit_code = "failed", int(ExitCode.UNSAFE)
                outcome.reason = f"cannot write: {exc.strerror or exc}"
    return outcomes


def finish(task: Finish, settings: Settings, network: Callable[[], object] | None, *, sync: bool = True) -> Finished:
    """Write the post; never raises for one item's trouble (it becomes a failed outcome).

    The worker's network session learns from the run's view of hosts first (a host
    another worker gave up is skipped here too, a `Retry-After` holds here too), and
    hands back what it learnt; the parent says it, once.
    """
    hosts = getattr(network(), "hosts", None) if task.download and network else None
    if hosts is not None:
        hosts.absorb(task.hosts, say=False)
    outcome = _finish(task, settings, network, sync)
    if hosts is not None:
        outcome.hosts = hosts.snapshot()  # the parent says what is new to the run, once
    return outcome


def _finish(task: Finish, settings: Settings, network: Callable[[], object] | None, sync: bool = True) -> Finished:
    notes = list(task.notes)
    try:
        post, image_note, partial = localize(task, settings, network)
        if image_note:
            notes.append(image_note)
        site, path = Path(task.site), Path(task.path)
        data = render(post, settings).encode("utf-8")  # in the site's engine's own form
        if task.existing and _same_bytes(path, data):
            return Finished("skipped", "; ".join(["unchanged", *notes]), partial)
        if task.recovering:
            drop_stale_temps(path)  # the path is reserved for us
        atomic_write(site, path, data, sync_folder=sync)
    except Wx2mdError as exc:
        return Finished("failed", exc.message, exit_code=int(exc.exit_code))
    except OSError as exc:
        return Finished("failed", f"cannot write: {exc.strerror or exc}", exit_code=int(ExitCode.UNSAFE))
    except Exception as exc:  # noqa: BLE001 - one post's trouble (a value YAML cannot dump…) is its own row
        why = " ".join(f"{exc.__class__.__name__}: {exc}".split())[:200]
        return Finished("failed", f"internal error: {why}", exit_code=int(ExitCode.FAILED))
    return Finished("updated" if task.existing else "written", "; ".join(notes), partial)


def localize(task: Finish, settings: Settings, network: Callable[[], object] | None) -> tuple[Post, str, bool]:
    """Archive images copied in and, when downloading, remote ones fetched; the image stage does both.

    With `--no-download` only what the archive holds is handed to the image stage
    (the cover too, only if held); everything else keeps its cleaned remote URL.
    """
    from wx2md.images import localize_images
    from wx2md.urls import clean_image_url

    post, images = task.post, task.images
    if not task.download and not images:
        return post, "", False
    session = archive_session(images, network() if task.download and network else None)
    cover = post.cover
    keep_cover = task.download or bool(cover and images.holds(clean_image_url(cover) or cover))
    subject = post if task.download else replace(
        post, images=[u for u in post.images if images.holds(u)], cover=cover if keep_cover else "")
    try:
        done, report = localize_images(subject, Path(task.site), settings.merged(download=True), session)
    finally:
        session.close()  # the archive adapter only: the network session stays open
    if not keep_cover:
        done = replace(done, cover=cover)
    done = _unreadable_as_written(done, images, [url for url, _ in report.failed])
    if report.failed:
        url, reason = report.failed[0]
        return done, f"{report.summary} (kept remote: {url}: {reason})", True
    return done, report.summary if report.total else "", False


def _unreadable_as_written(post: Post, images: ArchiveImages, failed: list[str]) -> Post:
    """An archive image that could not be read is linked as the archive had it (`NAME_files/2.png`),
    never by its stand-in URL (`https://archive.wx2md.invalid/…`, which names nothing)."""
    stand_ins = [u for u in failed if urlsplit(u).hostname == ARCHIVE_HOST and isinstance(post.content, str)]
    if not stand_ins:
        return post
    content = post.content
    for url in stand_ins:
        local = images.files.get(url)
        content = content.replace(url, "/".join(Path(local).parts[-2:]) if local else "")
    cover = "" if post.cover in stand_ins else post.cover
    return replace(post, content=content, cover=cover, images=[u for u in post.images if u not in stand_ins])


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
