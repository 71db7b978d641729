"""`wx2md convert`: each source through the pipeline, into the site (or onto stdout).

The command's run behind its click options (cli.py): read the page
(source.py), convert it (core.convert_html), localize its images (images.py),
pick the file and write it atomically (site.py), and report each source on one
line. One failure is reported and the batch goes on.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import click

from wx2md.console import Tally, fail, note, progress_bar, warn
from wx2md.core import convert_html
from wx2md.errors import ExitCode, UnsafePath, VerificationWall, Wx2mdError
from wx2md.post import render
from wx2md.settings import Settings
from wx2md.site import PostIndex, atomic_write, choose_path
from wx2md.source import read_source


def run_convert(sources: tuple[str, ...], site: Path, settings: Settings, *, force: bool, to_stdout: bool,
                quiet: bool) -> int:
    """Convert every source; the exit code is the first failure's (8 when only images failed)."""
    # images.py refuses oversized images itself; Pillow's own warning would only add noise.
    warnings.filterwarnings("ignore", message=r"Image size \(\d+ pixels\) exceeds limit")
    return Converter(site, settings, force=force, to_stdout=to_stdout, quiet=quiet).all(sources)


class Converter:
    """One `convert` run: shared HTTP session, post index and the batch's tally."""

    def __init__(self, site: Path, settings: Settings, *, force: bool, to_stdout: bool, quiet: bool) -> None:
        self.site = site
        self.settings = settings
        self.force = force
        self.to_stdout = to_stdout
        self.quiet = quiet
        from wx2md.engines import for_posts

        self.index = PostIndex(site, for_posts(settings))
        self.tally = Tally()
        self._session = None
        self._printed = 0  # posts written to stdout so far

    def session(self):
        if self._session is None:
            from wx2md.http import session_for

            self._session = session_for(self.settings)
        return self._session

    def all(self, sources: tuple[str, ...]) -> int:
        """Convert each source; one failure is reported and the rest go on.

        The verification wall stops the batch: every further request would hit it too.
        Several sources end with a one-line summary.
        """
        tally = self.tally
        for i, source in enumerate(sources):
            try:
                tally.ok(*self.one(source, several=len(sources) > 1))
            except VerificationWall as exc:
                tally.error(source, exc)
                skipped = len(sources) - i - 1
                if skipped:
                    warn(f"stopped: {skipped} source(s) not tried")
                break
            except Wx2mdError as exc:
                tally.error(source, exc)
            except KeyboardInterrupt:
                fail(source, "interrupted")
                return int(ExitCode.INTERRUPTED)
            except Exception as exc:  # a bug: one line, the batch goes on
                if os.environ.get("WX2MD_DEBUG"):
                    raise
                tally.bug(source, exc)
            finally:
                self._host_notices()
        if len(sources) > 1 and not self.quiet:
            note(tally.summary())
        return tally.exit_code

    def one(self, source: str, *, several: bool = False) -> tuple[int, int]:
        """Convert one source; returns (images handled, images failed)."""
        page = read_source(source, self.session)
        post = convert_html(page.html, page.url, self.settings)
        if post.date_source == "default":
            warn(f"{source}: the page shows no publish date; dated {self.settings.default_date} (--default-date)")
        local = sum(1 for url in post.images if url.startswith("file:"))
        if local and not self.settings.download:
            warn(f"{source}: {local} image{'' if local == 1 else 's'} from the saved page's folder "
                  "linked as file: URLs (--no-download copies nothing)")
        if self.to_stdout:
            if several:
                click.echo(("\n" if self._printed else "") + f"==> {source} <==")
            click.echo(render(post, self.settings), nl=False)
            self._printed += 1
            return 0, 0
        post, path = choose_path(self.site, post, self.index, force=self.force)
        summary, images, failed = "", 0, 0
        if self.settings.download:
            if page.folder is not None:
                self.session().allow_local(page.folder)  # its `NAME_files/` images
            post, summary, images, failed = self._images(post)
        try:
            written = atomic_write(self.site, path, render(post, self.settings).encode("utf-8"))
        except OSError as exc:
            raise UnsafePath(f"cannot write {path}: {exc.strerror or exc}") from exc
        self.index.remember(post.source, written)
        if not self.quiet:
            shown = os.path.relpath(path, Path.cwd()) if not path.is_absolute() else str(path)
            click.echo(f"{shown}" + (f"  ({summary})" if summary else ""))
        return images, failed

    def _images(self, post):
        from wx2md.images import localize_images

        progress = progress_bar(len(post.images) + 1, self.quiet)
        try:
            post, report = localize_images(post, self.site, self.settings, self.session(), progress=progress.update)
        finally:
            progress.close()
        image_warnings(report.failed)
        return post, report.summary, report.total, len(report.failed)

    def _host_notices(self) -> None:
        """What the run learnt about hosts (given up, throttled), each said once."""
        hosts = getattr(self._session, "hosts", None)
        for notice in hosts.notices() if hosts else []:
            warn(notice)


def image_warnings(failed: list[tuple[str, str]]) -> None:
    """One warning per failed image, but one line for all those skipped for an unreachable host."""
    skipped: dict[str, int] = {}
    for url, reason in failed:
        if reason.startswith("skipped: "):
            skipped[reason] = skipped.get(reason, 0) + 1
        else:
            warn(f"image not downloaded, kept remote: {url} ({reason})")
    for reason, count in skipped.items():
        warn(f"{count} image{'' if count == 1 else 's'} not downloaded, kept remote ({reason})")
