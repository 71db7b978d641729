"""normalize follows the site's engine: Jekyll's date rule, its guards, where images land."""

from __future__ import annotations

from datetime import datetime, timezone

from wx2md.normalize import normalize_text
from wx2md.post import format_date
from wx2md.settings import Settings

NO_ZONE = Settings(zone_in_dates=False)  # a Jekyll site whose _config.yml sets no `timezone:`


def _date_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("date:"))


def test_a_jekyll_site_without_timezone_gets_dates_without_an_offset_as_convert_writes_them():
    when = datetime(2020, 1, 2, 2, 0, tzinfo=timezone.utc)
    out = normalize_text("---\ntitle: A\n---\nhi\n", name="a.md", settings=NO_ZONE, first_commit=when)
    assert _date_line(out) == f"date: '{format_date(when.astimezone(NO_ZONE.tz), NO_ZONE)}'"
    assert "+0800" not in out
    # a wall time in another form is rewritten as a wall time: the URL's date does not move
    out = normalize_text("---\ntitle: D\ndate: 2020/1/5 02:00\n---\nhi\n", name="2020-01-05-d.md", settings=NO_ZONE)
    assert _date_line(out) == "date: '2020-01-05 02:00:00'"


def test_a_hook_run_never_flips_a_date_convert_or_the_author_wrote():
    for date in ("'2020-01-06 02:00:00'", "2020-01-06 02:00:00", "2020-01-06 02:00:00 +0800"):
        text = f"---\nlayout: post\ntitle: E\ndate: {date}\n---\n\nhi\n"
        assert normalize_text(text, name="2020-01-06-e.md", settings=NO_ZONE) == text
    # with a zone set, convert's offset form stays as it is too
    text = "---\nlayout: post\ntitle: E\ndate: 2020-01-06 02:00:00 +0800\n---\n\nhi\n"
    assert normalize_text(text, name="2020-01-06-e.md", settings=Settings()) == text


def test_a_site_with_a_timezone_still_gets_the_offset():
    out = normalize_text("---\ntitle: D\ndate: 2020/1/5 02:00\n---\nhi\n", name="2020-01-05-d.md", settings=Settings())
    assert _date_line(out) == "date: 2020-01-05 02:00:00 +0800"
