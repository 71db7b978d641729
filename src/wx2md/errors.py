"""Every way a conversion can fail, each with its own exit code.

A script driving wx2md (a git hook, a cron job, `migrate`) must be able to tell
"the article is gone" from "the network is down" from "you passed a bad path"
without parsing messages, so each failure class owns one exit code. The CLI turns
these into one-line messages; nothing here prints.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # an unexpected internal error (a bug: please report it)
    USAGE = 2  # bad command line (click's own code)
    BAD_INPUT = 3  # unreadable file, not a WeChat page, unsupported URL
    NETWORK = 4  # the article could not be fetched (DNS, timeout, HTTP error)
    UNAVAILABLE = 5  # WeChat says the article is deleted, blocked, expired or unavailable
    VERIFICATION = 6  # WeChat shows its verification wall (环境异常): stop and retry later
    EXISTS = 7  # a post for this article exists already (use --force to update it)
    PARTIAL = 8  # the post was written, but some images could not be downloaded
    UNSAFE = 9  # a write would have left the site directory, or the site cannot be written
    NO_DATE = 10  # the page says nothing of when it was published (use --default-date)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


class Wx2mdError(Exception):
    """Base class: a failure the user should see as one clear line."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(Wx2mdError):
    exit_code = ExitCode.BAD_INPUT


class BadSettings(BadInput):
    """A bad flag or `_config.yml` value; `label` says where it came from (`--jobs`, the file)."""

    def __init__(self, label: str, message: str) -> None:
        super().__init__(message)
        self.label = label


class NoPublishDate(Wx2mdError):
    """The page has no publish date and no --default-date was given: we never invent one."""

    exit_code = ExitCode.NO_DATE


class FetchError(Wx2mdError):
    exit_code = ExitCode.NETWORK


class PageUnavailable(Wx2mdError):
    """WeChat served one of its error pages instead of the article."""

    exit_code = ExitCode.UNAVAILABLE

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason  # deleted | blocked | expired | unavailable


class VerificationWall(Wx2mdError):
    """WeChat wants a captcha: every further request will fail too, so batches stop."""

    exit_code = ExitCode.VERIFICATION


class PostExists(Wx2mdError):
    exit_code = ExitCode.EXISTS


class UnsafePath(Wx2mdError):
    exit_code = ExitCode.UNSAFE


class ImageError(Wx2mdError):
    """One image could not be downloaded or is not an image; the post survives it."""

    exit_code = ExitCode.PARTIAL


class MissingDate(BadInput):
    """A post with no date anywhere (front matter, file name, git history): it cannot be placed."""
