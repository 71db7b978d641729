"""The command line: thin commands over the pipeline stages.

Heavy imports (bs4, lxml, requests, Pillow) happen inside the commands, so
`wx2md --version` and `--help` start instantly, as a git hook must.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wx2md import __version__
from wx2md.errors import ExitCode, UnsafePath, VerificationWall, Wx2mdError

if TYPE_CHECKING:  # the real import waits for the command: start-up stays fast
    from wx2md.settings import Settings


def _fail(label: str, message: str) -> None:
    click.echo(f"wx2md: error: {label}: {message}", err=True)


def _warn(message: str) -> None:
    click.echo(f"wx2md: warning: {message}", err=True)


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
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Parallel image downloads. [default: 8]")
@click.option("-q", "--quiet", is_flag=True, help="Print errors and warnings only.")
def convert(sources: tuple[str, ...], site: Path, no_download: bool, to_stdout: bool, force: bool,
            layout: str | None, cover_key: str | None, categories: tuple[str, ...], timezone: str | None,
            image_dir: str | None, jobs: int | None, quiet: bool) -> None:
    """Convert WeChat articles (URLs or saved pages) into Jekyll posts.

    \b
    Examples:
      wx2md convert https://mp.weixin.qq.com/s/XXXX
      wx2md convert saved-page.html other.html --site ~/blog
      wx2md convert URL --no-download
      wx2md convert URL --stdout
    """
    from wx2md.settings import from_site

    # images.py refuses oversized images itself; Pillow's own warning would only add noise.
    warnings.filterwarnings("ignore", message=r"Image size \(\d+ pixels\) exceeds limit")
    try:
        settings = from_site(site).merged(
            layout=layout, cover_key=cover_key, timezone=timezone, image_dir=image_dir, jobs=jobs,
            categories=tuple(categories) or None,
            download=False if (no_download or to_stdout) else None,
        )
        settings.tz  # noqa: B018 - validate the zone before any work
    except Wx2mdError as exc:
        _fail(str(site), exc.message)
        sys.exit(exc.exit_code)
    run = _Converter(site, settings, force=force, to_stdout=to_stdout, quiet=quiet)
    sys.exit(run.all(sources))


class _Converter:
    """One `convert` run: shared HTTP session, post index and the exit code so far."""

    def __init__(self, site: Path, settings: Settings, *, force: bool, to_stdout: bool, quiet: bool) -> None:
        from wx2md.site import PostIndex

        self.site = site
        self.settings = settings
        self.force = force
        self.to_stdout = to_stdout
        self.quiet = quiet
        self.index = PostIndex(site)
        self._session = None

    def session(self):
        if self._session is None:
            from wx2md.http import make_session

            self._session = make_session(pool_size=max(10, self.settings.jobs))
        return self._session

    def all(self, sources: tuple[str, ...]) -> int:
        """Convert each source; one failure is reported and the rest go on.

        Exit code: the first hard failure's, else PARTIAL when images failed, else 0.
        The verification wall stops the batch: every further request would hit it too.
        """
        first_failure: ExitCode | None = None
        partial = False
        for i, source in enumerate(sources):
            try:
                partial |= self.one(source)
            except VerificationWall as exc:
                _fail(source, exc.message)
                skipped = len(sources) - i - 1
                if skipped:
                    _warn(f"stopped: {skipped} source(s) not tried")
                return int(exc.exit_code)
            except Wx2mdError as exc:
                _fail(source, exc.message)
                first_failure = first_failure or exc.exit_code
            except KeyboardInterrupt:
                _fail(source, "interrupted")
                return 130
            except Exception as exc:  # a bug: one line, the batch goes on
                if os.environ.get("WX2MD_DEBUG"):
                    raise
                _fail(source, f"internal error: {exc.__class__.__name__}: {exc} (set WX2MD_DEBUG=1 for a traceback)")
                first_failure = first_failure or ExitCode.FAILED
        if first_failure is not None:
            return int(first_failure)
        return int(ExitCode.PARTIAL) if partial else 0

    def one(self, source: str) -> bool:
        """Convert one source; True when some of its images failed."""
        from wx2md.core import convert_html
        from wx2md.post import render
        from wx2md.site import atomic_write, choose_path
        from wx2md.source import read_source

        page = read_source(source, self.session)
        post = convert_html(page.html, page.url, self.settings)
        if self.to_stdout:
            click.echo(render(post), nl=False)
            return False
        post, path = choose_path(self.site, post, self.index, force=self.force)
        summary, partial = "", False
        if self.settings.download:
            post, summary, partial = self._images(post)
        try:
            written = atomic_write(self.site, path, render(post).encode("utf-8"))
        except OSError as exc:
            raise UnsafePath(f"cannot write {path}: {exc.strerror or exc}") from exc
        self.index.remember(post.source, written)
        if not self.quiet:
            shown = os.path.relpath(path, Path.cwd()) if not path.is_absolute() else str(path)
            click.echo(f"{shown}" + (f"  ({summary})" if summary else ""))
        return partial

    def _images(self, post):
        from wx2md.images import localize_images

        progress = _progress_bar(len(post.images) + 1, self.quiet)
        try:
            post, report = localize_images(post, self.site, self.settings, self.session(), progress=progress.update)
        finally:
            progress.close()
        for url, reason in report.failed:
            _warn(f"image not downloaded, kept remote: {url} ({reason})")
        return post, report.summary, bool(report.failed)


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
        _fail(str(root), exc.message)
        sys.exit(2)
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
@click.option("--delay", type=click.FloatRange(0, 600), default=None, help="Seconds between page fetches. [default: 2]")
@click.option("--timezone", default=None, help="Time zone of dates and file names. [default: Asia/Shanghai]")
@click.option("-q", "--quiet", is_flag=True, help="Print the summary and errors only.")
def migrate(sources: tuple[str, ...], site: Path, jobs: int | None, resume: bool, dry_run: bool,
            report_path: Path | None, no_download: bool, default_date: str | None, delay: float | None,
            timezone: str | None, quiet: bool) -> None:
    """Migrate a whole archive (saved pages, exporter folders, lists, dumps, Markdown, URL lists).

    \b
    Examples:
      wx2md migrate ~/wechat-export --site ~/blog --report migrate.md
      wx2md migrate dump.tsv urls.txt --site ~/blog --default-date 2018-01-01
      wx2md migrate ~/wechat-export --site ~/blog --resume
    """
    from wx2md.migrate.command import run_migrate

    sys.exit(run_migrate(list(sources), site, jobs=jobs, resume=resume, dry_run=dry_run, report_path=report_path,
                         no_download=no_download, default_date=default_date, delay=delay, timezone=timezone,
                         quiet=quiet))
