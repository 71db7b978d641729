"""Article lists are streamed and held on disk, not in memory: a JSON array read element by element."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from test_migrate_helpers import archive, by_title, report, run

from wx2md.migrate.items import Record
from wx2md.migrate.join import Catalog
from wx2md.migrate.lists import read_json_list


def _records(n: int) -> list[dict]:
    return [{"aid": a.aid, "link": a.url, "title": a.title, "create_time": int(a.when.timestamp()),
             "content": a.text} for a in map(archive.article, range(n))]


@pytest.mark.parametrize("dump", [
    lambda data: json.dumps(data, ensure_ascii=False),  # one line
    lambda data: json.dumps(data, ensure_ascii=False, indent=2),  # pretty-printed, as the exporter writes it
])
def test_json_array_lists_are_read_element_by_element(tmp_path: Path, dump):
    path = tmp_path / "微信公众号文章.json"
    path.write_bytes(codecs.BOM_UTF8 + dump(_records(5)).encode("utf-8"))
    got = list(read_json_list(path))
    assert [r.title for r in got] == [archive.article(n).title for n in range(5)]
    assert [r.aid for r in got] == [archive.article(n).aid for n in range(5)]
    assert got[3].text == archive.article(3).text


def test_a_truncated_array_keeps_the_records_before_the_bad_spot(tmp_path: Path):
    path = tmp_path / "list.json"
    text = json.dumps(_records(3), ensure_ascii=False)
    path.write_text(text[: text.rindex("{") + 20], encoding="utf-8")  # cut inside the third record
    seen = []
    with pytest.raises(ValueError, match="malformed JSON"):
        for record in read_json_list(path):
            seen.append(record.title)
    assert seen == [archive.article(n).title for n in range(2)]


def test_a_truncated_list_is_reported_and_its_good_records_still_join(tmp_path: Path):
    arch = tmp_path / "arch"
    arch.mkdir()
    text = json.dumps(_records(3), ensure_ascii=False)
    (arch / "list.json").write_text(text[: text.rindex("{") + 20], encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(arch), "--site", str(site), "-j", "1", "--no-download", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    rows = report(tmp_path / "r.json")
    assert [r["status"] for r in rows].count("written") == 2
    bad, = [r for r in rows if r["status"] == "skipped"]
    assert bad["source"].endswith("list.json") and bad["reason"].startswith("cannot read it (ValueError: malformed JSON")
    assert sorted(by_title(site)) == sorted(archive.article(n).title for n in range(2))


def test_catalog_keeps_records_on_disk_and_joins_by_every_key():
    catalog = Catalog()
    try:
        catalog.add(Record(title=f"标题{n}：", url=f"https://mp.weixin.qq.com/s?__biz=QQ==&mid={n}&idx=1&sn=ab",
                           aid=f"{n}_1", text="正文" * 1000) for n in range(50))
        catalog.add([Record(title="标题7：", aid="7_1", author="补上的作者")])  # the same article, listed again
        assert len(catalog) == 50
        assert not any(isinstance(v, Record) for v in vars(catalog).values())
        by_aid = catalog.match(aid="7_1")
        assert by_aid is not None and by_aid.author == "补上的作者" and by_aid.text == "正文" * 1000
        assert catalog.match(titles=["标题8"]).aid == "8_1"  # the punctuation a file name lost
        assert catalog.match(url="https://mp.weixin.qq.com/s?__biz=QQ==&mid=9&idx=1&sn=ab&chksm=x&scene=21").aid == "9_1"
        assert catalog.match(aid="nope") is None
        assert [r.aid for r in catalog.unmatched()] == [f"{n}_1" for n in range(50) if n not in (7, 8, 9)]
    finally:
        catalog.close()


def test_invalid_utf8_in_a_json_array_is_replaced_not_fatal(tmp_path: Path):
    path = tmp_path / "list.json"
    records = json.dumps(_records(2), ensure_ascii=False).encode("utf-8")
    path.write_bytes(records.replace("第1篇".encode("utf-8"), b"\xff\xfe1"))
    assert [r.title[:4] for r in read_json_list(path)] == ["第0篇：", "\ufffd\ufffd1："]
