"""Which engine a site runs on, read from its files, and which folder is the site."""

from __future__ import annotations

from pathlib import Path

import pytest

from wx2md.engines import by_name, detect, site_root


def make(root: Path, *files: str) -> Path:
    for name in files:
        path = root / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("{}\n" if name.endswith(".json") else "x: 1\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(("files", "engine"), [
    (("_config.yml", "_posts/"), "jekyll"),
    (("Gemfile",), "jekyll"),
    (("_config.yml", "source/_posts/"), "hexo"),
    (("hugo.toml", "content/"), "hugo"),
    (("config/_default/config.yaml", "content/post/"), "hugo"),
    (("eleventy.config.js", "content/blog/"), "eleventy"),
    ((".eleventy.js",), "eleventy"),
    (("index.html", "README.md", "_sidebar.md"), "unknown"),  # Docsify
    (("notes/a.md",), "unknown"),
])
def test_engine_read_from_the_site(tmp_path: Path, files: tuple[str, ...], engine: str):
    assert detect(make(tmp_path, *files)).name == engine


def test_hexo_by_its_package_json(tmp_path: Path):
    (tmp_path / "package.json").write_text('{"dependencies": {"hexo": "^6.0.0"}}', encoding="utf-8")
    assert detect(tmp_path).name == "hexo"


def test_an_empty_folder_is_jekyll_the_default_for_convert(tmp_path: Path):
    assert detect(tmp_path).name == "jekyll"


def test_site_root_prefers_a_config_over_a_bare_posts_folder(tmp_path: Path):
    make(tmp_path, "_config.yml", "source/_posts/a/b/post.md")
    assert site_root(tmp_path / "source/_posts/a/b/post.md") == tmp_path.resolve()  # not `source/`
    assert detect(site_root(tmp_path / "source/_posts/a/b/post.md")).name == "hexo"


def test_site_root_of_eleventy_and_hugo_posts(tmp_path: Path):
    eleventy = make(tmp_path / "e", "eleventy.config.js", "src/content/blog/p.md")
    assert site_root(eleventy / "src/content/blog/p.md") == eleventy.resolve()
    hugo = make(tmp_path / "h", "config/_default/config.yaml", "content/post/x/index.md")
    assert detect(site_root(hugo / "content/post/x/index.md")).name == "hugo"


def test_site_root_stops_at_the_repository(tmp_path: Path):
    make(tmp_path, "_config.yml")
    repo = make(tmp_path / "notes", ".git/", "a.md")
    assert site_root(repo / "a.md") == repo.resolve()
    assert detect(repo).name == "unknown"


def test_by_name_and_what_normalize_may_touch():
    assert by_name(" Hexo ").name == "hexo"
    with pytest.raises(ValueError, match="choose from jekyll"):
        by_name("gatsby")
    jekyll = by_name("jekyll")
    assert jekyll.owns_front_matter and jekyll.renames_files and jekyll.guards_liquid
    for name in ("hexo", "hugo", "eleventy", "unknown"):
        engine = by_name(name)
        assert not (engine.owns_front_matter or engine.renames_files or engine.guards_liquid), name


def test_nojekyll_means_the_files_are_served_as_they_are(tmp_path: Path):
    make(tmp_path, "_config.yml", "docs/.nojekyll", "docs/index.html", "docs/guide/a.md")
    assert site_root(tmp_path / "docs/guide/a.md") == (tmp_path / "docs").resolve()
    assert detect(tmp_path / "docs").name == "unknown"
