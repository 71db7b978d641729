"""The normalized seeds really build: Jekyll with --strict_front_matter over the golden files.

Skipped where `jekyll` is not installed (.ci/run installs Debian's package).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, built_page, jekyll_build, jekyll_site, needs_jekyll

from wx2md.cli import main

GOLDEN = ROOT / "fixtures" / "normalize"

pytestmark = needs_jekyll

LIQUID_POST = """---
title: Liquid in an old post
---

Vue templates look like {{ message }}, Hexo wrote {% asset_img a.png 图 %}.

```html
<p>{{ name }}</p>
```

Site: {{ site.title }}

{% highlight js %}
var t = '{{ tpl }}';
{% endhighlight %}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = jekyll_site(tmp_path_factory.mktemp("site"), "title: normalized\nmarkdown: kramdown\ntimezone: Asia/Shanghai\n")
    posts = site / "_posts"
    for path in GOLDEN.glob("*.md"):
        shutil.copy(path, posts / path.name)
    (posts / "2021-01-02-liquid.md").write_text(LIQUID_POST, encoding="utf-8")
    result = CliRunner().invoke(main, ["normalize", str(posts / "2021-01-02-liquid.md")])
    assert result.exit_code == 1, result.output  # changed
    run = jekyll_build(site, strict=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return site / "_site"


def test_every_normalized_seed_builds(built: Path):
    for path in GOLDEN.glob("*.md"):
        slug = path.stem[len("2020-01-01-"):]
        assert built_page(built, slug)


def test_seed_pages_render_as_markdown(built: Path):
    hexo = built_page(built, "oppo-cvpr2022")
    assert "<strong>7 篇论文获得收录，OPPO 正在助力 AI 认知水平升级</strong>" in hexo
    assert "2022-06-23 10:32:25 +0800" in hexo
    assert "data-vmark" not in hexo
    zhihu = built_page(built, "tencent-youtu-cv")
    assert "<h2 id=" in zhihu and "鹅厂加码CV，不设KPI</h2>" in zhihu and "<strong>鹅厂" not in zhihu
    assert "data:image/svg" not in zhihu
    hux = built_page(built, "qi-ye-xing")
    assert '<img src="https://mmbiz.qpic.cn/' in hux and "wx_lazy" not in hux


def test_liquid_is_shown_literally_and_jekyll_liquid_still_works(built: Path):
    page = built_page(built, "liquid")
    assert "{{ message }}" in page and "{% asset_img a.png 图 %}" in page
    assert "{{ name }}" in page
    assert "Site: normalized" in page
    assert "{{ tpl }}" in page and 'class="language-js"' in page  # highlight still highlights
