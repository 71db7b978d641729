"""The command line: thin commands over the pipeline stages.

Heavy imports (bs4, lxml, requests, Pillow) happen inside the commands, so
`wx2md --version` and `--help` start instantly, as a git hook must.

Every command reports the same way, with the helpers at the top: `_fail` (one
error line per item), `_warn`, `_note`, `_settings` (flags over `_config.yml`,
or exit with one line), and a `Tally` whose `summary()` ends a batch and whose
`exit_code` is the first failure's.
"""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wx2md import __version__
from wx2md.errors import BadSettings, ExitCode, UnsafePath, VerificationWall, Wx2mdError

if TYPE_CHECKING:  # the real import waits for the command: start-up stays fast
    from wx2md.settings import Settings


def _fail(label: str, message: str) -> None:
    """The one way a failure is shown: `wx2md: error: LABEL: message`, one line, on stderr."""
    label = _short(label)
    click.echo(_one_line(f"wx2md: error: {label}: {message}" if label else f"wx2md: error: {message}"), err=True)


def _short(label: str, limit: int = 160) -> str:
    """A label fit for one line: the start and the end of a very long source name."""
    return label if len(label) <= limit else f"{label[: limit // 2 - 1]}…{label[-(limit // 2):]}"


def _warn(message: str) -> None:
    click.echo(_one_line(f"wx2md: warning: {message}"), err=True)


def _note(message: str) -> None:
    click.echo(_one_line(f"wx2md: {message}"), err=True)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# Failures that are about the input (nothing to retry) rather than the run going wrong.
REFUSED = frozenset({ExitCode.BAD_INPUT, ExitCode.UNAVAILABLE, ExitCode.VERIFICATION, ExitCode.EXISTS,
                     ExitCode.NO_DATE})


@dataclass
class Tally:
    """A batch's counts and exit code; `convert`, `migrate` and `normalize` end with its summary.

    Exit code: the first failure's, else PARTIAL when only images failed, else 0.
    """

    done: int = 0
    refused: int = 0
    failed: int = 0
    images: int = 0
    images_failed: int = 0
    first_failure: ExitCode | None = None
    verb: str = "converted"

    def ok(self, images: int = 0, images_failed: int = 0) -> None:
        self.done += 1
        self.images += images
        self.images_failed += images_failed

    def error(self, label: str, exc: Wx2mdError) -> None:
        _fail(label, exc.message)
        if exc.exit_code in REFUSED:
            self.refused += 1
        else:
            self.failed += 1
        self.first_failure = self.first_failure or exc.exit_code

    def bug(self, label: str, exc: Exception) -> None:
        _fail(label, f"internal error: {exc.__class__.__name__}: {exc} (set WX2MD_DEBUG=1 for a traceback)")
        self.failed += 1
        self.first_failure = self.first_failure or ExitCode.FAILED

    @property
    def exit_code(self) -> int:
        if self.first_failure is not None:
            return int(self.first_failure)
        return int(ExitCode.PARTIAL) if self.images_failed else 0

    def summary(self) -> str:
        """`3 converted, 1 refused, 0 failed; images: 40 saved, 2 failed`."""
        text = f"{self.done} {self.verb}, {self.refused} refused, {self.failed} failed"
        if self.images or self.images_failed:
            text += f"; images: {self.images - self.images_failed} saved, {self.images_failed} failed"
        return text


def _settings(site: Path, **flags) -> Settings:
    """The run's settings (flags over `_config.yml` over defaults), or exit with one line."""
    from wx2md.settings import from_site

    try:
        return from_site(site).merged(**flags)
    except BadSettings as exc:
        _fail(exc.label, exc.message)
        sys.exit(exc.exit_code)
    except Wx2mdError as exc:
        _fail(str(site), exc.message)
        sys.exit(exc.exit_code)


def _announce_new_site(site: Path) -> None:
    """A `--site` that does not exist is created, but a typo should not go unnoticed."""
    if not site.exists():
        _warn(f"--site {site} does not exist yet; it will be created")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="wx2md")
def main() -> None:
    """Turn WeChat Official Account articles into Markdown posts for Jekyll."""


@main.command()
@click.argument("sources", nargs=-1, required=True, metavar="URL|FILE...")
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="Jekyll site root; posts go to SITE/_posts/.")
@click.option("--no-download", "no_download", is_flag=True, help="Keep (cleaned) remote image URLs.")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the post instead of writing it.")
@click.option("--force", is_flag=True, help="Update the post of an article converted before.")
@click.option("--layout", default=None, help="Front matter layout. [default: post]")
@click.option("--cover-key", default=None, help="Front matter key for the cover image. [default: image]")
@click.option("--category", "categories", multiple=True, help="A category for the post (repeatable).")
@click.option("--timezone", default=None, help="Time zone of dates and file names. [default: Asia/Shanghai]")
@click.option("--image-dir", default=None, help="Image folder below the site. [default: assets/img/posts]")
@click.option("--default-date", default=None, metavar="DATE",
              help="Date for pages that show none (YYYY-MM-DD or 'YYYY-MM-DD HH:MM'); without it they are refused.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Parallel image downloads. [default: 8]")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=None, metavar="SECONDS",
              help="Time limit for each page and each image, retries included. [default: 30]")
