"""tags.py: the cleaner's tag groups nest the way their names say, so each difference is a choice."""

from __future__ import annotations

from wx2md import tags


def test_inline_mark_groups_grow_one_choice_at_a_time():
    groups = [tags.EMPHASIS, tags.EDGE_MARKS, tags.SPACE_MARKS, tags.MARKS]
    for smaller, larger in zip(groups, groups[1:]):
        assert set(smaller) < set(larger)
    assert set(tags.MARKS) - set(tags.SPACE_MARKS) == {"sup", "sub"}
    assert set(tags.HEADING_DROPS) < set(tags.EMPHASIS)  # a heading keeps its strikethrough


def test_what_the_cleaner_keeps_inline_is_the_marks_and_the_leaves():
    assert tags.INLINE_KEEP == {*tags.MARKS, *tags.INLINE_LEAVES, "br"}
    assert set(tags.RENAME.values()) <= tags.INLINE_KEEP  # a renamed tag is never unwrapped afterwards
    assert not tags.INLINE_KEEP & tags.BLOCK_TAGS


def test_visible_leaves_and_what_keeps_them():
    assert set(tags.INLINE_LEAVES) < set(tags.VISIBLE_LEAVES) < set(tags.SHOWN_INSIDE)
    assert set(tags.VISIBLE_LEAVES) < tags.KEPT_EMPTY
    assert "br" not in tags.KEPT_EMPTY and "br" in tags.ATOMS  # a break shows nothing, yet is never unwrapped
    assert "img" not in tags.TEXT_BARRIERS  # text either side of a picture is one whitespace run


def test_block_groups_are_blocks():
    for group in (tags.NO_PUSH, tags.NO_PARAGRAPHS, tags.PARAGRAPH_HOLDERS, tags.IMAGE_BLOCKS, tags.HEADINGS):
        assert set(group) <= tags.BLOCK_TAGS
    assert tags.WRAPPERS - {"body", "html"} <= tags.BLOCK_TAGS
