"""Hugo: page bundles `content/posts/<slug>/index.md`, ISO dates, shortcodes guarded `{{</* */>}}`.

A post is a page bundle: its images sit beside `index.md` and are linked by
file name, which Hugo publishes beside the page. Front matter is YAML, or TOML
when the site's posts already use TOML; the date is ISO 8601 with its offset,
`draft: false`, and the cover goes under `images:` (a list: Hugo's own key, read
by its Open Graph and Twitter templates, which find it among the bundle's files).

Hugo evaluates no Liquid: Jekyll's keys (`layout: post` would ask Hugo for a
template of that name) and `{% raw %}` shields never reach a Hugo post. What
Hugo does evaluate in text, even in code, is shortcodes (`{{< x >}}`,
`{{% x %}}`), written as Hugo documents, `{{</* x */>}}`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from wx2md.engines.base import MARKDOWN_SUFFIXES, Engine, common_cover_key, dir_parts, sample_posts, yaml_head
from wx2md.engines.raw import LITERAL_ENDRAW, PRINTED_OPENER, unshield

if TYPE_CHECKING:
    from wx2md.models import Post
    from wx2md.settings import Settings

CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml",
                "config.json")
BUNDLE = "index.md"
JEKYLL_ONLY_KEYS = ("layout",)
# A shortcode call, `{{< … >}}` or `{{% … %}}`, not already written as a comment (`{{</* … */>}}`).
# (Its inside holds no other `{{`: an unclosed call never swallows the next one.)
SHORTCODE = re.compile(r"\{\{(<)(?!/\*)((?:(?!\{\{).)*?)>\}\}|\{\{(%)(?!/\*)((?:(?!\{\{).)*?)%\}\}", re.S)
CLOSER = {"<": ">", "%": "%"}
UNCLOSED = re.compile(r"\{\{(?=[<%])(?!<\s*/\*|%\s*/\*)")
# A shield, whole: as `shield_liquid` writes it (on lines of its own), or within a line (Hexo's).
ANY_SHIELD = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
FRONT_SAMPLE = 20  # posts looked at to tell the site's front matter format


@dataclass(frozen=True)
class Hugo(Engine):
    name: str = "hugo"
    owns_front_matter: bool = False  # normalize repairs the body only: the theme reads these keys as written
    renames_files: bool = False
    writes_posts: bool = True
    posts_dir: str = "content/posts"
    default_cover_key: str = "images"
    default_image_dir: str = ""  # images live in the post's bundle
    config_names: tuple[str, ...] = CONFIG_NAMES + tuple(f"config/_default/{n}" for n in CONFIG_NAMES)

    def recognises(self, root: Path) -> bool:
        if not (root / "content").is_dir():
            return False
        return any((root / n).is_file() for n in CONFIG_NAMES) or (root / "config" / "_default").is_dir()

    @staticmethod
    def section(data: dict[str, Any]) -> Any:
        """`[wx2md]` at the top of Hugo's settings, or under `[params]` (where themes keep theirs)."""
        params = _lower(data).get("params")
        if "wx2md" in data or not isinstance(params, dict):
            return data.get("wx2md")
        return params.get("wx2md")

    def site_values(self, root: Path, data: dict[str, Any], where: str) -> dict[str, Any]:
        """Hugo's `timeZone` (dates without an offset), and TOML when the site's posts use it."""
        values: dict[str, Any] = {"front_format": self._front_format(root)}
        zone = _lower(data).get("timezone")
        if isinstance(zone, str) and zone.strip():
            values["timezone"] = zone.strip()
        posts = self.posts_dir
        if not (root / posts).is_dir() and (root / "content" / "post").is_dir():
            values["posts_dir"] = posts = "content/post"  # the other section name Hugo themes use
        used = common_cover_key(sample_posts(root / posts))
        if used:
            values["cover_key"] = used  # the theme's (Stack: `image`), learnt from the site's posts
        return values

    def _front_format(self, root: Path) -> str:
        heads = []
        for path in self._sample(root):
            try:
                with path.open("rb") as handle:
                    heads.append(handle.read(4).lstrip(b"\xef\xbb\xbf")[:3])
            except OSError:
                continue
        toml = sum(h == b"+++" for h in heads)
        return "toml" if toml and toml * 2 >= len(heads) else "yaml"

    def _sample(self, root: Path) -> Iterator[Path]:
        content = root / "content"
        if not content.is_dir():
            return
        for n, path in enumerate(p for p in content.rglob("*.md") if p.is_file()):
            if n >= FRONT_SAMPLE:
                return
            yield path

    def post_path(self, site: Path, slug: str, date: datetime) -> Path:
        return site / self.posts_dir / slug / BUNDLE

    def slug_of(self, path: Path) -> str:
        if path.name == BUNDLE:
            return path.parent.name
        return path.stem if path.suffix in MARKDOWN_SUFFIXES and not path.name.startswith("_index") else ""

    def posts_dir_of(self, site: Path, path: Path) -> str:
        """A bundle's section, as it is (`content/post`, `content/post/2020`): its images go beside `index.md`."""
        if path.name != BUNDLE:
            return ""
        return _below(site, path.parent.parent)

    def slug_taken(self, site: Path, slug: str) -> bool:
        posts = site / self.posts_dir
        return (posts / slug).exists() or (posts / f"{slug}.md").exists()

    def format_date(self, when: datetime, settings: Settings | None = None) -> str:
        """ISO 8601 with the offset (`2025-11-10T12:00:00+08:00`): Hugo's own form."""
        return when.isoformat(timespec="seconds")

    def front_matter(self, front: dict[str, Any], settings: Settings) -> dict[str, Any]:
        return self.finish_head(front, None, settings)

    def finish_head(self, front: dict[str, Any], post: Post | None, settings: Settings | None = None) -> dict[str, Any]:
        """No Jekyll keys, `draft: false` after the date, the date in Hugo's form, `images:` a list."""
        when = post.date if post is not None else None
        out: dict[str, Any] = {}
        for key, value in front.items():
            if key in JEKYLL_ONLY_KEYS or key == "draft":
                continue
            if key == "date" and when is not None:
                value = self.format_date(when)
            if key == "images" and isinstance(value, str):
                value = [self._cover_path(value, post)]
            out[key] = value
            if key == "date":
                out["draft"] = False
        if "draft" not in out:
            out["draft"] = False
        return out

    def _cover_path(self, cover: str, post: Post | None) -> str:
        """A cover in the bundle as a path from the site's top (`posts/<slug>/cover.jpg`).

        Hugo's Open Graph and Twitter templates make `images:` absolute with
        `absURL`; a bare file name would point at the site's top (Hugo 0.111,
        Debian's), a site-relative path works there and in newer Hugo alike,
        under a baseURL with a path too.
        """
        if post is None or not re.fullmatch(r"[^/:?#]+", cover):
            return cover
        section = self.posts_dir.removeprefix("content/")
        return f"{section}/{post.slug}/{cover}"

    def guard(self, markdown: str) -> str:
        """Shortcode calls as Hugo's own comments, which it prints as written (in code too);
        an unclosed `{{<` or `{{%` gets a Markdown escape, as Hugo would stop at it."""
        if "{{" not in markdown:
            return markdown
        text = SHORTCODE.sub(_comment, markdown)
        parts = re.split(r"(\{\{[<%]/\*.*?\*/[>%]\}\})", text, flags=re.S)
        for i in range(0, len(parts), 2):
            parts[i] = UNCLOSED.sub("{{\\\\", parts[i])
        return "".join(parts)

    def adopt_markdown(self, markdown: str, settings: Settings | None = None) -> str:
        """Markdown from a blog: no `{% raw %}` shields (Hugo has no Liquid), Hexo's tags as Markdown.

        What a shield held was text: its shortcode syntax is guarded. Shortcodes
        outside shields are the author's (a Hugo blog's `{{< figure >}}`) and
        stay; only an unclosed `{{<` gets its escape.
        """
        from wx2md.engines.hexo import tags_to_markdown as hexo_tags
        from wx2md.engines.jekyll import highlight_to_fences

        def tags_to_markdown(text: str) -> str:  # Hexo's tags and Jekyll's highlight blocks
            return hexo_tags(highlight_to_fences(text))

        if "{%" not in markdown:
            return self._unclosed(tags_to_markdown(markdown))
        text = markdown.replace(LITERAL_ENDRAW, "\x00")  # a literal `{% endraw %}` a Jekyll shield split
        out, at = [], 0
        for shield in ANY_SHIELD.finditer(text):
            out.append(self._unclosed(tags_to_markdown(text[at:shield.start()]).replace(PRINTED_OPENER, "{%")))
            out.append(self.guard(tags_to_markdown(unshield(shield.group(0)))))
            at = shield.end()
        out.append(self._unclosed(tags_to_markdown(text[at:]).replace(PRINTED_OPENER, "{%")))
        return re.sub(r"\n{3,}", "\n\n", "".join(out)).lstrip("\n").replace("\x00", "{%")

    @staticmethod
    def _unclosed(text: str) -> str:
        parts = re.split(r"(\{\{[<%].*?[>%]\}\})", text, flags=re.S)
        for i in range(0, len(parts), 2):
            parts[i] = UNCLOSED.sub("{{\\\\", parts[i])
        return "".join(parts)

    def dump_head(self, front: dict[str, Any], settings: Settings | None = None) -> str:
        if settings is not None and settings.front_format == "toml":
            return f"+++\n{toml_head(front)}+++\n"
        return f"---\n{yaml_head(front)}---\n"

    def image_parts(self, slug: str, settings: Settings) -> list[str]:
        return [*dir_parts(self.posts_dir), slug]

    def image_link(self, slug: str, name: str, settings: Settings, *, cover: bool = False) -> str:
        return quote(name)


