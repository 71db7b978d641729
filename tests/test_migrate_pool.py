"""Work sent to the workers in chunks comes back complete and in input order."""

from __future__ import annotations

from wx2md.migrate.pool import CHUNK, Chunked, Workers


def _square_all(numbers: list[int]) -> list[int]:
    return [n * n for n in numbers]


def _nothing() -> None:
    pass


def test_in_process_runs_each_item_at_once():
    commits: list[int] = []
    chunked = Chunked(None, _square_all, failed=lambda n, why: None, before=lambda: commits.append(1))
    chunked.put(3, tag="a")
    assert list(chunked.results()) == [("a", 9)]
    assert commits == [1]  # `before` ran before the item's chunk


def test_in_process_batches_wait_for_a_full_chunk_or_a_flush():
    """The posts' writer at -j 1: one `before` (the manifest's commit) and one call per chunk."""
    commits: list[int] = []
    calls: list[list[int]] = []

    def squares(numbers: list[int]) -> list[int]:
        calls.append(numbers)
        return _square_all(numbers)

    chunked = Chunked(None, squares, failed=lambda n, why: None, before=lambda: commits.append(1), batch_alone=True)
    for n in range(CHUNK + 2):
        chunked.put(n, tag=n)
    assert [len(c) for c in calls] == [CHUNK] and len(commits) == 1
    assert [tag for tag, _ in chunked.results()] == list(range(CHUNK))  # the partial chunk waits
    chunked.flush()
    assert [(tag, out) for tag, out in chunked.results()] == [(CHUNK, CHUNK ** 2), (CHUNK + 1, (CHUNK + 1) ** 2)]
    assert [len(c) for c in calls] == [CHUNK, 2] and len(commits) == 2


def test_chunks_through_a_pool_keep_the_input_order():
    workers = Workers(2, _nothing, ())
    try:
        commits: list[int] = []
        chunked = Chunked(workers, _square_all, failed=lambda n, why: None, before=lambda: commits.append(1))
        out = []
        for n in range(100):
            chunked.put(n, tag=n)
            out += chunked.results(limit=32)
            assert chunked.in_flight <= 32 + CHUNK
        out += chunked.results(limit=0)
        assert out == [(n, n * n) for n in range(100)]
        assert chunked.in_flight == 0 and not chunked.chunk
        assert 1 <= len(commits) <= 100  # `before` ran once per chunk sent (how many: up to the timing)
    finally:
        workers.shutdown()
