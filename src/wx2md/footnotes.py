"""Footnoted links put back: `text<sup>[1]</sup>` plus `[1] name: url` becomes `[text](url)`.

WeChat articles cannot link outside WeChat, so the tools that publish Markdown
there (mdnice / Markdown Nice, doocs/md, md2wechat and their forks) turn every
outside link into a numbered note and print a reference list at the end:

- mdnice: `<span class="footnote-word">text</span><sup class="footnote-ref">[1]</sup>`, then
  `<h3 class="footnotes-sep">参考资料</h3><section class="footnotes"><span class="footnote-item">
  <span class="footnote-num">[1] </span><p>name: <em>url</em></p></span>…</section>`;
- doocs/md, md2wechat: `<span>text<sup>[1]</sup></span>`, then `<h4>引用链接</h4>` (or
  `References`) and one `<p>` of `<code>[1]</code> name: <i>url</i><br/>` lines.

WeChat strips the classes, so the shapes are recognised by their text: a
`<sup>` holding `[n]`, and after the last of them a run of `[n] …` entries. A
URL entry puts its link back on the text it followed and the list goes; an
entry that is not a URL is a real note and stays one (`[^n]`, `[^n]: text`,
which kramdown and GitHub both render).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag
from lxml import etree

from wx2md.text import collapse_whitespace
from wx2md.tree import is_br, tags_in

REF = re.compile(r"^\s*\[(?:链接)?(\d{1,3})\]\s*$")
ENTRY = re.compile(r"^\s*\[(\d{1,3})\]\s*[:：]?\s*")
# A mail address is a link too: `[4] 邮件联系: mailto:…` is the author's `[邮件联系](mailto:…)`.
URL = re.compile(r"^(?:https?://|www\.|mailto:)\S+$", re.I)
TITLED_URL = re.compile(r"^(.*?)\s*[:：]\s*((?:https?://|www\.|mailto:)\S+)$", re.I)
LIST_TITLES = frozenset({"参考资料", "参考链接", "引用链接", "相关链接", "参考文献", "引用", "脚注", "注释", "链接",
                         "references", "reference", "footnotes", "notes", "links"})
INLINE = frozenset({"span", "font", "strong", "b", "em", "i", "code", "a", "u", "del", "s", "mark"})
BLOCKS = frozenset({"p", "div", "section", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                    "figure", "table", "tr", "td", "th", "pre", "article", "header", "footer"})
MARK = "data-footnote"  # on <sup> (a reference) and <p> (a definition) for markdown.py


def may_hold_marks(body: etree._Element) -> bool:
    """Whether this stage will read `body`: it holds a `<sup>`, and the markup around each one counts.

    The shortcuts that build a body's tree in another shape than the page's
    (`code.stand_in`, `clean.plain_inline`) are off for such a body.
    """
    return body.find(".//sup") is not None


@dataclass
class Entry:
    number: str
    title: str = ""
    url: str = ""
    note: str = ""


def restore_links(root: Tag, soup: BeautifulSoup) -> None:
    """Put footnoted links back on their text; keep real notes as `[^n]` footnotes."""
    refs = [(sup, match.group(1)) for sup in tags_in(root, ("sup",)) if (match := REF.match(sup.get_text()))]
    if not refs:
        return
    last_ref = refs[-1][0]
    region = _reference_list(root, last_ref)
    entries = _entries(region) if region else {}
    if not entries:
        region, entries = _numbered_list(last_ref)
    if not entries or not {number for _, number in refs} & entries.keys():
        return
    linked: set[str] = set()
    noted: set[str] = set()
    for sup, number in refs:
        entry = entries.get(number)
        if entry is None:
            continue
        if entry.url and _relink(sup, entry, soup):
            linked.add(entry.number)
        else:
            _as_footnote_ref(sup, entry, soup)
            noted.add(entry.number)
    _replace_list(region, entries, linked, noted, soup)


# ------------------------------------------------------------------ the reference list


def _reference_list(root: Tag, last_ref: Tag) -> list[Tag | NavigableString]:
    """The nodes holding the `[n] …` entries after the last reference, or [] when there are none."""
    end = last_ref
    while isinstance(end, Tag) and end.contents:
        end = end.contents[-1]  # search after the reference's own text
    start = end.find_next(string=lambda s: ENTRY.match(str(s)) is not None and s.find_parent("pre") is None)
    if start is None:
        return []
    holders = {id(p) for p in last_ref.parents}
    node: Tag | NavigableString = start
    while node.parent is not None and node.parent is not root and id(node.parent) not in holders \
            and ENTRY.match(node.parent.get_text()):
        node = node.parent
    region = [node]
    sibling = node.next_sibling
    while sibling is not None and (_blank(sibling) or is_br(sibling) or ENTRY.match(_text(sibling))):
        region.append(sibling)
        sibling = sibling.next_sibling
    return region


def _numbered_list(last_ref: Tag) -> tuple[list, dict[str, Entry]]:
    """markdown-it-footnote's own list (`section.footnotes > ol > li`, entries with no `[n]` text).

    Only recognised by its classes: without them an ordered list is just a list.
    """
    box = last_ref.find_next(lambda t: "footnotes" in (t.get("class") or []) or "footnotes-list" in (t.get("class") or []))
    items = box.find("ol") if box is not None and box.name != "ol" else box
    if items is None:
        return [], {}
    start = int(items["start"]) if str(items.get("start", "")).isdigit() else 1
    entries: dict[str, Entry] = {}
    for offset, item in enumerate(items.find_all("li", recursive=False)):
        for back in item.find_all("a", href=re.compile(r"^#fnref")):
            back.decompose()  # the ↩︎ link back to the reference
        text = collapse_whitespace(item.get_text()).strip().rstrip("↩︎↩").strip()
        number = str(start + offset)
        entries[number] = _entry(number, text)
    return [box], entries


def _entries(region: list) -> dict[str, Entry]:
    """`[n] name: url` lines (joined across the tools' spans, paragraphs and <br>s) by number."""
    entries: dict[str, Entry] = {}
    current: list[str] | None = None
    numbered: list[tuple[str, list[str]]] = []
    for line in _lines(region):
        match = ENTRY.match(line)
        if match:
            current = [line[match.end():]]
            numbered.append((match.group(1), current))
        elif current is not None:
            current.append(line)
    for number, parts in numbered:
        text = collapse_whitespace(" ".join(parts)).strip()
        entries.setdefault(number, _entry(number, text))
    return entries


def _entry(number: str, text: str) -> Entry:
    if URL.match(text):
        return Entry(number, url=text)
    match = TITLED_URL.match(text)
    if match:
        return Entry(number, title=match.group(1).strip(), url=match.group(2))
    return Entry(number, note=text)


def _lines(region: list) -> list[str]:
    """The region's text, one line per <br>, block or element opening with `[n]` (mdnice's flex spans)."""
    lines = [""]
    stack = list(reversed(region))
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            if node.name == "br" or node.name in BLOCKS or ENTRY.match(node.get_text()):
                lines.append("")
            if node.name != "br":
                stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString):
            lines[-1] += str(node)
    return [line.strip() for line in lines if line.strip()]


