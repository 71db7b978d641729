"""The network guarantees for `normalize --download-images` and `migrate`, not only `convert`.

Every download goes through http.fetch with the run's deadline (`timeout:` in
`_config.yml`) and cap; a host that cannot be reached is given up for the run and
said once; Retry-After holds the host for the run; every message is one line;
files get the umask's modes; Ctrl-C is exit 130. No network: name lookups are
faked (refused, or never answered), servers run on 127.0.0.1, no sleeps.
"""

from __future__ import annotations

import io
import os
import socket
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from wx2md.cli import main
from wx2md.errors import ExitCode
from wx2md.http import HostBook

WECHAT_IMG = "https://mmbiz.qpic.cn/mmbiz_png/{n}/640"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(out, "PNG")
    return out.getvalue()


class Resolver:
    """socket.getaddrinfo for tests: `hang` names never answer, `gone` names do not exist."""

    def __init__(self, monkeypatch, *, hang=(), gone=()) -> None:
        self.asked: list[str] = []
        self.release = threading.Event()
        self.hang, self.gone = set(hang), set(gone)
        self.real = socket.getaddrinfo
        monkeypatch.setattr(socket, "getaddrinfo", self)

    def __call__(self, host, *args, **kwargs):
        if host in self.hang or host in self.gone:
            self.asked.append(host)
            if host in self.hang:
                self.release.wait()
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.real(host, *args, **kwargs)


@pytest.fixture
def dns(monkeypatch):
    made = []

    def make(**kwargs):
        made.append(Resolver(monkeypatch, **kwargs))
        return made[-1]

    yield make
    for resolver in made:
        resolver.release.set()


def site_with(tmp_path: Path, config: str = "") -> Path:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text(config, encoding="utf-8")
    return site


def lines_are_clean(stderr: str) -> bool:
    return all(line.startswith("wx2md: ") and '"))' not in line for line in stderr.splitlines())


# ------------------------------------------------------------------ normalize --download-images


def normalize_posts(site: Path, count: int, images: int = 3) -> list[Path]:
    paths = []
    for p in range(count):
        body = "".join(f"\n![]({WECHAT_IMG.format(n=f'{p}x{n}')})\n" for n in range(images))
        path = site / "_posts" / f"2022-06-2{p}-post{p}.md"
        path.write_text(f"---\ntitle: t{p}\n---\n\n正文{p}\n{body}", encoding="utf-8")
        paths.append(path)
    return paths


def test_normalize_waits_for_a_hanging_resolver_only_its_timeout_and_gives_the_host_up_once(tmp_path, dns):
    resolver = dns(hang={"mmbiz.qpic.cn"})
    site = site_with(tmp_path, "wx2md:\n  timeout: 0.1\n  jobs: 1\n")
    paths = normalize_posts(site, 3)

    result = CliRunner().invoke(main, ["normalize", "--download-images", "--site", str(site), *map(str, paths)])

    err = result.stderr
    assert result.exit_code == 1, result.output  # posts repaired (dates filled in); images failing is a warning
    assert resolver.asked == ["mmbiz.qpic.cn"]  # one lookup for the run, not one per post or image
    assert err.count("/640 (cannot resolve mmbiz.qpic.cn (no answer in 0.1 s))") == 3  # until the breaker opens
    assert err.count("not tried again in this run") == 1
    assert err.count("(skipped: mmbiz.qpic.cn is unreachable") == 6
    assert lines_are_clean(err) and "Traceback" not in result.output
    assert all(WECHAT_IMG.format(n=f"{p}x0") in path.read_text(encoding="utf-8") for p, path in enumerate(paths))


def test_normalize_images_are_saved_with_the_umask_modes(tmp_path, httpserver_ipv4, monkeypatch):
    httpserver = httpserver_ipv4
    from wx2md.normalize import images

    monkeypatch.setattr(images, "WECHAT_HOSTS", images.WECHAT_HOSTS + ("127.0.0.1",))
    httpserver.expect_request("/mmbiz_png/a/640").respond_with_data(png(), content_type="image/png")
    site = site_with(tmp_path)
    path = site / "_posts" / "2022-06-23-a.md"
    path.write_text(f"---\ntitle: a\n---\n\n![]({httpserver.url_for('/mmbiz_png/a/640')})\n", encoding="utf-8")
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(main, ["normalize", "--download-images", "--site", str(site), str(path)])
    finally:
        os.umask(old)

    assert result.exit_code == 1, result.output
    files = [p for p in (site / "assets").rglob("*") if p.is_file()]
    assert sorted(p.name for p in files) == [".wx2md-images.json", "001.png"]
    assert {p.stat().st_mode & 0o777 for p in [*files, path]} == {0o644}


