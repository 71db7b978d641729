"""Settings: `_config.yml` values pass the same rules as their flags, and bad ones are one line."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import SAMPLE, invoke

from wx2md.errors import BadSettings, ExitCode
from wx2md.settings import Settings, from_site


def config(site: Path, text: str) -> Path:
    path = site / "_config.yml"
    path.write_text(text, encoding="utf-8")
    return path


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("wx2md: error:")]


@pytest.mark.parametrize(
    "section, message",
    [
        ("jobs: lots", "wx2md.jobs: must be a whole number from 1 to 64 (got 'lots')"),
        ("jobs: 0", "wx2md.jobs: must be a whole number from 1 to 64 (got 0)"),
        ("jobs: 65", "wx2md.jobs: must be a whole number from 1 to 64 (got 65)"),
        ("jobs: true", "wx2md.jobs: must be a whole number from 1 to 64 (got True)"),
        ("layout: 5", "wx2md.layout: must be a non-empty one-line text (got 5)"),
        ("layout: ''", "wx2md.layout: must be a non-empty one-line text (got '')"),
        ("cover_key: 'a b'", "wx2md.cover_key: must be a front matter key (letters, digits, - and _) (got 'a b')"),
        ("timezone: Mars/Olympus", "wx2md.timezone: unknown time zone 'Mars/Olympus'"),
        ("categories: {a: 1}", "wx2md.categories: must be a list of category names"),
        ("image_dir: ../outside", "wx2md.image_dir: must stay inside the site (no ..)"),
        ("download: maybe", "wx2md.download: must be true or false (got 'maybe')"),
        ("timeout: 0", "wx2md.timeout: must be a number of seconds from 0.1 to 600 (got 0)"),
        ("default-date: someday", "wx2md.default-date: not a date: 'someday'"),
    ],
)
def test_config_values_are_checked_like_flags(tmp_path: Path, section: str, message: str):
    path = config(tmp_path, f"wx2md:\n  {section}\n")

    result = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--no-download")

    assert result.exit_code == ExitCode.BAD_INPUT
    (line,) = errors(result.output)
    assert line.startswith(f"wx2md: error: {path}: {message}")
    assert "Traceback" not in result.output and not (tmp_path / "_posts").exists()


def test_the_same_rule_refuses_the_flag(tmp_path: Path):
    result = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--layout", " ")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert errors(result.output) == ["wx2md: error: --layout: must be a non-empty one-line text (got ' ')"]


def test_an_unknown_time_zone_names_the_flag_not_the_site(tmp_path: Path):
    result = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--timezone", "Mars/Olympus")
    assert result.exit_code == ExitCode.BAD_INPUT
    (line,) = errors(result.output)
    assert line.startswith("wx2md: error: --timezone: unknown time zone 'Mars/Olympus'")


def test_jekylls_own_timezone_is_checked_and_named(tmp_path: Path):
    path = config(tmp_path, "timezone: Mars/Olympus\n")
    with pytest.raises(BadSettings) as caught:
        from_site(tmp_path)
    assert caught.value.label == f"{path}: timezone"


def test_bad_yaml_names_the_file_once_with_line_and_column(tmp_path: Path):
    path = config(tmp_path, "title: blog\nwx2md:\n  jobs: [4\n  layout: post\n")

    result = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--no-download")

    assert result.exit_code == ExitCode.BAD_INPUT
    (line,) = errors(result.output)
    assert line.startswith(f"wx2md: error: {path}: not valid YAML at line 4, column 9")
    assert line.count(str(path)) == 1 and line.count("_config.yml") == 1


def test_good_values_are_normalised(tmp_path: Path):
    config(tmp_path, "wx2md:\n  categories: wechat\n  timeout: 5\n  default_date: 2020-01-02\n  jobs: 3\n")
    settings = from_site(tmp_path)
    assert settings.categories == ("wechat",) and settings.timeout == 5.0 and settings.jobs == 3
    assert settings.default_when == datetime(2020, 1, 2, tzinfo=timezone(timedelta(hours=8))).astimezone(settings.tz)


def test_config_that_is_not_a_mapping_is_refused(tmp_path: Path):
    config(tmp_path, "wx2md: fast\n")
    with pytest.raises(BadSettings, match="must be a mapping"):
        from_site(tmp_path)


def test_unknown_keys_and_empty_files_are_fine(tmp_path: Path):
    config(tmp_path, "")
    assert from_site(tmp_path) == Settings(zone_in_dates=False)  # no `timezone:`: dates without an offset
    config(tmp_path, "wx2md:\n  future_option: 1\n")
    assert from_site(tmp_path) == Settings(zone_in_dates=False)  # no `timezone:`: dates without an offset


def test_config_section_and_flags_precedence(tmp_path: Path):
    (tmp_path / "_config.yml").write_text(
        "timezone: UTC\nwx2md:\n  cover_key: header-img\n  categories: wechat\n  layout: article\n", encoding="utf-8")
    settings = from_site(tmp_path)
    assert settings.cover_key == "header-img" and settings.categories == ("wechat",) and settings.timezone == "UTC"
    assert settings.merged(layout="post", cover_key=None).layout == "post"
    assert settings.merged(cover_key=None).cover_key == "header-img"


def test_bad_config_is_bad_input(tmp_path: Path):
    from wx2md.errors import BadInput

    (tmp_path / "_config.yml").write_text("wx2md: [unclosed\n", encoding="utf-8")
    with pytest.raises(BadInput):
        from_site(tmp_path)
