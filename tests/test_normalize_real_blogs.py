"""`wx2md normalize` on real blogs whose posts came from WeChat (../shared/real/blogs; skipped without it).

Each blog is copied, normalized as the pre-commit hook runs it, and read: nothing
refused, the engine's front matter kept byte for byte, WeChat leftovers gone
outside code, a second run clean (exit 0, no change).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED

from wx2md.cli import main
from wx2md.normalize.frontmatter import split
from wx2md.normalize.safety import first_loss, visible_text

BLOGS = SHARED / "real" / "blogs"
ENGINE = {"lxfriday__lxfriday.github.io": "hexo", "EnterIen__discovery": "hexo", "xiaobox__xiaobox.github.io": "hugo",
          "BG6LH__new-11ty-blog": "eleventy"}
LEFTOVERS = re.compile(r"<section\b|\sstyle=\"|data-src=|data:image/svg\+xml|wx_lazy=1")
FENCED = re.compile(r"(?ms)^(\s*)(`{3,}|~{3,}).*?^\s*\2")
MMBIZ = re.compile(r"https?://mmbiz\.q(?:pic|logo)\.cn/[^\s)\"'\]]*")


def blogs() -> list[str]:
    return sorted(name for name in ENGINE if (BLOGS / name).is_dir())


@pytest.mark.skipif(not BLOGS.is_dir(), reason="../shared/real/blogs is not available")
@pytest.mark.parametrize("name", blogs() or ["none"])
def test_real_blog_is_cleaner_and_still_its_engines(name: str, tmp_path: Path, monkeypatch):
    if name == "none":
        pytest.skip("no real blogs")
    blog = tmp_path / name
    shutil.copytree(BLOGS / name, blog)
    monkeypatch.chdir(blog)
    posts = sorted(str(p.relative_to(blog)) for p in blog.rglob("*.md") if p.name.lower() != "readme.md")
    before = {p: (blog / p).read_text(encoding="utf-8") for p in posts}
    runner = CliRunner()
    first = runner.invoke(main, ["normalize", *posts])
    assert first.exit_code in (0, 1), first.output
    assert "refusing" not in first.output and "internal error" not in first.output
    assert "--rename" not in first.output  # no name is a defect on a site that is not Jekyll
    after = {p: (blog / p).read_text(encoding="utf-8") for p in posts}
    for path, old in before.items():
        new = after[path]
        old_head, new_head = split(old), split(new)
        assert _unlazy(old[: len(old) - len(old_head.body)]) == new[: len(new) - len(new_head.body)], path
        assert "{% raw %}" not in new or "{% raw %}" in old, path
        assert not LEFTOVERS.findall(_outside_code(new_head.body)), path
        assert first_loss(visible_text(old_head.body), visible_text(new_head.body)) is None, path
    again = runner.invoke(main, ["normalize", *posts])
    assert again.exit_code == 0, again.output
    assert {p: (blog / p).read_text(encoding="utf-8") for p in posts} == after
    check = runner.invoke(main, ["normalize", "--check", *posts])
    assert check.exit_code == 0 and "would normalize" not in check.output


def _unlazy(header: str) -> str:
    """The header as normalize leaves it: WeChat image URLs on https without lazy-load parameters."""
    from wx2md.urls import clean_image_url

    return MMBIZ.sub(lambda m: clean_image_url(m.group(0)) or m.group(0), header)


def _outside_code(text: str) -> str:
    return re.sub(r"`[^`\n]+`", "", FENCED.sub("", text))