def test_normalize_retry_after_holds_the_host_across_posts(tmp_path, httpserver_ipv4, monkeypatch):
    httpserver = httpserver_ipv4
    from wx2md.normalize import images

    monkeypatch.setattr(images, "WECHAT_HOSTS", images.WECHAT_HOSTS + ("127.0.0.1",))
    site = site_with(tmp_path)
    paths = []
    for p in range(3):
        httpserver.expect_request(f"/busy{p}").respond_with_data("busy", status=503, headers={"Retry-After": "86400"})
        path = site / "_posts" / f"2022-06-2{p}-p{p}.md"
        path.write_text(f"---\ntitle: p{p}\n---\n\n![]({httpserver.url_for(f'/busy{p}')})\n", encoding="utf-8")
        paths.append(path)

    result = CliRunner().invoke(main, ["normalize", "--download-images", "--site", str(site), *map(str, paths)])

    assert len(httpserver.log) == 1  # the first post learnt it; the others did not ask again
    assert result.stderr.count("Retry-After 86400 s is longer than we wait") == 1
    assert result.stderr.count("asked to wait") == 2 and lines_are_clean(result.stderr)


def test_normalize_interrupted_exits_130_after_saying_what_it_wrote(tmp_path, monkeypatch):
    from wx2md.normalize import files

    site = site_with(tmp_path)
    paths = [site / "_posts" / f"2022-06-2{p}-p{p}.md" for p in range(3)]
    for path in paths:
        path.write_text("---\ntitle: t\n---\n\n<p style='x'>正文</p>\n", encoding="utf-8")
    real, calls = files.normalize_file, []

    def interrupted(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(path, *args, **kwargs)

    monkeypatch.setattr(files, "normalize_file", interrupted)

    result = CliRunner().invoke(main, ["normalize", "--site", str(site), *map(str, paths)])

    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stdout.count("normalized ") == 1
    assert result.stderr.startswith("wx2md: error: interrupted") and len(result.stderr.splitlines()) == 1


# ------------------------------------------------------------------ migrate


def dump(tmp_path: Path, rows: int, image: str = WECHAT_IMG, images: int = 2) -> Path:
    path = tmp_path / "dump.tsv"
    lines = ["title\tbody\tdate"]
    for r in range(rows):
        imgs = "".join(f'<img src="{image.format(n=f"{r}x{n}")}">' for n in range(images))
        lines.append(f"标题{r}\t<p>正文{r}</p>{imgs}\t2020-01-0{r + 1}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_migrate_gives_an_unresolvable_image_host_up_once_for_the_run(tmp_path, dns, jobs):
    dns(gone={"mmbiz.qpic.cn"})
    site = site_with(tmp_path)

    result = CliRunner().invoke(main, ["migrate", str(dump(tmp_path, 4)), "--site", str(site), "-j", jobs, "-q"])

    err = result.stderr
    assert result.exit_code == ExitCode.PARTIAL, result.output
    assert err.count("not tried again in this run") == 1 and len(err.splitlines()) == 1, err
    assert err.startswith("wx2md: warning: mmbiz.qpic.cn:") and lines_are_clean(err)
    assert len(list((site / "_posts").iterdir())) == 4


def test_migrate_image_downloads_have_the_runs_deadline(tmp_path, dns):
    resolver = dns(hang={"mmbiz.qpic.cn"})
    site = site_with(tmp_path, "wx2md:\n  timeout: 0.1\n")

    result = CliRunner().invoke(main, ["migrate", str(dump(tmp_path, 2, images=1)), "--site", str(site), "-j", "1",
                                       "-q", "--report", str(tmp_path / "r.md")])

    assert result.exit_code == ExitCode.PARTIAL, result.output
    assert resolver.asked == ["mmbiz.qpic.cn"]
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "cannot resolve mmbiz.qpic.cn (no answer in 0.1 s)" in report


def test_migrate_url_lists_fail_fast_on_a_hanging_resolver_and_stop(tmp_path, dns):
    resolver = dns(hang={"mp.weixin.qq.com"})
    site = site_with(tmp_path, "wx2md:\n  timeout: 0.1\n")
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"https://mp.weixin.qq.com/s/art{n}\n" for n in range(6)), encoding="utf-8")

    result = CliRunner().invoke(main, ["migrate", str(urls), "--site", str(site), "-j", "1", "--delay", "0", "-q"])

    err = result.stderr
    assert result.exit_code == ExitCode.NETWORK, result.output
    assert resolver.asked == ["mp.weixin.qq.com"]
    assert err.count("failed: cannot resolve mp.weixin.qq.com (no answer in 0.1 s)") == 3
    assert "network failures in a row" in err and "--resume" in err
    assert lines_are_clean(err)