@click.option("-q", "--quiet", is_flag=True, help="Print errors and warnings only.")
def convert(sources: tuple[str, ...], site: Path, no_download: bool, to_stdout: bool, force: bool,
            layout: str | None, cover_key: str | None, categories: tuple[str, ...], timezone: str | None,
            image_dir: str | None, default_date: str | None, jobs: int | None, timeout: float | None,
            quiet: bool) -> None:
    """Convert WeChat articles (URLs or saved pages) into Jekyll posts.

    \b
    Examples:
      wx2md convert https://mp.weixin.qq.com/s/XXXX
      wx2md convert saved-page.html other.html --site ~/blog
      wx2md convert URL --no-download
      wx2md convert URL --stdout
    """
    # images.py refuses oversized images itself; Pillow's own warning would only add noise.
    warnings.filterwarnings("ignore", message=r"Image size \(\d+ pixels\) exceeds limit")
    settings = _settings(
        site, layout=layout, cover_key=cover_key, timezone=timezone, image_dir=image_dir, jobs=jobs,
        timeout=timeout, default_date=default_date, categories=tuple(categories) or None,
        download=False if (no_download or to_stdout) else None,
    )
    if not to_stdout:
        _announce_new_site(site)
    run = _Converter(site, settings, force=force, to_stdout=to_stdout, quiet=quiet)
    sys.exit(run.all(sources))


class _Converter:
    """One `convert` run: shared HTTP session, post index and the batch's tally."""

    def __init__(self, site: Path, settings: Settings, *, force: bool, to_stdout: bool, quiet: bool) -> None:
        from wx2md.site import PostIndex

        self.site = site
        self.settings = settings
        self.force = force
        self.to_stdout = to_stdout
        self.quiet = quiet
        self.index = PostIndex(site)
        self.tally = Tally()
        self._session = None
        self._printed = 0  # posts written to stdout so far

    def session(self):
        if self._session is None:
            from wx2md.http import make_session

            self._session = make_session(pool_size=max(10, self.settings.jobs), page_deadline=self.settings.timeout,
                                         image_deadline=self.settings.timeout)
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
                    _warn(f"stopped: {skipped} source(s) not tried")
                break
            except Wx2mdError as exc:
                tally.error(source, exc)
            except KeyboardInterrupt:
                _fail(source, "interrupted")
                return int(ExitCode.INTERRUPTED)
            except Exception as exc:  # a bug: one line, the batch goes on
                if os.environ.get("WX2MD_DEBUG"):
                    raise
                tally.bug(source, exc)
            finally:
                self._host_notices()
        if len(sources) > 1 and not self.quiet:
            _note(tally.summary())
        return tally.exit_code

    def one(self, source: str, *, several: bool = False) -> tuple[int, int]:
        """Convert one source; returns (images handled, images failed)."""
        from wx2md.core import convert_html
        from wx2md.post import render
        from wx2md.site import atomic_write, choose_path
        from wx2md.source import read_source

        page = read_source(source, self.session)
        post = convert_html(page.html, page.url, self.settings)
        if post.date_source == "default":
            _warn(f"{source}: the page shows no publish date; dated {self.settings.default_date} (--default-date)")
        local = sum(1 for url in post.images if url.startswith("file:"))
        if local and not self.settings.download:
            _warn(f"{source}: {local} image{'' if local == 1 else 's'} from the saved page's folder "
                  "linked as file: URLs (--no-download copies nothing)")
        if self.to_stdout:
            if several:
                click.echo(("\n" if self._printed else "") + f"==> {source} <==")
            click.echo(render(post), nl=False)
            self._printed += 1
            return 0, 0
        post, path = choose_path(self.site, post, self.index, force=self.force)
        summary, images, failed = "", 0, 0
        if self.settings.download:
            if page.folder is not None:
                self.session().allow_local(page.folder)  # its `NAME_files/` images
            post, summary, images, failed = self._images(post)
        try:
            written = atomic_write(self.site, path, render(post).encode("utf-8"))
        except OSError as exc:
            raise UnsafePath(f"cannot write {path}: {exc.strerror or exc}") from exc
        self.index.remember(post.source, written)
        if not self.quiet:
            shown = os.path.relpath(path, Path.cwd()) if not path.is_absolute() else str(path)
            click.echo(f"{shown}" + (f"  ({summary})" if summary else ""))
        return images, failed

    def _images(self, post):
        from wx2md.images import localize_images

        progress = _progress_bar(len(post.images) + 1, self.quiet)
        try:
            post, report = localize_images(post, self.site, self.settings, self.session(), progress=progress.update)
        finally:
            progress.close()
        _image_warnings(report.failed)
        return post, report.summary, report.total, len(report.failed)

    def _host_notices(self) -> None:
        """What the run learnt about hosts (given up, throttled), each said once."""
        hosts = getattr(self._session, "hosts", None)
        for notice in hosts.notices() if hosts else []:
            _warn(notice)


