"""What several test files share: the real pages in ../shared, their labels, the bundled
sample (and serving it as WeChat would), small PNGs, China's +08:00 zone, the command
line, and `jekyll build`.

Test files import them (`from conftest import PAGES, read_page`); the real pages
are third-party content, read in place and never copied here.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import timedelta, timezone
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PAGES = SHARED / "wechat-pages"
LABELS = SHARED / "eval" / "labels.tsv"
SCORE = SHARED / "eval" / "score.py"
SAMPLE = ROOT / "fixtures" / "sample-article.html"
SEEDS = ROOT / "fixtures" / "seeds"  # real posts' bodies (normalize's and migrate's input)
TZ8 = timezone(timedelta(hours=8))
# The sample's images, as served by `serve_sample` (its mmbiz.qpic.cn URLs moved under /img).
SAMPLE_IMAGES = ("/img/mmbiz_png/wx2mdSampleImageNumberOne000000000000000000/640",
                 "/img/mmbiz_jpg/wx2mdSampleBackgroundImage00000000000000000/640",
                 "/img/mmbiz_jpg/wx2mdSampleCoverImage0000000000000000000000/0")
HAS_JEKYLL = shutil.which("jekyll") is not None
needs_jekyll = pytest.mark.skipif(not HAS_JEKYLL, reason="jekyll is not installed")

needs_shared = pytest.mark.skipif(not LABELS.is_file(), reason="../shared/eval/labels.tsv is not available")


def labels() -> list[dict[str, str]]:
    """Rows of labels.tsv whose page is present (file, kind, title, account, author, date)."""
    if not LABELS.is_file():
        return []
    with LABELS.open(encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh, delimiter="\t") if (PAGES / row["file"]).is_file()]


CONTENT_LABELS = [row for row in labels() if row["kind"] != "error"]
ERROR_LABELS = [row for row in labels() if row["kind"] == "error"]


def read_page(name: str) -> str:
    """A real page's text, or a skip when ../shared is absent."""
    path = PAGES / name
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return path.read_text(encoding="utf-8", errors="replace")


CONTENT_PAGES = [PAGES / row["file"] for row in CONTENT_LABELS]  # the real pages that hold an article


@cache
def png_bytes(color: str = "red", size: tuple[int, int] = (4, 3)) -> bytes:
    """A small valid PNG."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def make_article(**meta):
    """An Article with an empty body; `meta` overrides the Metadata defaults (a title that needs YAML quoting)."""
    from datetime import datetime

    from bs4 import BeautifulSoup

    from wx2md.models import Article, Metadata

    defaults = dict(title="标题：带冒号 #和井号", account="某公众号", url="https://mp.weixin.qq.com/s/abc",
                    published=datetime(2025, 11, 10, 12, 0, 10, tzinfo=TZ8))
    defaults.update(meta)
    return Article("article", Metadata(**defaults), BeautifulSoup("<div></div>", "lxml").div)


def body(markup: str, **kw) -> str:
    """An HTML fragment through the cleaner and the Markdown writer (`clean` keywords pass on)."""
    from wx2md.clean import clean, parse_fragment
    from wx2md.markdown import to_markdown

    return to_markdown(clean(parse_fragment(markup), **kw))


def invoke(*args: str):
    """`wx2md ARGS…` in process; exceptions propagate (a traceback is a bug, not an exit code)."""
    from click.testing import CliRunner

    from wx2md.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def serve_sample(server, monkeypatch) -> str:
    """The sample article at `/s/sample` on a local server that counts as WeChat; returns its base URL.

    Its images move under `/img` on the same server (not served: each test says how).
    """
    monkeypatch.setattr("wx2md.urls.ARTICLE_HOSTS", ("mp.weixin.qq.com", "127.0.0.1", "localhost"))
    base = server.url_for("/").rstrip("/")
    page = SAMPLE.read_text(encoding="utf-8").replace("https://mmbiz.qpic.cn", base + "/img")
    server.expect_request("/s/sample").respond_with_data(page, content_type="text/html; charset=utf-8")
    return base


JEKYLL_LAYOUT = "<html><body><h1>{{ page.title }}</h1><p class=date>{{ page.date }}</p>{{ content }}</body></html>\n"


def jekyll_site(site: Path, config: str, layout: str = JEKYLL_LAYOUT) -> Path:
    """A minimal Jekyll site in `site`: `_config.yml` holding `config`, the post layout, an empty `_posts`."""
    (site / "_layouts").mkdir(parents=True, exist_ok=True)
    (site / "_posts").mkdir(exist_ok=True)
    (site / "_config.yml").write_text(config, encoding="utf-8")
    (site / "_layouts" / "post.html").write_text(layout, encoding="utf-8")
    return site


def jekyll_build(site: Path, *, strict: bool = False, timeout: int = 300) -> subprocess.CompletedProcess:
    """`jekyll build` of `site` into `site/_site` (with --strict_front_matter when `strict`)."""
    flags = ["--strict_front_matter"] if strict else []
    return subprocess.run(["jekyll", "build", *flags, "-s", str(site), "-d", str(site / "_site")],
                          capture_output=True, text=True, timeout=timeout)


def built_page(built: Path, part: str) -> str:
    """The HTML of the one built page whose path holds `part`."""
    matches = [p for p in built.rglob("*.html") if part in str(p)]
    assert matches, f"no page for {part}: {sorted(str(p) for p in built.rglob('*.html'))}"
    return matches[0].read_text(encoding="utf-8")


@pytest.fixture
def tz8() -> timezone:
    return TZ8


@pytest.fixture
def sample_html() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def assert_linked(root) -> None:
    """bs4's document-order and sibling links agree with `contents` everywhere below `root`.

    What bs4's own methods rely on; the tree builder and FastTag set these links by hand.
    """
    from bs4 import Tag

    from wx2md.tree import nodes_in

    def walk(tag):
        for child in tag.contents:
            yield child
            if isinstance(child, Tag):
                yield from walk(child)

    order = nodes_in(root)
    assert order == list(walk(root))
    for before, after in zip(order, order[1:]):
        assert before.next_element is after and after.previous_element is before
    for node in order:
        siblings = node.parent.contents
        at = next(i for i, sibling in enumerate(siblings) if sibling is node)
        assert node.previous_sibling is (siblings[at - 1] if at else None)
        assert node.next_sibling is (siblings[at + 1] if at + 1 < len(siblings) else None)
