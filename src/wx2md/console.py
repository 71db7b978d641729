"""What a command says: one-line errors, warnings and notes on stderr, a batch's tally, a progress bar.

Every command reports the same way: `fail` (one error line per item), `warn`,
`note`, and a `Tally` whose `summary()` ends a batch and whose `exit_code` is
the first failure's. Only click is imported here, so `wx2md --version` stays fast.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import click

from wx2md.errors import ExitCode, Wx2mdError


def fail(label: str, message: str) -> None:
    """The one way a failure is shown: `wx2md: error: LABEL: message`, one line, on stderr."""
    label = _short(label)
    click.echo(_one_line(f"wx2md: error: {label}: {message}" if label else f"wx2md: error: {message}"), err=True)


def _short(label: str, limit: int = 160) -> str:
    """A label fit for one line: the start and the end of a very long source name."""
    return label if len(label) <= limit else f"{label[: limit // 2 - 1]}…{label[-(limit // 2):]}"


def warn(message: str) -> None:
    click.echo(_one_line(f"wx2md: warning: {message}"), err=True)


def note(message: str) -> None:
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
        fail(label, exc.message)
        if exc.exit_code in REFUSED:
            self.refused += 1
        else:
            self.failed += 1
        self.first_failure = self.first_failure or exc.exit_code

    def bug(self, label: str, exc: Exception) -> None:
        fail(label, f"internal error: {exc.__class__.__name__}: {exc} (set WX2MD_DEBUG=1 for a traceback)")
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


class NoBar:
    """What a bar offers, doing nothing (pipes, hooks, CI, --quiet)."""

    def update(self, *_: object) -> None:
        pass

    def clear(self) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int | None, quiet: bool, unit: str = "img", desc: str | None = None):
    """A tqdm bar on a terminal; nothing in pipes, hooks and CI. `total=None`: a stream of unknown length."""
    if quiet or not sys.stderr.isatty() or (total is not None and total <= 2):
        return NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, leave=False, file=sys.stderr, desc=desc)