def _image_warnings(failed: list[tuple[str, str]]) -> None:
    """One warning per failed image, but one line for all those skipped for an unreachable host."""
    skipped: dict[str, int] = {}
    for url, reason in failed:
        if reason.startswith("skipped: "):
            skipped[reason] = skipped.get(reason, 0) + 1
        else:
            _warn(f"image not downloaded, kept remote: {url} ({reason})")
    for reason, count in skipped.items():
        _warn(f"{count} image{'' if count == 1 else 's'} not downloaded, kept remote ({reason})")


class _NoBar:
    def update(self, *_: object) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, quiet: bool):
    """A tqdm bar on a terminal; nothing in pipes, hooks and CI."""
    if quiet or not sys.stderr.isatty() or total <= 2:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="img", leave=False, file=sys.stderr)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Report what would change; write nothing.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the changes; write nothing.")
@click.option("--rename", is_flag=True, help="Rename posts Jekyll would skip or garble (git mv in a repository).")
@click.option("--download-images", is_flag=True, help="Copy remote WeChat images into the site, as convert does.")
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Jekyll site root (settings, images). [default: the folder holding _posts, else .]")
def normalize(files: tuple[Path, ...], check: bool, show_diff: bool, rename: bool, download_images: bool,
              site: Path | None) -> None:
    """Repair posts already in a blog (the wx2md-normalize pre-commit hook).

    FILES are posts (.md, .markdown, .html) or folders holding them. Exit code
    0 when nothing changed, 1 when files were (or, with --check or --diff, would
    be) changed or have names Jekyll would skip, 2 on errors.

    \b
    Examples:
      wx2md normalize _posts/*.md
      wx2md normalize --check --diff _posts/2020-11-26-post.md
      wx2md normalize --rename --download-images _posts/*.md
    """
    from wx2md.normalize.files import Options, expand, run, site_of
    from wx2md.settings import from_site

    root = site or site_of(files[0])
    try:
        settings = from_site(root)
        settings.tz  # noqa: B018 - validate the zone before any work
    except Wx2mdError as exc:
        _fail(getattr(exc, "label", "") or str(root), exc.message)
        sys.exit(2)  # pre-commit's "error", whatever the failure
    options = Options(check=check, diff=show_diff, rename=rename, download_images=download_images, site=root)
    outcomes, code = run(expand(files), settings, options)
    for outcome in outcomes:
        if outcome.diff:
            click.echo(outcome.diff, nl=False)
        for line in outcome.lines:
            click.echo(line)
        for line in outcome.warnings:
            _warn(line)
        if outcome.error:
            _fail(str(outcome.path), outcome.error)
    sys.exit(code)


@main.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="Jekyll site root; posts go to SITE/_posts/.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes. [default: cores]")
@click.option("--resume", is_flag=True, help="Skip items finished in an earlier run.")
@click.option("--dry-run", is_flag=True, help="Report what would happen; write and fetch nothing.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the per-item report here (.json, else a Markdown table).")
@click.option("--no-download", "no_download", is_flag=True, help="Keep remote image URLs (archive images are still copied).")
@click.option("--default-date", default=None, metavar="DATE", help="Date for articles with none (YYYY-MM-DD).")
@click.option("--delay", type=click.FloatRange(0, 600), default=None,
              help="URL lists: seconds each fetch worker waits between pages. [default: 2]")
@click.option("--jitter", type=click.FloatRange(0, 1), default=None,
              help="URL lists: vary each delay by up to this fraction. [default: 0.5]")
@click.option("--fetch-jobs", type=click.IntRange(1, 8), default=None,
              help="URL lists: pages fetched at once. [default: 1]")
@click.option("--timezone", default=None, help="Time zone of dates and file names. [default: Asia/Shanghai]")
@click.option("-q", "--quiet", is_flag=True, help="Print the summary and errors only.")
def migrate(sources: tuple[str, ...], site: Path, jobs: int | None, resume: bool, dry_run: bool,
            report_path: Path | None, no_download: bool, default_date: str | None, delay: float | None,
            jitter: float | None, fetch_jobs: int | None, timezone: str | None, quiet: bool) -> None:
    """Migrate a whole archive (saved pages, exporter folders, lists, dumps, Markdown, URL lists).

    \b
    Examples:
      wx2md migrate ~/wechat-export --site ~/blog --report migrate.md
      wx2md migrate dump.tsv urls.txt --site ~/blog --default-date 2018-01-01
      wx2md migrate ~/wechat-export --site ~/blog --resume
    """
    from wx2md.migrate.command import run_migrate

    sys.exit(run_migrate(list(sources), site, jobs=jobs, resume=resume, dry_run=dry_run, report_path=report_path,
                         no_download=no_download, default_date=default_date, timezone=timezone, quiet=quiet,
                         politeness={"delay": delay, "jitter": jitter, "jobs": fetch_jobs}))
