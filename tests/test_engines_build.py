"""The posts really build, with each engine's own build: Hugo (Debian's `hugo`), Hexo (npm), Jekyll.

Fresh sites get the shared real pages converted and a folder with local images
migrated; each site is built by its engine, and every post must become a page
showing its title, with every local image resolving in the built site. Hugo
posts carry no Jekyll keys or Liquid guards; a second convert writes nothing.
A missing engine skips these tests, except under CI (`CI=true`), where it fails:
.ci/run installs Hugo, and Hexo into WX2MD_HEXO_DIR once per run.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote, urljoin
from zoneinfo import ZoneInfo

import pytest
from conftest import PAGES, SAMPLE, SAMPLE_IMAGES, invoke, jekyll_build, jekyll_site, png_bytes, serve_sample
from test_engines import split
from test_migrate_helpers import archive, run

from wx2md.engines.base import local_zone

HEXO_DIR = Path(os.environ.get("WX2MD_HEXO_DIR") or Path.home() / ".cache" / "wx2md" / "hexo")
IMG_SRC = re.compile(r"<img\b[^>]*?\ssrc=\"([^\"]+)\"", re.I)


def _missing(what: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is not installed, and CI=true: the engine's own build is the proof")
    pytest.skip(f"{what} is not installed")


def _hugo() -> str:
    found = shutil.which("hugo")
    if found is None:
        _missing("hugo")
    return found


def _hexo() -> Path:
    binary = HEXO_DIR / "node_modules" / ".bin" / "hexo"
    if not binary.is_file() or shutil.which("node") is None:
        _missing(f"hexo (npm, in {HEXO_DIR})")
    return binary


def _sources() -> list[str]:
    return [str(SAMPLE)] + [str(p) for p in sorted(PAGES.glob("*.html"))]


def _archive(root: Path) -> Path:
    """A folder to migrate: saved pages and exports whose images are files beside them."""
    arts = [archive.article(n) for n in range(6)]
    archive.saved_pages(root / "saved", arts[0:2])
    archive.exporter_archive(root / "exporter", arts[2:4])
    archive.converter_markdown(root / "converter", arts[4:6])
    return root


def _fill(site: Path, tmp: Path) -> None:
    """The shared pages converted, the archive migrated, and a second convert that writes nothing."""
    result = invoke("convert", *_sources(), "--site", str(site), "--no-download", "-q")
    assert result.exit_code in (0, 5), result.output  # 5: the real error pages are refused
    migrated = run(str(_archive(tmp / "archive")), "--site", str(site), "--no-download", "-j", "2",
                   "--default-date", "2019-01-01", "-q")
    assert migrated.exit_code == 0, migrated.output
    before = _tree(site)
    again = invoke("convert", *_sources(), "--site", str(site), "--no-download", "-q")
    assert "already converted" in again.output
    assert _tree(site) == before  # a second convert writes nothing new


def _sample_with_images(site: Path, httpserver, monkeypatch) -> Path:
    """The sample again from a local server that counts as WeChat, its images and cover downloaded."""
    base = serve_sample(httpserver, monkeypatch)
    for path in SAMPLE_IMAGES:
        httpserver.expect_request(path).respond_with_data(png_bytes(), content_type="image/png")
    result = invoke("convert", base + "/s/sample", "--site", str(site), "--force")
    assert result.exit_code == 0 and "3 images" in result.output, result.output
    return Path(result.output.split()[0])


def _tree(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*")
            if p.is_file() and "node_modules" not in p.parts and "public" not in p.parts}


def _check_built(public: Path, posts: dict[Path, Path], root: str = "/") -> None:
    """Each post's page shows its title, and each local image on it is a file of the built site."""
    assert posts
    images = 0
    for post, page in posts.items():
        assert page.is_file(), f"{post} built no page ({page})"
        text = page.read_text(encoding="utf-8")
        title = str(split(post.read_text(encoding="utf-8"))[0]["title"])
        assert " ".join(title.split()) in " ".join(html.unescape(text).split()), f"{page} does not show {title!r}"
        url = "/" + str(page.parent.relative_to(public)).strip(".") + "/"
        for src in IMG_SRC.findall(text):
            src = html.unescape(src)
            if re.match(r"(?:https?:)?//|data:", src):
                continue
            path = unquote(urljoin(root + url.lstrip("/"), src))
            assert path.startswith(root), (page, src)
            assert (public / path[len(root):]).is_file(), f"{page}: {src} does not resolve"
            images += 1
    assert images >= 4  # the migrated folder's local images, at least
    sample = [page for post, page in posts.items() if "yong-wx2md" in str(post)]
    assert sample and "{{ page.title }}" in html.unescape(sample[0].read_text(encoding="utf-8"))  # shown as written


