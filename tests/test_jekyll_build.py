"""The posts really build: Jekyll (kramdown, Liquid, strict front matter) over converted posts.

Skipped where `jekyll` is not installed; .ci/run installs Debian's package.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from wx2md.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample-article.html"
PAGES = ROOT.parent / "shared" / "wechat-pages"

pytestmark = pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed")

LAYOUT = "<html><body><h1>{{ page.title }}</h1><p class=date>{{ page.date }}</p>{{ content }}</body></html>\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    (site / "_config.yml").write_text("title: test\nmarkdown: kramdown\nwx2md:\n  categories: [wechat]\n", encoding="utf-8")
    (site / "_layouts").mkdir()
    (site / "_layouts" / "post.html").write_text(LAYOUT, encoding="utf-8")
    sources = [str(SAMPLE)] + [str(p) for p in sorted(PAGES.glob("*.html"))]
    result = CliRunner().invoke(main, ["convert", *sources, "--site", str(site), "--no-download", "-q"])
    assert result.exit_code in (0, 5), result.output  # 5: the real error pages are refused
    run = subprocess.run(["jekyll", "build", "--strict_front_matter", "-s", str(site), "-d", str(site / "_site")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    return site / "_site"


def _page(site: Path, slug_part: str) -> str:
    matches = [p for p in site.rglob("*.html") if slug_part in str(p)]
    assert matches, f"no page for {slug_part}"
    return matches[0].read_text(encoding="utf-8")


def test_every_post_builds(built: Path):
    written = list((built.parent / "_posts").glob("*.md"))
    assert len(written) >= 1
    assert len(list((built / "wechat").rglob("*.html"))) == len(written)


def test_sample_renders_as_written(built: Path):
    page = _page(built, "yong-wx2md")
    assert "<strong>用来演示</strong>" in page
    assert "作者换行的地方<br />" in page
    assert '<code class="language-python">' in page or 'class="language-python' in page
    assert "{{ page.title }}" in page  # shielded from Liquid, shown literally
    assert "<table>" in page and "<td>微信</td>" in page
    assert "&lt;br&gt; 换行" in page or "&lt;br> 换行" in page
    assert "2025-11-10 04:00:00 +0000" in page  # the right instant, shown in the site's zone (UTC here)
