"""`wx2md migrate` behind its click options: settings, the run, the report and the summary line."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import click

from wx2md.console import fail, note
from wx2md.errors import ExitCode, Wx2mdError
from wx2md.migrate.fetch import Politeness
from wx2md.migrate.report import write_report
from wx2md.migrate.runner import Options, migrate


def default_report(site: Path) -> Path:
    """`SITE/.wx2md/report-<time>.md`: every run leaves a report the summary line can name."""
    from datetime import datetime

    return site / ".wx2md" / f"report-{datetime.now():%Y%m%d-%H%M%S}.md"


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or " ".join(str(exc).split()) or exc.__class__.__name__


def run_migrate(sources: list[str], site: Path, *, jobs: int | None, resume: bool, dry_run: bool,
                report_path: Path | None, no_download: bool, default_date: str | None,
                timezone: str | None, quiet: bool, politeness: dict[str, float | None] | None = None,
                engine: str | None = None, fetch_missing: bool = False) -> int:
    """The exit code: 0, the first failure's code, 6/4 when the batch stopped, 8 when only images failed.

    `politeness`: the URL-list settings given on the command line (None: the default).
    """
    from wx2md.settings import from_site

    try:
        settings = from_site(site, engine=engine).merged(timezone=timezone, default_date=default_date)
        settings.tz  # noqa: B018 - validate the zone before any work
        # The default date is migrate's last resort, after the list's and the text's dates: the
        # workers get none, or the converter would use it before either.
        when = settings.default_when
        settings = replace(settings, default_date=None)
        if not dry_run:
            site.mkdir(parents=True, exist_ok=True)
    except Wx2mdError as exc:
        fail(str(getattr(exc, "label", site)), exc.message)
        return int(exc.exit_code)
    except OSError as exc:
        fail(str(site), f"cannot create the site: {exc.strerror or exc}")
        return int(ExitCode.UNSAFE)
    given = {k: v for k, v in (politeness or {}).items() if v is not None}
    options = Options(jobs=jobs or os.cpu_count() or 1, resume=resume, dry_run=dry_run, download=not no_download,
                      default_date=when, politeness=replace(Politeness(), **given), progress=not quiet,
                      notify=note, fetch_missing=fetch_missing)
    if report_path is None and not dry_run:
        report_path = default_report(site)
    report = (lambda rows: write_report(report_path, rows)) if report_path else None
    try:
        summary = migrate(sources, site, settings, options, report=report)
    except KeyboardInterrupt:
        written = report_path is not None and report_path.exists()
        note("interrupted: finished items are kept" + (f" (report: {report_path})" if written else "")
             + "; re-run with --resume")
        return int(ExitCode.INTERRUPTED)
    except (OSError, sqlite3.Error) as exc:  # a read-only or full site: its manifest, posts and report
        fail(str(site), f"cannot write the site: {_why(exc)}")
        return int(ExitCode.UNSAFE)
    except Exception as exc:
        if os.environ.get("WX2MD_DEBUG"):
            raise
        fail("", f"internal error: {exc.__class__.__name__}: {exc} (set WX2MD_DEBUG=1 for a traceback)")
        return int(ExitCode.FAILED)
    if summary.stopped:
        fail("", summary.stopped)
    click.echo(summary.line + (f" -> {report_path}" if report_path else ""))
    return summary.exit_code
