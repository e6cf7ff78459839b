"""Import limits, enforced in the store's import itself (so Settings, the CLI and the API all refuse), on a real
SQLite file and a real PostgreSQL server: at most 5 MB and 20,000 entries (configurable), chapters not in the
content counted and named (first 20) but never stored, and every malformed file → one ProgressFileError naming the
field, with nothing changed.

``python -m tests.unit.test_progress_import_limits`` measures the 49 MB / 460,000-unknown-chapter export of the issue
(time to refusal, the process's peak RSS).
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from tests.postgres import PostgresServer, pg_server, store_url  # noqa: F401  (fixtures)
from topicgraph import progress as p

UTC = timezone.utc
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
HEAD = '{"format": "topicgraph-progress", "version": 1, '


@pytest.fixture
def store(url: str) -> Iterator[p.ProgressStore]:
    s = p.ProgressStore.open(p.StoreConfig(url))
    yield s
    s.close()


def entry(chapter: object = "redis-architecture", status: object = "done",
          updated_at: object = "2026-03-01T12:00:00Z") -> dict[str, object]:
    return {"chapter": chapter, "status": status, "updated_at": updated_at}


def doc(*entries: dict[str, object], **top: object) -> str:
    return json.dumps({"format": "topicgraph-progress", "version": 1, **top, "chapters": list(entries)})


def big_export(n: int = 460_000) -> bytes:
    """An export as Settings writes it (indent 2) with ``n`` chapters none of which exists: ~49 MB at 460,000."""
    chapters = [{"chapter": f"no-such-chapter-{i:07}", "status": "done", "updated_at": "2026-03-01T12:00:00+00:00"}
                for i in range(n)]
    return json.dumps({"format": "topicgraph-progress", "version": 1, "profile": "Mallory",
                       "exported_at": "2026-03-01T12:00:00+00:00", "chapters": chapters}, indent=2).encode()


DEEP = 100_000
MALFORMED = {
    # what the issue found: each gave a blank error page instead of "Not imported"
    "deep nesting": (HEAD + '"chapters": ' + "[" * DEEP + "]" * DEEP + "}", "file", "nested too deeply"),
    "deep nesting in an entry": (doc(entry(chapter=json.loads("[" * 500 + "]" * 500))), "chapters[0].chapter",
                                 "chapter slug"),
    "a 5,000-digit number": (HEAD + '"chapters": [], "profile": "x", "exported_at": ' + "9" * 5000 + "}", "file",
                             "5,000 digits"),
    "an out-of-range date with an offset": (doc(entry(updated_at="0001-01-01T00:00:00+05:00")),
                                            "chapters[0].updated_at", "out of range"),
    "the last date with a negative offset": (doc(entry(updated_at="9999-12-31T23:30:00-05:00")),
                                             "chapters[0].updated_at", "out of range"),
    "a lone surrogate": (HEAD + '"chapters": [{"chapter": "redis-\\ud800", "status": "done", '
                                '"updated_at": "2026-03-01T12:00:00Z"}]}', "chapters[0].chapter", "surrogate"),
    "a lone surrogate in a field name": (HEAD + '"chapters": [{"\\udfff": 1}]}', "chapters[0].'\\udfff'",
                                         "unknown field"),
    # wrong types
    "version true": (doc().replace('"version": 1', '"version": true'), "version", "the number 1"),
    "version 1.0": (doc().replace('"version": 1', '"version": 1.0'), "version", "the number 1"),
    "an entry that is a string": (doc("redis-architecture"), "chapters[0]", "must be an object"),  # type: ignore[arg-type]
    "a status that is a number": (doc(entry(status=3)), "chapters[0].status", "must be one of"),
    "a status that is a list": (doc(entry(status=["done"])), "chapters[0].status", "must be one of"),
    "a date that is a number": (doc(entry(updated_at=20260301)), "chapters[0].updated_at", "ISO date-time string"),
    "a profile that is a list": (doc(profile=["Ada"]), "profile", "must be a string"),
    "NaN": (HEAD.replace('"version": 1', '"version": NaN') + '"chapters": []}', "file", "NaN is not JSON"),
    "an unknown top-level field": (doc(extra={"a": [1, 2]}), "extra", "unknown field"),
    "a date in the future": (doc(entry(updated_at=(datetime.now(UTC) + timedelta(days=400)).isoformat())),
                             "chapters[0].updated_at", "in the future"),
    # huge strings: refused, and never echoed whole
    "a 1 MB chapter slug": (doc(entry(chapter="x" * 1_000_000)), "chapters[0].chapter", "1-200 characters"),
    "a 1 MB date": (doc(entry(updated_at="2026-" + "9" * 1_000_000)), "chapters[0].updated_at",
                    "(1,000,005 characters)"),
    "a 1 MB profile": (doc(profile="p" * 1_000_000), "profile", "at most 200 characters"),
    "a 1 MB field name": (doc({**entry(), "k" * 1_000_000: 1}), "chapters[0].'kkkk", "unknown field"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_every_malformed_file_is_not_imported_and_names_the_field(store: p.ProgressStore, case: str) -> None:
    data, field, words = MALFORMED[case]
    store.set_status("Ada", "redis-architecture", p.READING, at=T0)
    before = store.entries("Ada")
    with pytest.raises(p.ProgressFileError) as err:
        store.import_json("Ada", data)
    assert err.value.field.startswith(field), str(err.value)[:300]
    assert words in err.value.message, str(err.value)[:300]
    assert len(str(err.value)) < 300  # a one-line message, whatever the file holds
    str(err.value).encode("utf-8")  # printable as is (no surrogate echoed back)
    assert store.entries("Ada") == before and store.profiles() == ["Ada"]


def test_the_49_mb_export_is_refused_quickly_and_changes_nothing(store: p.ProgressStore) -> None:
    data = big_export()
    assert len(data) > 45_000_000
    store.set_status("Ada", "redis-architecture", p.DONE, at=T0)
    start = time.perf_counter()
    with pytest.raises(p.ProgressFileError) as err:
        store.import_json("Ada", data, known={"redis-architecture"})
    took = time.perf_counter() - start
    assert str(err.value) == f"file: is {len(data) / 1e6:.1f} MB; an import may be at most 5 MB"
    assert took < 1.0  # refused before it is parsed (it took 9 s to import and broke the profile before)
    assert store.entries("Ada") == [p.Entry("redis-architecture", p.DONE, T0)] and store.profiles() == ["Ada"]


def test_more_entries_than_the_limit_are_refused(store: p.ProgressStore) -> None:
    limit = p.ImportLimits().max_entries
    assert limit == 20_000 and p.ImportLimits().max_bytes == 5_000_000
    over = doc(*[entry(f"c{i}") for i in range(limit + 1)])
    assert len(over) < 5_000_000  # the entry limit, not the size limit
    with pytest.raises(p.ProgressFileError) as err:
        store.import_json("Ada", over)
    assert str(err.value) == "chapters: has 20,001 entries; an import may hold at most 20,000"
    with pytest.raises(p.ProgressFileError):  # the API refuses too, not only the file parser
        store.import_entries("Ada", [p.Entry(f"c{i}", p.DONE, T0) for i in range(limit + 1)])
    assert store.profiles() == []
    result = store.import_json("Ada", doc(*[entry(f"c{i}") for i in range(limit)]))  # the limit itself is fine
    assert result.added == limit and len(store.statuses("Ada")) == limit


def test_limits_are_configurable(url: str) -> None:
    cfg = p.StoreConfig.resolve({"TOPICGRAPH_DB": url, "TOPICGRAPH_IMPORT_MAX_BYTES": "400",
                                 "TOPICGRAPH_IMPORT_MAX_ENTRIES": "2"})
    assert cfg.limits == p.ImportLimits(400, 2)
    s = p.ProgressStore.open(cfg)
    try:
        with pytest.raises(p.ProgressFileError, match=r"at most 2$"):
            s.import_json("Ada", doc(entry("a"), entry("b"), entry("c")))
        with pytest.raises(p.ProgressFileError, match="an import may be at most 400 bytes"):
            s.import_json("Ada", doc(entry("a" * 200), entry("b" * 200)))
        assert s.import_json("Ada", doc(entry("a"), entry("b"))).added == 2
    finally:
        s.close()
    bad = p.StoreConfig.resolve({"TOPICGRAPH_DB": url, "TOPICGRAPH_IMPORT_MAX_ENTRIES": "lots"})
    with pytest.raises(p.StoreUnavailable) as err:  # said where the page can show it, not an exception
        p.ProgressStore.open(bad)
    assert err.value.kind == "config" and "TOPICGRAPH_IMPORT_MAX_ENTRIES must be a whole number" in str(err.value)


def test_unknown_chapters_are_counted_and_named_never_stored(store: p.ProgressStore) -> None:
    known = {"redis-architecture", "rag-architecture"}
    unknown = [f"gone-{i:02}" for i in range(25)]
    data = doc(entry("redis-architecture"), *[entry(u) for u in unknown], entry("rag-architecture", "reading"))
    result = store.import_json("Ada", data, known=known)
    assert (result.added, result.updated, result.kept, result.unknown) == (2, 0, 0, 25)
    assert result.unknown_first == tuple(unknown[:20])  # the first 20, in file order
    assert str(result).endswith("25 not in this curriculum, not imported: first 20: gone-00, gone-01, gone-02, "
                                "gone-03, gone-04, gone-05, gone-06, gone-07, gone-08, gone-09, gone-10, gone-11, "
                                "gone-12, gone-13, gone-14, gone-15, gone-16, gone-17, gone-18, gone-19 … (5 more)")
    assert store.statuses("Ada") == {"redis-architecture": p.DONE, "rag-architecture": p.READING}


def test_a_big_import_does_not_make_another_user_wait(store: p.ProgressStore) -> None:
    """The largest import allowed (20,000 new statuses) while another person clicks: their click waits for the
    import's transaction (SQLite has one writer), which stays well under a second."""
    data = doc(*[entry(f"chapter-{i:05}") for i in range(20_000)])
    store.create_profile("Grace")
    clicks: list[float] = []
    done = threading.Event()
    failed: list[BaseException] = []

    def importer() -> None:
        try:
            store.import_json("Mallory", data)
        except BaseException as e:
            failed.append(e)
        finally:
            done.set()

    thread = threading.Thread(target=importer)
    thread.start()
    i = 0
    while not done.is_set() or i < 3:
        start = time.perf_counter()
        store.set_status("Grace", f"click-{i}", p.DONE)  # raises StoreUnavailable("locked") if it waited > 750 ms
        clicks.append(time.perf_counter() - start)
        i += 1
        time.sleep(0.05)  # a person clicks a few times a second at most
    thread.join()
    assert not failed, failed
    assert len(store.statuses("Mallory")) == 20_000 and len(store.statuses("Grace")) == i
    print(f"{store.dialect}: {len(clicks)} clicks during a 20,000-entry import, slowest {max(clicks) * 1000:.0f} ms")
    assert max(clicks) < 1.0


def measure() -> None:
    """The issue's 49 MB export through the store's import, in this process: outcome, time, peak RSS."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        s = p.ProgressStore.open(p.StoreConfig(p.as_url(str(Path(tmp) / "progress.sqlite"))))
        data = big_export()
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        try:
            outcome = str(s.import_json("Mallory", data, known={"redis-architecture"}))
        except p.ProgressFileError as e:
            outcome = f"Not imported: {e}"
        took = (time.perf_counter() - start) * 1000
        rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows = len(s.all_progress())
        s.close()
    print(f"{len(data) / 1e6:.1f} MB, 460,000 unknown chapters: {outcome}\n"
          f"  {took:.1f} ms; peak RSS {rss0:.0f} MB with the file in memory → {rss1:.0f} MB after; {rows} rows stored")


if __name__ == "__main__":
    measure()
    sys.exit(0)