def _replace_list(region: list, entries: dict[str, Entry], linked: set[str], noted: set[str],
                  soup: BeautifulSoup) -> None:
    """The list goes; notes stay as definitions; entries nobody referenced stay as lines."""
    anchor = region[0]
    title = _list_title(anchor)
    kept = 0
    for entry in entries.values():
        para = soup.new_tag("p")
        if entry.number in noted:
            para[MARK] = entry.number
            para.append(entry.note or entry.title)
        elif entry.number in linked:
            continue
        elif not entry.url:
            kept += 1
            para.append(f"[{entry.number}] {entry.note}")
        else:
            kept += 1
            para.append(f"[{entry.number}] {entry.title}: " if entry.title else f"[{entry.number}] ")
            link = soup.new_tag("a", attrs={"href": entry.url})
            link.string = entry.url
            para.append(link)
        anchor.insert_before(para)
    for node in region:
        node.extract()
    if title is not None and not kept:
        title.decompose()


def _list_title(first: Tag | NavigableString) -> Tag | None:
    """The `参考资料` / `引用链接` / `References` heading right before the list, if there is one."""
    node = first.previous_sibling
    while node is not None and _blank(node):
        node = node.previous_sibling
    if not isinstance(node, Tag):
        return None
    classes = node.get("class") or []
    text = collapse_whitespace(node.get_text()).strip().rstrip(":：").lower()
    return node if "footnotes-sep" in classes or text in LIST_TITLES else None


