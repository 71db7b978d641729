"""The migrated archive really builds: `jekyll build --strict_front_matter` over every post migrate wrote.

Skipped where `jekyll` is not installed, except under CI (`CI=true`), where a
missing jekyll is a failure: the build is the proof that the posts are valid.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_migrate_helpers import PAGES, SEEDS, archive, posts, run

LAYOUT = "<html><body><h1>{{ page.title }}</h1>{{ content }}</body></html>\n"


def _jekyll() -> str:
    found = shutil.which("jekyll")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("jekyll is not installed, and CI=true: the migrated archive must be built")
        pytest.skip("jekyll is not installed")
    return found


def test_migrated_archive_builds_with_strict_front_matter(tmp_path: Path):
    jekyll = _jekyll()
    root = tmp_path / "archive"
    arts = [archive.article(n) for n in range(24)]
    archive.saved_pages(root / "saved", arts[0:3])
    archive.exporter_archive(root / "exporter", arts[3:6])
    archive.exporter_markdown(root / "exporter-md", arts[6:8])
    archive.mp_backend_lists(root / "mp", arts[8:11])
    archive.csv_list(root / "csvlist", arts[11:14])
    archive.converter_markdown(root / "converter", arts[14:16])
    archive.dumps(root / "dumps", arts[16:22])
    shutil.copytree(SEEDS, root / "seeds")
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("title: test\nmarkdown: kramdown\nwx2md:\n  categories: [wechat]\n", encoding="utf-8")
    (site / "_layouts").mkdir()
    (site / "_layouts" / "post.html").write_text(LAYOUT, encoding="utf-8")
    sources = [str(root)] + ([str(PAGES)] if PAGES.is_dir() else [])
    result = run(*sources, "--site", str(site), "--no-download", "-j", "2", "--default-date", "2019-01-01", "-q")
    assert result.exit_code in (0, 5), result.output  # 5: the real error pages are unavailable
    written = posts(site)
    assert len(written) >= 30
    build = subprocess.run([jekyll, "build", "--strict_front_matter", "-s", str(site), "-d", str(site / "_site")],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    pages = list((site / "_site").rglob("*.html"))
    assert len(pages) >= len(written)
    built = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    for a in arts[:22]:
        assert f"编号{a.n:05d}" in built  # every generated article's text reached the built site
    assert "/assets/img/posts/" in built and "base64" not in built
