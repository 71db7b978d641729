"""Seed 001's bodies ran their paragraphs together: breaks come back only where the text shows them."""

from __future__ import annotations

from pathlib import Path

from test_migrate_helpers import SEEDS, posts, run

from wx2md.migrate.paragraphs import split_run_together
from wx2md.migrate.prepare import text_to_html

SEED = next(SEEDS.glob("001_*"), None)


def _bodies() -> list[str]:
    return [line.rstrip("\n").split("\t")[1] for line in SEED.read_text(encoding="utf-8").splitlines()]


def test_nothing_lost_or_moved_on_any_seed_body():
    for body in _bodies():
        assert "".join(split_run_together(body)) == body


def test_breaks_before_run_in_headings_and_mangled_list_markers():
    bodies = _bodies()
    starts = [p[:10] for p in split_run_together(bodies[0])]
    assert starts == ["今日，由商汤科技Se", "制定全新标准数据集 ", "全球400余队伍参赛"]
    items = split_run_together(bodies[3])
    assert "? 获得博士学位10年以内；" in items and "? 得到所在工作单位的同意。" in items
    assert any(p.startswith("申请时间??随时申请") for p in items)
    assert all(p.endswith(("。", "；", "。”")) for p in items[:-1])  # every break is at a sentence end


def test_prose_without_those_signs_stays_one_paragraph():
    bodies = _bodies()
    assert len(split_run_together(bodies[1])) == 1  # no heading, no list: nothing to go by
    prose = "迈克尔?乔丹说过一句话。" * 30 + "他说：“我失败了。”然后呢？" * 10  # a mangled middle dot, quotes
    assert split_run_together(prose) == [prose]
    english = "WIDER Face and Pedestrian Challenge. Next sentence here; and more. " * 10
    assert split_run_together(english) == [english]


def test_only_long_single_lines_are_parted():
    short = "第一句。制定全新标准 促进发展随着应用"
    assert split_run_together(short) == [short]
    html = text_to_html("作者自己分了段。\n\n第二段 标题样子的开头也不再分。")
    assert html.count("<p>") == 2


def test_seed_001_posts_have_the_restored_paragraphs(tmp_path: Path):
    site = tmp_path / "site"
    result = run(str(SEED), "--site", str(site), "-j", "1", "--default-date", "2018-01-01")
    assert result.exit_code == 0, result.output
    (body,) = [b for front, b in posts(site).values() if front["title"] == "商汤访问学者计划正式启动"]
    assert "\n\n? 获得博士学位10年以内；\n\n" in body
    assert "\n\n申请时间??随时申请，以在开始访问前的3-6个月申请为宜。\n\n" in body


def test_an_editors_numbered_section_starts_a_paragraph():
    text = ("这是第一段的正文，讲了很多事情，" * 12 + "帮大家解决数据集烦恼。五大品质服务\xa001\xa0\xa0海量数据集一键查询，"
            "会发现高质量数据集资源难求。我们在第 10 天就完成了。")
    parts = split_run_together(text)
    assert len(parts) == 2 and parts[1].startswith("五大品质服务\xa001") and "".join(parts) == text