# ------------------------------------------------------------------ the references


def _relink(sup: Tag, entry: Entry, soup: BeautifulSoup) -> bool:
    """Wrap the text the note followed in a link to its URL; False when that text cannot be found."""
    words = _linked_words(sup, entry)
    if words is None:
        return False
    for styled in (*words, sup.parent):
        if isinstance(styled, Tag) and styled.name in ("span", "font"):
            styled.attrs.pop("style", None)  # the tool's link colour and weight, not the author's bold
    if words:
        link = soup.new_tag("a", attrs={"href": entry.url})
        text = collapse_whitespace("".join(w.get_text() if isinstance(w, Tag) else str(w) for w in words)).strip()
        if entry.title and entry.title != text and entry.title != entry.url:
            link["title"] = entry.title  # `[text](url "title")`: mdnice notes only links that had one
        words[0].insert_before(link)
        for word in words:
            link.append(word.extract())
        for inner in tags_in(link, ("a",)):
            inner.unwrap()  # one link, the one the author wrote in the list (WeChat links an article's title itself)
    sup.decompose()
    return True


def _linked_words(sup: Tag, entry: Entry) -> list | None:
    """The nodes that were the link's text: [] when already linked, None when not found."""
    prev = _previous(sup)
    if isinstance(prev, Tag) and "footnote-word" in (prev.get("class") or []):
        return [prev]  # mdnice, classes intact
    if sup.find_parent("a", href=True) is not None:
        return []  # doocs forks keep `<a href>text<sup>[n]</sup></a>`
    parent = sup.parent
    if parent is not None and parent.name in ("span", "font") and _previous_all(sup) and _next(sup) is None:
        before = collapse_whitespace("".join(_text(n) for n in _previous_all(sup))).strip()
        if not (entry.title and before != entry.title and before.endswith(entry.title)
                and isinstance(prev, NavigableString)):
            return _previous_all(sup)  # doocs/md, md2wechat: `<span>text<sup>[n]</sup></span>`
    if isinstance(prev, Tag) and prev.name in INLINE and prev.get_text().strip():
        return [prev]  # mdnice without classes: `<span style>text</span><sup>[n]</sup>`
    if isinstance(prev, NavigableString) and entry.title and str(prev).rstrip().endswith(entry.title):
        return [_split_off(prev, entry.title)]  # plain text: the note's name ends the words before it
    return None


def _split_off(text: NavigableString, tail: str) -> NavigableString:
    """Cut `tail` off the end of a text node into a node of its own, and return that node."""
    value = str(text).rstrip()
    head = NavigableString(value[: -len(tail)])
    word = NavigableString(tail)
    text.replace_with(head)
    head.insert_after(word)
    return word


def _as_footnote_ref(sup: Tag, entry: Entry, soup: BeautifulSoup) -> None:
    """A real note (or a link whose text is lost): `[^n]`, defined where the list was."""
    if entry.url and not entry.note:
        entry.note = f"{entry.title}: {entry.url}" if entry.title else entry.url
    ref = soup.new_tag("sup", attrs={MARK: entry.number})
    ref.string = entry.number
    sup.replace_with(ref)


def _previous(node: Tag):
    prev = node.previous_sibling
    while prev is not None and _blank(prev):
        prev = prev.previous_sibling
    return prev


def _next(node: Tag):
    nxt = node.next_sibling
    while nxt is not None and _blank(nxt):
        nxt = nxt.next_sibling
    return nxt


def _previous_all(sup: Tag) -> list:
    nodes = list(sup.parent.contents[: sup.parent.contents.index(sup)])
    return nodes if any(not _blank(n) for n in nodes) else []


def _blank(node) -> bool:
    """Whitespace text: what sits between the tools' tags and means nothing."""
    return isinstance(node, NavigableString) and not str(node).strip()


def _text(node) -> str:
    return node.get_text() if isinstance(node, Tag) else str(node)
