"""console.py: one line per failure, and a batch's summary and exit code (convert's, normalize's and migrate's)."""

from __future__ import annotations

from wx2md.console import NoBar, Tally, fail, progress_bar, warn
from wx2md.errors import BadInput, ExitCode, FetchError, PageUnavailable


def test_a_clean_batch_exits_0_and_says_what_it_did():
    tally = Tally()
    tally.ok()
    tally.ok(images=3)
    assert tally.exit_code == 0
    assert tally.summary() == "2 converted, 0 refused, 0 failed; images: 3 saved, 0 failed"


def test_only_failed_images_exit_partial():
    tally = Tally()
    tally.ok(images=4, images_failed=1)
    assert tally.exit_code == ExitCode.PARTIAL
    assert tally.summary() == "1 converted, 0 refused, 0 failed; images: 3 saved, 1 failed"


def test_input_problems_are_refused_and_the_first_failure_names_the_exit_code(capsys):
    tally = Tally(verb="migrated")
    tally.error("gone.html", PageUnavailable("deleted", "article deleted by its author"))
    tally.error("https://mp.weixin.qq.com/s/x", FetchError("timed out after 30 s"))
    tally.error("bad.html", BadInput("no such file"))
    tally.ok()
    assert (tally.refused, tally.failed) == (2, 1)  # a network failure is worth a retry; input is not
    assert tally.exit_code == ExitCode.UNAVAILABLE
    assert tally.summary() == "1 migrated, 2 refused, 1 failed"
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "wx2md: error: gone.html: article deleted by its author"
    assert len(err) == 3


def test_a_bug_is_one_line_and_a_failure(capsys):
    tally = Tally()
    tally.bug("page.html", KeyError("x"))
    assert tally.failed == 1 and tally.exit_code == ExitCode.FAILED
    assert capsys.readouterr().err == (
        "wx2md: error: page.html: internal error: KeyError: 'x' (set WX2MD_DEBUG=1 for a traceback)\n")


def test_messages_are_one_line_and_long_labels_are_shortened(capsys):
    fail("x" * 400, "line one\nline two")
    warn("a\n  b")
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    assert err[0].startswith("wx2md: error: " + "x" * 79 + "…") and err[0].endswith("x: line one line two")
    assert err[1] == "wx2md: warning: a b"


def test_no_progress_bar_off_a_terminal():
    assert isinstance(progress_bar(100, quiet=False), NoBar)  # pytest's stderr is not a terminal
    assert isinstance(progress_bar(100, quiet=True), NoBar)
