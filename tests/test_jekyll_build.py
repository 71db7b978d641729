"""The posts really build: Jekyll (kramdown, Liquid, strict front matter) over converted posts.

Skipped where `jekyll` is not installed; .ci/run installs Debian's package.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PAGES, SAMPLE, built_page, invoke, jekyll_build, jekyll_site, needs_jekyll

pytestmark = needs_jekyll

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = jekyll_site(tmp_path_factory.mktemp("site"), "title: test\nmarkdown: kramdown\nwx2md:\n  categories: [wechat]\n")
    sources = [str(SAMPLE)] + [str(p) for p in sorted(PAGES.glob("*.html"))]
    result = invoke("convert", *sources, "--site", str(site), "--no-download", "-q")
    assert result.exit_code in (0, 5), result.output  # 5: the real error pages are refused
    run = jekyll_build(site, strict=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return site / "_site"


def test_every_post_builds(built: Path):
    written = list((built.parent / "_posts").glob("*.md"))
    assert len(written) >= 1
    assert len(list((built / "wechat").rglob("*.html"))) == len(written)


def test_sample_renders_as_written(built: Path):
    page = built_page(built, "yong-wx2md")
    assert "<strong>用来演示</strong>" in page
    assert "作者换行的地方<br />" in page
    assert '<code class="language-python">' in page or 'class="language-python' in page
    assert "{{ page.title }}" in page  # shielded from Liquid, shown literally
    assert "<table>" in page and "<td>微信</td>" in page
    assert "&lt;br&gt; 换行" in page or "&lt;br> 换行" in page
    # The site sets no `timezone:`: the article's own wall time, read in the build machine's zone
    # (so its URL's date is the file name's on any machine; issue 17, item 7).
    assert "<p class=date>2025-11-10 12:00:00 " in page