def test_migrate_retry_after_is_per_host_for_the_run(tmp_path, httpserver_ipv4):
    httpserver = httpserver_ipv4
    for r in range(3):
        httpserver.expect_request(f"/busy{r}x0").respond_with_data("busy", status=503, headers={"Retry-After": "86400"})
    site = site_with(tmp_path)
    image = httpserver.url_for("/busy") + "{n}"

    result = CliRunner().invoke(main, ["migrate", str(dump(tmp_path, 3, image=image, images=1)), "--site", str(site),
                                       "-j", "1", "-q", "--report", str(tmp_path / "r.json")])

    assert result.exit_code == ExitCode.PARTIAL, result.output
    assert len(httpserver.log) == 1


def test_a_workers_host_book_reaches_the_others_through_the_run():
    worker, run, other = HostBook(), HostBook(), HostBook()
    for _ in range(3):
        worker.connect_failed("mmbiz.qpic.cn", "cannot resolve mmbiz.qpic.cn")
    worker.throttle("127.0.0.1", 600)

    run.absorb(worker.snapshot())
    run.absorb(worker.snapshot())  # told twice, said once
    other.absorb(run.snapshot(), say=False)

    assert run.notices() == ["mmbiz.qpic.cn: given up (cannot resolve mmbiz.qpic.cn); not tried again in this run"]
    assert other.is_down("mmbiz.qpic.cn") and other.notices() == []
    assert other.snapshot()["not_before"]["127.0.0.1"] == worker.snapshot()["not_before"]["127.0.0.1"]


def test_migrate_report_is_written_whole_with_the_umask_mode(tmp_path):
    site = site_with(tmp_path)
    old = os.umask(0o027)  # a stricter umask than usual: the report follows it, as any file the user makes
    try:
        for name in ("r.json", "r.md"):
            result = CliRunner().invoke(main, ["migrate", str(dump(tmp_path, 1, images=0)), "--site", str(site),
                                               "-j", "1", "-q", "--report", str(tmp_path / name)])
            assert result.exit_code == 0, result.output
    finally:
        os.umask(old)

    assert {(tmp_path / n).stat().st_mode & 0o777 for n in ("r.json", "r.md")} == {0o640}
    assert (tmp_path / "r.json").read_text(encoding="utf-8").startswith("[")
    assert not list(tmp_path.glob(".r.*.tmp"))


def test_migrate_interrupted_exits_130_in_one_line(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("wx2md.migrate.command.migrate", interrupted)
    site = site_with(tmp_path)

    result = CliRunner().invoke(main, ["migrate", str(dump(tmp_path, 1)), "--site", str(site)])

    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stderr == "wx2md: interrupted: finished items are kept; re-run with --resume\n"


@pytest.mark.parametrize("command", [["convert", "x.html"], ["migrate", "x"], ["normalize", "."]])
def test_ctrl_c_anywhere_in_any_command_is_130_in_one_line(command, tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("wx2md.settings.from_site", interrupted)  # every command reads its settings first
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(main, command)

    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stderr.splitlines() == ["wx2md: error: interrupted"]
    assert "Aborted" not in result.output and "Traceback" not in result.output