# ------------------------------------------------------------------ Hugo


HUGO_SINGLE = ("<html><head>{{ template \"_internal/opengraph.html\" . }}</head>"
               "<body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n")
HUGO_LIST = "<html><body>{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</body></html>\n"


@pytest.mark.parametrize("front", ["yaml", "toml"])
def test_hugo_builds_converted_and_migrated_posts(tmp_path: Path, httpserver, monkeypatch, front: str):
    hugo = _hugo()
    site = tmp_path / "site"
    subprocess.run([hugo, "new", "site", str(site)], check=True, capture_output=True, timeout=120)
    if front == "toml":  # a site whose posts use TOML gets TOML
        (site / "content" / "posts" / "old").mkdir(parents=True)
        (site / "content" / "posts" / "old" / "index.md").write_text(
            '+++\ntitle = "旧文"\ndate = 2020-01-02T03:04:05+08:00\n+++\n\n旧文正文\n', encoding="utf-8")
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    _fill(site, tmp_path)
    sample = _sample_with_images(site, httpserver, monkeypatch)
    bundles = sorted(p for p in (site / "content" / "posts").glob("*/index.md") if p.parent.name != "old")
    assert len(bundles) >= 6
    for post in bundles:
        text = post.read_text(encoding="utf-8")
        assert text.startswith("+++\n" if front == "toml" else "---\n"), post
        head, body = split(text)
        assert head["draft"] is False and "layout" not in head
        assert re.search(r"T\d\d:\d\d:\d\d[+-]", str(head["date"]).replace(" ", "T"))
        assert "{% raw %}" not in body and "{% endraw %}" not in body, post
    build = subprocess.run([hugo, "-s", str(site)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    public = site / "public"
    _check_built(public, {p: public / "posts" / p.parent.name / "index.html" for p in bundles})
    # The cover, as Hugo's own Open Graph template finds it from `images:`, is a file of the built site.
    page = (public / "posts" / sample.parent.name / "index.html").read_text(encoding="utf-8")
    (image,) = re.findall(r'<meta property="og:image" content="([^"]+)"', page)
    assert image.startswith("http://example.org/") and (public / image[len("http://example.org/"):]).is_file()


# ------------------------------------------------------------------ Hexo


def _hexo_site(site: Path, config: str) -> Path:
    site.mkdir(parents=True)
    shutil.copy(HEXO_DIR / "package.json", site / "package.json")
    (site / "node_modules").symlink_to(HEXO_DIR / "node_modules", target_is_directory=True)
    (site / "source" / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text(config, encoding="utf-8")
    return site


@pytest.mark.parametrize("config, root, zone", [
    ("title: t\nurl: http://example.com\nroot: /\ntimezone:\ntheme: landscape\n", "/", ""),
    ("title: t\nurl: http://example.com/blog\nroot: /blog/\ntimezone: Asia/Shanghai\npost_asset_folder: true\n"
     "theme: landscape\n", "/blog/", "Asia/Shanghai"),
], ids=["default", "asset-folder-under-root"])
def test_hexo_builds_converted_and_migrated_posts(tmp_path: Path, config: str, root: str, zone: str, httpserver,
                                                  monkeypatch):
    hexo = _hexo()
    site = _hexo_site(tmp_path / "site", config)
    _fill(site, tmp_path)
    sample = _sample_with_images(site, httpserver, monkeypatch)
    posts = sorted((site / "source" / "_posts").glob("*.md"))
    assert len(posts) >= 6
    build = subprocess.run([str(hexo), "generate", "--cwd", str(site)], capture_output=True, text=True, timeout=300,
                           cwd=site)
    assert build.returncode == 0 and "ERROR" not in build.stdout, build.stdout + build.stderr
    public = site / "public"
    pages = {}
    for post in posts:
        found = list(public.glob(f"*/*/*/{post.stem}/index.html"))
        assert len(found) == 1, (post, found)
        # Hexo reads the date in the site's zone (the machine's when `timezone:` is empty) and names the
        # URL in the machine's zone: the same moment as written, whatever zone the machine is in.
        written = datetime.fromisoformat(str(split(post.read_text(encoding="utf-8"))[0]["date"]))
        machine = ZoneInfo(local_zone())
        day = written.replace(tzinfo=ZoneInfo(zone or local_zone())).astimezone(machine).strftime("%Y/%m/%d")
        assert str(found[0].parent.parent.relative_to(public)) == day, post
        pages[post] = found[0]
    _check_built(public, pages, root)
    cover = str(split(sample.read_text(encoding="utf-8"))[0]["cover"])
    assert cover.startswith("/") and (public / cover.lstrip("/")).is_file()  # themes put `root` in front (url_for)


# ------------------------------------------------------------------ Jekyll's URL dates (issue 17, item 7)


def test_jekyll_url_dates_are_the_file_names_on_any_build_machine(tmp_path: Path):
    if shutil.which("jekyll") is None:
        _missing("jekyll")
    from conftest import make_article

    from wx2md.post import build_post, render
    from wx2md.settings import from_site
    from wx2md.site import PostIndex, atomic_write, choose_path

    site = jekyll_site(tmp_path / "site", "title: t\n")  # as `jekyll new --blank`: no timezone:
    settings = from_site(site)
    cn = timezone(timedelta(hours=8))
    for n, when in enumerate([datetime(2017, 1, 18, 0, 0, tzinfo=cn), datetime(2017, 1, 18, 7, 59, tzinfo=cn),
                              datetime(2017, 1, 18, 23, 30, tzinfo=cn)]):
        post = build_post(make_article(title=f"post {n}", url=f"https://mp.weixin.qq.com/s/p{n}", published=when),
                          "正文", [], settings)
        post, path = choose_path(site, post, PostIndex(site), force=False)
        atomic_write(site, path, render(post, settings).encode("utf-8"))
    sources = [str(p) for p in sorted(PAGES.glob("*.html"))]
    if sources:
        assert invoke("convert", *sources, "--site", str(site), "--no-download", "-q").exit_code in (0, 5)
    names = {p.name[11:-3]: p.name[:10].replace("-", "/") for p in (site / "_posts").glob("*.md")}
    for zone in ("UTC", "America/Los_Angeles", "Pacific/Kiritimati"):
        env = {**os.environ, "TZ": zone}
        build = subprocess.run(["jekyll", "build", "-s", str(site), "-d", str(site / "_site")], env=env,
                               capture_output=True, text=True, timeout=300)
        assert build.returncode == 0, build.stdout + build.stderr
        built = {p.stem: str(p.parent.relative_to(site / "_site")) for p in (site / "_site").rglob("*.html")}
        for slug, day in names.items():
            assert built[slug].endswith(day), f"TZ={zone}: {slug} built at /{built[slug]}/, its file says {day}"
    _ = jekyll_build  # the shared helper builds without a zone of its own


def test_a_hexo_blog_migrated_into_hexo_keeps_its_tags_and_builds(tmp_path: Path):
    hexo = _hexo()
    posts = tmp_path / "old" / "source" / "_posts"
    posts.mkdir(parents=True)
    (posts / "old.md").write_text(
        "---\ntitle: 旧文章\ndate: 2013-07-13 20:46:25\n---\n\n前言 {{ z }} 和 **粗体**\n\n"
        "{% blockquote 鲁迅 %}\n其实地上本没有路\n{% endblockquote %}\n\n"
        "{% codeblock lang:python %}\nprint('{{ x }}')\n{% endcodeblock %}\n", encoding="utf-8")
    site = _hexo_site(tmp_path / "site", "title: t\nurl: http://example.com\ntimezone:\ntheme: landscape\n")
    assert run(str(posts), "--site", str(site), "--no-download", "-j", "1", "-q").exit_code == 0
    (post,) = (site / "source" / "_posts").glob("*.md")
    assert "{% blockquote 鲁迅 %}" in post.read_text(encoding="utf-8")  # the author's tag, kept
    build = subprocess.run([str(hexo), "generate", "--cwd", str(site)], capture_output=True, text=True, timeout=300,
                           cwd=site)
    assert build.returncode == 0, build.stdout + build.stderr
    (page,) = (site / "public").glob(f"*/*/*/{post.stem}/index.html")
    text = html.unescape(page.read_text(encoding="utf-8"))
    assert "<blockquote><p>其实地上本没有路" in text and "<strong>粗体</strong>" in text
    assert "前言 {{ z }}" in text and "print</span>(<span class=\"string\">'{{ x }}'" in text
