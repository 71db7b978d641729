"""The report lists items in the order they were found, whatever order the workers finished in."""

from __future__ import annotations

from pathlib import Path

from test_migrate_helpers import archive, report, run

from wx2md.migrate.report import summary_line


def test_report_rows_follow_the_walk_with_failures_among_them(tmp_path: Path):
    arch = tmp_path / "arch"
    arch.mkdir()
    lines = ["title\tbody\tdate"]
    for n in range(20):
        a = archive.article(n)
        lines.append(f"{a.title}\t{a.text}\t{'' if n % 3 == 0 else f'{a.when:%Y-%m-%d}'}")  # every third: no date
    (arch / "dump.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(str(arch), "--site", str(tmp_path / "site"), "-j", "2", "--no-download",
                 "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 10, result.output
    rows = report(tmp_path / "r.json")
    assert [r["source"].rsplit(":", 1)[1] for r in rows] == [str(n) for n in range(2, 22)]
    assert [r["status"] for r in rows] == ["failed" if n % 3 == 0 else "written" for n in range(20)]


def test_summary_says_when_images_were_not_saved():
    line = summary_line({"written": 3}, flagged=1, images_kept=2)
    assert line == "migrate: 3 items: 3 written (1 date not from the source, 2 posts with unsaved images: see the report)"
    assert summary_line({"written": 1}) == "migrate: 1 item: 1 written"


def test_resume_keeps_list_records_joined_to_their_finished_bodies(tmp_path: Path):
    """Bodies skipped by --resume still claim their list records: no post rewritten from the list's text."""
    arts = [archive.article(n) for n in range(3)]
    archive.exporter_archive(tmp_path / "arch" / "exp", arts)
    archive.csv_list(tmp_path / "arch" / "csv", [archive.article(n) for n in range(3, 5)])
    site = tmp_path / "site"
    first = run(str(tmp_path / "arch"), "--site", str(site), "-j", "2", "--no-download")
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in (site / "_posts").iterdir()}
    again = run(str(tmp_path / "arch"), "--site", str(site), "-j", "2", "--no-download", "--resume",
                "--report", str(tmp_path / "r.json"))
    assert again.exit_code == 0, again.output
    rows = report(tmp_path / "r.json")
    assert len(rows) == 5 and {r["status"] for r in rows} == {"skipped"}
    assert {p.name: p.read_bytes() for p in (site / "_posts").iterdir()} == before
