"""Small facts about bs4 trees that several stages need."""

from __future__ import annotations

from bs4 import Tag


def gone(tag: Tag) -> bool:
    """Whether `tag` was decomposed earlier in a pass over a precomputed list.

    bs4's own `Tag.decomposed` falls through `Tag.__getattr__` into a subtree
    search on live tags; reading the flag from the instance dict is O(1).
    """
    return tag.__dict__.get("_decomposed", False)
