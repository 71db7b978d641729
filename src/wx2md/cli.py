"""The command line: flags parsed into settings, then one call into each command's module.

`convert` runs in convert.py, `normalize` in normalize/files.py, `migrate` in
migrate/command.py; they report through console.py. Heavy imports (bs4, lxml,
requests, Pillow) happen inside the commands, so `wx2md --version` and `--help`
start instantly, as a git hook must. `_settings` turns flags over `_config.yml`
into Settings, or exits with one line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wx2md import __version__
from wx2md.console import fail as _fail
from wx2md.console import warn as _warn
from wx2md.errors import BadSettings, ExitCode, Wx2mdError

if TYPE_CHECKING:  # the real import waits for the command: start-up stays fast
    from wx2md.settings import Settings


def _settings(site: Path, engine: str | None = None, **flags) -> Settings:
    """The run's settings (flags over the site's settings over the engine's defaults), or exit with one line."""
    from wx2md.settings import from_site

    try:
        return from_site(site, engine=engine).merged(**flags)
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


class _Group(click.Group):
    """Ctrl-C anywhere (reading settings, walking folders) is exit 130 in one line, not click's
    `Aborted!` with exit 1; the commands that can say more (what was kept) catch it first."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _fail("", "interrupted")
            ctx.exit(int(ExitCode.INTERRUPTED))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="wx2md")
def main() -> None:
    """Turn WeChat Official Account articles into Markdown posts for Jekyll, Hexo or Hugo."""


@main.command()
@click.argument("sources", nargs=-1, required=True, metavar="URL|FILE...")
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="Site root; posts go where its engine keeps them (Jekyll: SITE/_posts/).")
@click.option("--engine", type=click.Choice(["jekyll", "hexo", "hugo"], case_sensitive=False), default=None,
              help="The site's engine. [default: detected from the site; jekyll for a new one]")
@click.option("--no-download", "no_download", is_flag=True, help="Keep (cleaned) remote image URLs.")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the post instead of writing it.")
@click.option("--force", is_flag=True, help="Update the post of an article converted before.")
@click.option("--layout", default=None, help="Front matter layout. [default: post]")
@click.option("--cover-key", default=None,
              help="Front matter key for the cover image. [default: Jekyll image, Hexo cover, Hugo images]")
@click.option("--category", "categories", multiple=True, help="A category for the post (repeatable).")
@click.option("--timezone", default=None, help="Time zone of dates and file names. [default: Asia/Shanghai]")
@click.option("--image-dir", default=None,
              help="Image folder below the site. [default: Jekyll assets/img/posts, Hexo images; Hugo: the bundle]")
@click.option("--default-date", default=None, metavar="DATE",
              help="Date for pages that show none (YYYY-MM-DD or 'YYYY-MM-DD HH:MM'); without it they are refused.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Parallel image downloads. [default: 8]")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=None, metavar="SECONDS",
              help="Time limit for each page and each image, retries included. [default: 30]")
@click.option("-q", "--quiet", is_flag=True, help="Print errors and warnings only.")
def convert(sources: tuple[str, ...], site: Path, engine: str | None, no_download: bool, to_stdout: bool, force: bool,
            layout: str | None, cover_key: str | None, categories: tuple[str, ...], timezone: str | None,
            image_dir: str | None, default_date: str | None, jobs: int | None, timeout: float | None,
            quiet: bool) -> None:
    """Convert WeChat articles (URLs or saved pages) into posts for the site's engine.

    \b
    Examples:
      wx2md convert https://mp.weixin.qq.com/s/XXXX
      wx2md convert saved-page.html other.html --site ~/blog
      wx2md convert URL --no-download
      wx2md convert URL --stdout
      wx2md convert URL --site ~/hugo-site          (Hexo and Hugo sites are detected)
    """
    settings = _settings(
        site, engine, layout=layout, cover_key=cover_key, timezone=timezone, image_dir=image_dir, jobs=jobs,
        timeout=timeout, default_date=default_date, categories=tuple(categories) or None,
        download=False if (no_download or to_stdout) else None,
    )
    if not to_stdout:
        _announce_new_site(site)
    from wx2md.convert import run_convert

    sys.exit(run_convert(sources, site, settings, force=force, to_stdout=to_stdout, quiet=quiet))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Report what would change; write nothing.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the changes; write nothing.")
@click.option("--rename", is_flag=True, help="Rename posts Jekyll would skip or garble (git mv in a repository).")
@click.option("--download-images", is_flag=True, help="Copy remote WeChat images into the site, as convert does.")
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Site root (settings, images, engine). [default: the site the first file is in]")
@click.option("--engine", type=click.Choice(["jekyll", "hexo", "hugo", "eleventy", "unknown"]), default=None,
              help="The site's engine; only on Jekyll are front matter and names changed. [default: read from the site]")
def normalize(files: tuple[Path, ...], check: bool, show_diff: bool, rename: bool, download_images: bool,
              site: Path | None, engine: str | None) -> None:
    """Repair posts already in a blog (the wx2md-normalize pre-commit hook).

    FILES are posts (.md, .markdown, .html) or folders holding them. Exit code
    0 when nothing changed, 1 when files were (or, with --check or --diff, would
    be) changed, 2 on errors. Names Jekyll would skip are a warning.

    \b
    Examples:
      wx2md normalize _posts/*.md
      wx2md normalize --check --diff _posts/2020-11-26-post.md
      wx2md normalize --rename --download-images _posts/*.md
    """
    from wx2md.engines import by_name, detect, site_root
    from wx2md.normalize.files import Options, closing_notes, expand, run
    from wx2md.settings import from_site

    root = site or site_root(files[0])
    chosen = by_name(engine) if engine else detect(root)
    try:
        settings = from_site(root)
        settings.tz  # noqa: B018 - validate the zone before any work
    except Wx2mdError as exc:
        _fail(getattr(exc, "label", "") or str(root), exc.message)
        sys.exit(2)  # pre-commit's "error", whatever the failure
    options = Options(check=check, diff=show_diff, rename=rename, download_images=download_images, site=root,
                      engine=chosen)

    def show(outcome) -> None:
        if outcome.diff:
            click.echo(outcome.diff, nl=False)
        for line in outcome.lines:
            click.echo(line)
        for line in outcome.warnings:
            _warn(line)
        if outcome.error:
            _fail(str(outcome.path), outcome.error)

    try:
        outcomes, code = run(expand(files), settings, options, show=show)
    except KeyboardInterrupt:
        _fail("", "interrupted (the files listed above were written whole; the others are untouched)")
        sys.exit(int(ExitCode.INTERRUPTED))
    for note in closing_notes(outcomes, options):
        _warn(note)
    sys.exit(code)


@main.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="Site root; posts go where its engine keeps them (Jekyll: SITE/_posts/).")
@click.option("--engine", type=click.Choice(["jekyll", "hexo", "hugo"], case_sensitive=False), default=None,
              help="The site's engine. [default: detected from the site; jekyll for a new one]")
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
@click.option("--fetch-missing", is_flag=True, help="Fetch listed articles whose body is not in the archive.")
@click.option("--timezone", default=None, help="Time zone of dates and file names. [default: Asia/Shanghai]")
@click.option("-q", "--quiet", is_flag=True, help="Print the summary and errors only.")
def migrate(sources: tuple[str, ...], site: Path, engine: str | None, jobs: int | None, resume: bool, dry_run: bool,
            report_path: Path | None, no_download: bool, default_date: str | None, delay: float | None,
            jitter: float | None, fetch_jobs: int | None, fetch_missing: bool, timezone: str | None,
            quiet: bool) -> None:
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
                         fetch_missing=fetch_missing,
                         politeness={"delay": delay, "jitter": jitter, "jobs": fetch_jobs}, engine=engine))