def _below(site: Path, folder: Path) -> str:
    """`folder` as a path below `site` ("" when it is not below it)."""
    try:
        return folder.resolve().relative_to(site.resolve()).as_posix()
    except ValueError:
        return ""


def _comment(match: re.Match[str]) -> str:
    """A shortcode call as Hugo's comment form, which Hugo prints as the call itself."""
    opener = match.group(1) or match.group(3)
    inner = match.group(2) if match.group(1) else match.group(4)
    return "{{" + opener + "/*" + inner + "*/" + CLOSER[opener] + "}}"


def _lower(data: dict[str, Any]) -> dict[str, Any]:
    """Hugo's settings keys are case-insensitive (`timeZone`, `baseURL`)."""
    return {str(k).lower(): v for k, v in data.items()} if isinstance(data, dict) else {}


def toml_head(front: dict[str, Any]) -> str:
    """Front matter as TOML: the few value kinds a post's head holds, in order."""
    return "".join(f"{_toml_key(k)} = {_toml_value(v)}\n" for k, v in front.items() if v is not None)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"
    # TOML's basic strings escape as JSON does (\uXXXX, \n, \", \\), and hold any other character.
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


HUGO = Hugo()


# ------------------------------------------------------------------ Hugo's shortcodes, as Markdown elsewhere

