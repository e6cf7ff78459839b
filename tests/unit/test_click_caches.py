"""What a click no longer recomputes: values kept per content version (filters' matching set, reading order,
theme sizes), the content watch that replaces a stat of every file, and the frozen heap."""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURE
from topicgraph import query, reading
from topicgraph.loader import content_signature, read_curriculum
from topicgraph.query import Filters, matching_set, matching_slugs
from topicgraph.watch import ContentWatch

CUR = read_curriculum(FIXTURE)
DATABASES = Filters(themes=("databases",))


def test_the_matching_set_is_computed_once_per_curriculum_and_filters() -> None:
    first = matching_set(CUR, DATABASES)
    assert first == matching_slugs(CUR, DATABASES) == {"data-storage-overview", "redis-architecture",
                                                       "qdrant-overview"}
    assert matching_set(CUR, Filters(themes=("databases",))) is first  # an equal value object: kept, not rescanned
    easy = matching_set(CUR, Filters(themes=("databases",), difficulties=("easy",)))
    assert easy == {"data-storage-overview"} and matching_set(CUR, DATABASES) is first
    assert isinstance(first, frozenset)  # shared between sessions: nobody can change it


def test_the_matching_set_follows_an_edit_of_the_content(content: Path) -> None:
    before = read_curriculum(content)
    assert "redis-architecture" in matching_set(before, DATABASES)
    redis = content / "chapters" / "redis-architecture.md"
    redis.write_text(redis.read_text(encoding="utf-8").replace("themes: [databases]", "themes: [ai-engineering]"),
                     encoding="utf-8")
    after = read_curriculum(content)  # a new content version is a new curriculum with its own memo
    assert "redis-architecture" not in matching_set(after, DATABASES)
    assert "redis-architecture" in matching_set(before, DATABASES)  # the old version is unchanged


def test_the_matching_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query, "MATCHING_KEPT", 3)
    cur = read_curriculum(FIXTURE)
    kept = [matching_set(cur, Filters(themes=(t.slug,))) for t in cur.themes]
    assert len(cur.memo["query.matching"]) == 3
    assert matching_set(cur, Filters(themes=(cur.themes[-1].slug,))) is kept[-1]  # the newest stay


def test_reading_order_and_theme_sizes_are_kept_and_unchanged() -> None:
    cur = read_curriculum(FIXTURE)
    # the plain definitions, computed here without the memo
    for t in cur.themes:
        home = sorted((c for c in cur.chapters if c.theme == t.slug),
                      key=lambda c: (c.order is None, c.order or 0, c.slug))
        assert reading.entry_chapter(cur, t.slug) == (home[0] if home else None)
        assert cur.theme_sizes.get(t.slug, 0) == sum(t.slug in c.themes for c in cur.chapters)
    order = reading.curriculum_order(cur)
    assert sorted(c.slug for c in order) == sorted(c.slug for c in cur.chapters)
    order.clear()  # a caller's copy: the kept order is not affected
    assert len(reading.curriculum_order(cur)) == len(cur.chapters)
    assert {"reading.homes", "reading.order"} <= set(cur.memo)
    done = {c.slug for c in reading.curriculum_order(cur)[:3]}
    assert reading.start_chapter(cur, done)[0] is reading.start_chapter(cur, set(done))[0]


def _wait(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_the_watch_recomputes_the_signature_only_after_a_change(content: Path) -> None:
    watch = ContentWatch(content)
    try:
        assert watch.live
        first = watch.signature()
        assert first == content_signature(content)
        for _ in range(5):  # clicks: no file touched, no stat of every file
            assert watch.signature() == first
        assert watch.computed == 1
        read_curriculum(content)  # reading the files is not a change
        assert watch.signature() == first and watch.computed == 1
        redis = content / "chapters" / "redis-architecture.md"
        redis.write_text(redis.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
        assert _wait(lambda: watch.signature() != first), "the edit was not noticed"
        assert watch.signature() == content_signature(content)
        computed = watch.computed
        assert watch.signature() == watch.signature() and watch.computed == computed
        (content / "chapters" / "new-one.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
        assert _wait(lambda: watch.signature() == content_signature(content) and watch.computed > computed)
        assert watch.signature(fresh=True) and watch.computed > computed + 1  # fresh: always checks the files
    finally:
        watch.close()
    assert not watch.live


def test_without_a_watcher_every_call_checks_the_files(tmp_path: Path) -> None:
    missing = tmp_path / "not-there"
    watch = ContentWatch(missing)  # nothing to watch: falls back to the exact check
    assert not watch.live
    watch.signature()
    watch.signature()
    assert watch.computed == 2


def test_settle_heap_freezes_what_is_alive_and_frees_replaced_cycles() -> None:
    from components.state import settle_heap

    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle, like a networkx graph's views

    kept, dropped = Node(), Node()
    gone = weakref.ref(dropped)
    settle_heap()
    assert gc.get_freeze_count() > 0
    assert not any(o is kept for o in gc.get_objects())  # out of every later collection
    del dropped  # a replaced content version, frozen while it was in use
    gc.collect()
    assert gone() is not None  # frozen: a plain collection leaves it
    settle_heap()  # the next content version: unfreeze, collect, freeze
    assert gone() is None
