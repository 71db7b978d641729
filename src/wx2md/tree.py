"""Small facts about bs4 trees that several stages need."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag


def gone(tag: Tag) -> bool:
    """Whether `tag` was decomposed earlier in a pass over a precomputed list.

    bs4's own `Tag.decomposed` falls through `Tag.__getattr__` into a subtree
    search on live tags; reading the flag from the instance dict is O(1).
    """
    return tag.__dict__.get("_decomposed", False)


def parse_fragment(markup: str) -> Tag:
    """Parse an HTML fragment with lxml and return the `<div>` holding it.

    Wrapping in a div gives every fragment (a page's body slice, text rebuilt
    from JavaScript, raw HTML left in an old post) one root to clean.
    """
    soup = BeautifulSoup(f"<div>{markup}</div>", "lxml")
    div = soup.body.div if soup.body is not None else None
    if div is None:  # pragma: no cover - lxml always builds html/body
        div = soup.new_tag("div")
        soup.append(div)
    return div
