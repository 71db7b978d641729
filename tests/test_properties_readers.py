"""Properties of the normalizer and of migrate's readers on arbitrary input.

The promise: bad input is one of our typed errors (errors.py), never a crash.
For the normalizer that means `normalize_text` raises nothing but Wx2mdError on
any text; for migrate, every reader (shape detection, lists, dumps, URL lists,
Markdown exports) and the per-item conversion take arbitrary bytes, JSON and CSV
without an exception, and an item's failure names the input, not an internal error.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from wx2md.errors import Wx2mdError
from wx2md.migrate.prepare import prepare
from wx2md.migrate.shapes import Walker
from wx2md.normalize import normalize_text
from wx2md.settings import Settings

S = Settings()
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text with the characters that break parsers: YAML/TOML/JSON delimiters, control characters,
# lone surrogates are not representable in files, so they stay out; CJK and full-width punctuation in.
nasty = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("---+++{}[]:#'\"\\|>`*_!()<>/=&;,\t\n\r ") + ["\x00", "\x0b", "\x1b", "\u2028", "\ufeff",
                                                                           "微", "信", "，", "。", "：", "\u3000"]),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=300,
)


@st.composite
def post_text(draw) -> str:
    """Something shaped like a post: a front matter of some dialect, then a body (or just noise)."""
    kind = draw(st.sampled_from(["yaml", "toml", "json", "bare", "none", "noise"]))
    head, body = draw(nasty), draw(nasty)
    return {
        "yaml": f"---\n{head}\n---\n{body}",
        "toml": f"+++\n{head}\n+++\n{body}",
        "json": f"{{{head}}}\n{body}",
        "bare": f"{head}\n---\n{body}",
        "none": body,
        "noise": head + body,
    }[kind]


@FAST
@given(text=post_text(), name=st.sampled_from(["2021-01-02-a.md", "a.md", "2021-13-45-x.markdown", "p.html"]))
@example(text="---\ndate: 2021-02-30\n---\nx", name="a.md")
@example(text="---\ndate: 99999-01-01\ntitle: [1, {a: b}]\n---\nx", name="a.md")
@example(text="---\n!!python/object:os.system x\n---\n", name="a.md")
@example(text="+++\ndate = 1979-05-27T07:32:00Z\ntitle = 5\n+++\n", name="a.md")
@example(text="---\n: :\n---\n", name="a.md")
@example(text="---\ndate: 0001-01-01 00:00:00 -2400\n---\nx", name="a.md")
def test_normalize_text_raises_only_typed_errors(text: str, name: str):
    try:
        out = normalize_text(text, name=name, settings=S)
    except Wx2mdError as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert isinstance(out, str)


# ------------------------------------------------------------------ migrate's readers


def _walk(files: dict[str, bytes]) -> list[str]:
    """Every item the walker finds in `files`, each prepared as a worker would: the failures' reasons."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "archive"
        root.mkdir()
        for name, data in files.items():
            (root / name).write_bytes(data)
        walker = Walker([str(root)])
        reasons = []
        for phase in (walker.items, walker.unmatched_now):
            for item in phase():
                if item.kind in ("page", "row", "markdown"):
                    prepared = prepare(item, S)
                    reasons.append(prepared.reason if prepared.post is None else "")
        return reasons


def _no_internal_errors(reasons: list[str]) -> None:
    assert not [r for r in reasons if r.startswith("internal error")], reasons


SUFFIXES = [".json", ".jsonl", ".csv", ".tsv", ".txt", ".md", ".html", ".xlsx", ".ndjson", ".urls"]


@FAST
@given(data=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
@example(data=b"\xff\xfe\x00t\x00i\x00t\x00l\x00e", suffix=".txt")
@example(data=b"https://mp.weixin.qq.com/s/abc\n\xff\xff\n", suffix=".txt")
@example(data=b"title\tbody\n\xe5\xbe\xae\xff\tx" + b"y" * 50, suffix=".tsv")
@example(data=b'{"title": "a", "content": "\xff"}\n', suffix=".jsonl")
@example(data=b"title,url\n\xff,https://mp.weixin.qq.com/s/a\n", suffix=".csv")
@example(data=b"PK\x03\x04 not a zip", suffix=".xlsx")
def test_migrate_reads_arbitrary_bytes_without_a_crash(data: bytes, suffix: str):
    _no_internal_errors(_walk({f"input{suffix}": data}))


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | nasty,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["title", "link", "url", "aid", "create_time", "update_time", "cover", "digest", "content",
                         "body", "app_msg_list", "publish_page", "publish_list", "general_msg_list", "list",
                         "app_msg_ext_info", "comm_msg_info", "multi_app_msg_item_list", "datetime", "author",
                         "date", "publish_info", "appmsgex", "is_original", "album"]) | nasty,
        inner, max_size=6),
    max_leaves=20,
)


@FAST
@given(value=json_value, suffix=st.sampled_from([".json", ".jsonl"]), lines=st.booleans())
@example(value={"app_msg_list": [{"title": 1, "link": 2, "create_time": "x"}]}, suffix=".json", lines=False)
@example(value={"app_msg_list": [{"title": "t", "link": "https://mp.weixin.qq.com/s/a", "create_time": 1e300}]},
         suffix=".json", lines=False)
@example(value={"publish_page": "{not json"}, suffix=".json", lines=False)
@example(value={"general_msg_list": "[1]"}, suffix=".json", lines=False)
@example(value={"title": ["a"], "content": "<p>x</p>" * 10, "date": {"y": 1}}, suffix=".jsonl", lines=True)
def test_migrate_reads_arbitrary_json_without_a_crash(value, suffix: str, lines: bool):
    text = json.dumps(value, ensure_ascii=False)
    if lines:
        text = "\n".join([text, text]) + "\n"
    _no_internal_errors(_walk({f"list{suffix}": text.encode("utf-8")}))


HEADERS = ["title", "url", "link", "time", "date", "body", "content", "author", "digest", "cover", "aid", "标题",
           "链接", "发布时间", "tags", "text", "html"]


@FAST
@given(header=st.lists(st.sampled_from(HEADERS) | nasty, min_size=1, max_size=6),
       rows=st.lists(st.lists(nasty, max_size=7), max_size=4),
       suffix=st.sampled_from([".csv", ".tsv"]))
@example(header=["title", "url", "time"], rows=[["t", "https://mp.weixin.qq.com/s/a", "99999-99-99"]], suffix=".csv")
@example(header=["title", "body", "date"], rows=[["t", "<p>" + "x" * 60, "2021-02-30 25:61"]], suffix=".tsv")
def test_migrate_reads_arbitrary_csv_and_tsv_without_a_crash(header, rows, suffix: str):
    out = io.StringIO()
    if suffix == ".csv":
        csv.writer(out).writerows([header, *rows])
    else:
        out.write("\n".join("\t".join(c.replace("\t", " ").replace("\n", " ") for c in r) for r in [header, *rows]))
    _no_internal_errors(_walk({f"dump{suffix}": out.getvalue().encode("utf-8", errors="surrogatepass")}))


def test_a_damaged_spreadsheet_is_reported_and_the_rest_goes_on(tmp_path: Path):
    root = tmp_path / "archive"
    root.mkdir()
    (root / "微信公众号文章.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    (root / "dump.tsv").write_text("title\tbody\n标题\t<p>正文</p>\n", encoding="utf-8")
    walker = Walker([str(root)])

    items = list(walker.items())

    assert [i.shape for i in items] == ["dump"]
    assert walker.ignored == [(str(root / "微信公众号文章.xlsx"), "cannot read it (BadZipFile: File is not a zip file)")]
