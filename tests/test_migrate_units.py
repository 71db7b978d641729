"""The migrate readers on their own: lists, dumps, dates, joins, export heads, the report."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from test_migrate_helpers import SEEDS

from wx2md.migrate.dates import CHINA, date_in_name, date_in_text, parse_date
from wx2md.migrate.dumps import read_dump
from wx2md.migrate.items import Record
from wx2md.migrate.join import Catalog
from wx2md.migrate.lists import aid_of, article_url, records_from_json
from wx2md.migrate.manifest import ReportRow
from wx2md.migrate.mdexports import body_after_head, read_head
from wx2md.migrate.report import summary_line, write_report
from wx2md.migrate.shapes import is_dump, title_hint

LONG = "https://mp.weixin.qq.com/s?__biz=MzA5&mid=2247483650&idx=2&sn=abc"


def test_article_url_undoes_backend_escaping():
    for raw in (
        "http:\\/\\/mp.weixin.qq.com\\/s?__biz=MzA5&amp;mid=2247483650&amp;idx=2&amp;sn=abc&amp;chksm=1#rd",
        "https://mp.weixin.qq.com/s?__biz=MzA5&amp;amp;mid=2247483650&amp;amp;idx=2&amp;amp;sn=abc#wechat_redirect",
        LONG + "&scene=21",
    ):
        assert article_url(raw) == LONG


def test_three_mp_backend_forms():
    app_msg = {"app_msg_list": [{"aid": "2247483650_2", "appmsgid": 2247483650, "itemidx": 2, "link": LONG,
                                 "title": "甲", "create_time": 1600000000}]}
    publish = {"publish_page": json.dumps({"publish_list": [{"publish_info": json.dumps(
        {"appmsgex": [{"aid": "1_1", "title": "乙", "link": LONG.replace("idx=2", "idx=1"), "create_time": 1600000100}]})}]})}
    getmsg = {"general_msg_list": json.dumps({"list": [{"comm_msg_info": {"datetime": 1600000200},
        "app_msg_ext_info": {"title": "丙", "content_url": LONG.replace("&", "&amp;").replace("/", "\\/"),
                             "multi_app_msg_item_list": [{"title": "丁", "content_url": LONG.replace("idx=2", "idx=3")}]}}]})}
    records = list(records_from_json([app_msg, publish, getmsg], "list.json"))
    assert [r.title for r in records] == ["甲", "乙", "丙", "丁"]
    assert records[0].aid == "2247483650_2" and records[2].url == LONG
    assert records[3].published == records[2].published == datetime.fromtimestamp(1600000200, CHINA)  # shared send time
    assert records[3].aid == "" and aid_of(records[3].url) == "2247483650_3"  # derived ids are not list ids


def test_seed_001_is_a_headerless_dump():
    seed = next(SEEDS.glob("001_*.txt"))
    assert is_dump(seed)
    rows = [row for _, row in read_dump(seed)]
    assert len(rows) == 5
    assert rows[3].title == "商汤访问学者计划正式启动" and not rows[3].date and not rows[3].url
    assert rows[0].body.startswith("今日，由商汤科技SenseTime携手")


def test_tables_that_are_not_dumps(tmp_path: Path):
    table = tmp_path / "MANIFEST.tsv"
    table.write_text("file\trepo\tpath\nx.html\towner/repo\tsamples/1.html\n", encoding="utf-8")
    assert not is_dump(table)
    headed = tmp_path / "d.tsv"
    headed.write_text("标题\t正文\t日期\n一\t内容\t2020-01-02\n", encoding="utf-8")
    assert [(r.title, r.date) for _, r in read_dump(headed)] == [("一", "2020-01-02")]


def test_dates():
    assert date_in_text("（2018年8月7日，北京）由全球领先") == datetime(2018, 8, 7, tzinfo=CHINA)
    assert date_in_text("8月10日，商汤科技首届地产论坛") is None  # no year: no date
    assert date_in_name("[2025-12-20225424]标题") == datetime(2025, 12, 20, 22, 54, 24, tzinfo=CHINA)
    assert date_in_name("20241101标题") == datetime(2024, 11, 1, tzinfo=CHINA)
    assert parse_date("2025年11月04日 15:59") == datetime(2025, 11, 4, 15, 59, tzinfo=CHINA)
    assert parse_date("1600000000") == parse_date(1600000000000) == datetime.fromtimestamp(1600000000, CHINA)
    assert parse_date("昨天") is None


def test_join_tolerates_stripped_punctuation():
    catalog = Catalog()
    catalog.add([Record(title="能否保留标点？AI：下一步", url=LONG), Record(title="另一篇", aid="9_1")])
    assert catalog.match(titles=["能否保留标点AI下一步"]).url == LONG
    assert catalog.match(aid="9_1").title == "另一篇"
    assert catalog.match(url=LONG.replace("https", "http") + "&chksm=9#rd").title.startswith("能否")
    assert list(catalog.unmatched()) == []
    assert title_hint(Path("[2025-12-20225424]能否保留标点AI下一步.md")) == "能否保留标点AI下一步"
    assert title_hint(Path("某篇文章/index.html")) == "某篇文章"


def test_export_heads():
    exporter = "# 标题：一\n\n作者甲 某公众号 2025-11-04 15:59\n\n> 原文地址: [https://mp.weixin.qq.com/s/abc](https://mp.weixin.qq.com/s/abc)\n\n正文。\n"
    head = read_head(exporter)
    assert (head.title, head.author, head.account, head.url) == ("标题：一", "作者甲", "某公众号", "https://mp.weixin.qq.com/s/abc")
    assert head.published == datetime(2025, 11, 4, 15, 59, tzinfo=CHINA)
    assert body_after_head(exporter, head) == "正文。\n"
    post = read_head("# 只是一个标题\n\n正文第一段，没有元信息。\n")
    assert not post.meta  # an ordinary Markdown post: left to the normalizer whole


def test_report_formats(tmp_path: Path):
    rows = [ReportRow("a|b.html", "saved-page", "failed", "", "bad | input"), ReportRow("c.md", "markdown-post", "written", "_posts/x.md")]
    write_report(tmp_path / "r.md", rows)
    table = (tmp_path / "r.md").read_text(encoding="utf-8").splitlines()
    assert table[0] == "| source | shape | status | post | reason |" and table[2].count(" | ") == 4
    assert "a\\|b.html" in table[2]
    write_report(tmp_path / "r.json", rows)
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))[1]["post"] == "_posts/x.md"
    assert summary_line({"written": 3, "failed": 1}, flagged=2) == \
        "migrate: 4 items: 3 written, 1 failed (2 dates not from the source: see the report)"


def test_front_matter_yaml_is_the_same_bytes_on_libyaml_as_on_pyyaml():
    """`yaml_head` writes with libyaml's emitter where it writes what PyYAML's does (a post's head is
    the run's costliest YAML); a head with an emoji, which libyaml would escape, goes through PyYAML's."""
    import datetime

    import yaml

    from wx2md.engines.base import yaml_head

    def pyyaml(front: dict) -> str:
        class Plain(yaml.SafeDumper):
            pass

        def text(dumper, value):
            style = '"' if any(ch in value for ch in "\r\x85\u2028\u2029") else None
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

        Plain.add_representer(str, text)
        return yaml.dump(front, Dumper=Plain, allow_unicode=True, sort_keys=False, default_flow_style=False,
                         width=10_000)

    for title in ["把工作当做自己的作品", "标题：副标题 # 不是注释", "'引号' \"双引号\"", "yes", "2024-01-02", "- 列表",
                  "多行\n文字", "\x85换行", "\u3000全角空格\u3000", "emoji 😀 在标题里", "\ufeff", "a" * 12_000, "", "null"]:
        front = {"title": title, "date": "2024-05-02 10:00:00 +0800", "tags": [title, "标签"], "original": True,
                 "when": datetime.date(2024, 5, 2), "none": None, "nested": {title or "k": title}}
        assert yaml_head(front) == pyyaml(front), title