FIGURE = re.compile(r"\{\{[<%]\s*figure\s+((?:(?![>%]\}\}).)*?)\s*[>%]\}\}", re.S)
HIGHLIGHT = re.compile(r"\{\{[<%]\s*highlight\s+([\w+#.-]+)[^}]*?[>%]\}\}\n?(.*?)\n?\{\{[<%]\s*/highlight\s*[>%]\}\}", re.S)
YOUTUBE = re.compile(r"\{\{[<%]\s*youtube\s+(?:id=)?\"?([\w-]+)\"?[^}]*?[>%]\}\}")
ATTRIBUTE = re.compile(r"(\w+)=(?:\"([^\"]*)\"|'([^']*)'|(\S+))")
SHORTCODE_LIKE = re.compile(r"\{\{[<%]\s*(?:figure|highlight|youtube)\b")


def shortcodes_to_markdown(text: str) -> str:
    """Hugo's `figure`, `highlight` and `youtube` shortcodes as an image, a fence and a link.

    For a post moving to an engine without shortcodes (Jekyll, Hexo); others stay
    as they are (the new site's guard makes them text). Fenced code is left alone.
    """
    if not SHORTCODE_LIKE.search(text):
        return text
    from wx2md.engines.hexo import _inside, _literal_spans

    youtube = lambda m: f"[YouTube](https://www.youtube.com/watch?v={m.group(1)})"  # noqa: E731
    for pattern, write in ((HIGHLIGHT, _fence), (FIGURE, _figure), (YOUTUBE, youtube)):
        literal = _literal_spans(text)  # fenced code and raw blocks, where they are now
        text = pattern.sub(lambda m, write=write: m.group(0) if _inside(m.start(), literal) else write(m), text)
    return text


def _figure(match: re.Match[str]) -> str:
    attrs = {m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in ATTRIBUTE.finditer(match.group(1))}
    alt = attrs.get("alt") or attrs.get("title") or attrs.get("caption") or ""
    image = f"![{alt}]({attrs.get('src', '')})"
    return f"[{image}]({attrs['link']})" if attrs.get("link") else image


def _fence(match: re.Match[str]) -> str:
    code = match.group(2)
    ticks = "`" * max(3, max((len(r) for r in re.findall(r"`{3,}", code)), default=2) + 1)
    return f"{ticks}{match.group(1)}\n{code}\n{ticks}"
