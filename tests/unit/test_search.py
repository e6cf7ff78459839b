"""Full-text search (topicgraph/search.py) on the bundled curriculum and on hostile input.

Run as a script to print build and query times at 213 and ~5,000 chapters:
``.venv/bin/python -m tests.unit.test_search``.
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import time
from collections.abc import Callable

import pytest

from tests.conftest import BUNDLED, FIXTURE
from topicgraph.loader import read_curriculum
from topicgraph.model import Chapter
from topicgraph.search import SearchIndex, fts_query

HOSTILE = [
    '"', '""', "'", "AND", "OR", "NOT", "NEAR", "NEAR(", "raft AND", "AND raft", "*", "raft*", "-raft", "- -",
    "title:raft", "{title summary}: raft", "^raft", "(", ")", "raft)", '"raft', "raft OR NOT paxos", "NEAR(raft paxos, 2)",
    "\\", "%", "_", "'; DROP TABLE chapters; --", "\x00", "\x02raft\x03", "ünïcödé", "雷", "🙂", "a" * 5000,
    " ".join(["raft"] * 500), "\n\t", "+", "raft + paxos", ":", "col:", "*raft", "raf*t",
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(read_curriculum(BUNDLED).chapters)


def test_raft_finds_the_consensus_chapter_first(index: SearchIndex) -> None:
    hits = index.search("raft")
    assert hits[0].slug == "consensus-protocols"
    assert hits[0].title == "Consensus: Paxos and Raft"
    # a prefix is enough while typing
    assert index.search("raf")[0].slug == "consensus-protocols"
    assert index.search("Raft")[0].slug == "consensus-protocols"


@pytest.mark.parametrize("query, first", [
    ("consensus", "consensus-protocols"),
    ("kafka", "kafka-log-storage"),
    ("rate limiter", "rate-limiter-case"),
    ("vector database", "qdrant-overview"),
    ("llm serving", "llm-serving-cost"),
    ("load balancing", "load-balancing"),
])
def test_title_matches_rank_first(index: SearchIndex, query: str, first: str) -> None:
    assert index.search(query)[0].slug == first


def test_title_outweighs_summary_outweighs_body() -> None:
    from datetime import datetime

    from topicgraph.model import ContextLink

    def ch(slug: str, title: str, summary: str, body: str) -> Chapter:
        return Chapter(slug, title, ("t",), "easy", "original", datetime(2026, 1, 1), summary,
                       ContextLink("x", "Context", "why"), ("x",), body)

    filler = " ".join(["words"] * 40)
    index = SearchIndex([
        ch("in-body", "Alpha", "Something else.", f"{filler} gossip gossip gossip {filler}"),
        ch("in-summary", "Beta", "How gossip spreads.", filler),
        ch("in-title", "Gossip Protocols", "Something else.", filler),
        ch("nowhere", "Delta", "Nothing.", filler),
    ])
    hits = index.search("gossip")
    assert [h.slug for h in hits] == ["in-title", "in-summary", "in-body"]
    assert [h.column for h in hits] == ["title", "summary", "body"]


def test_summary_and_body_are_searched(index: SearchIndex) -> None:
    cur = read_curriculum(BUNDLED)
    # "Ongaro" appears only in the consensus chapter's body, never in a title or summary
    assert not any("ongaro" in (c.title + c.summary).lower() for c in cur.chapters)
    hits = index.search("ongaro")
    assert [h.slug for h in hits] == ["consensus-protocols"]
    assert hits[0].column == "body"


def test_snippet_marks_the_matched_words(index: SearchIndex) -> None:
    hit = index.search("raft")[0]
    marked = [text for text, matched in hit.parts if matched]
    assert marked and all(text.lower() == "raft" for text in marked)
    assert "raft" in hit.snippet.lower()
    assert "\x02" not in hit.snippet and "\x03" not in hit.snippet
    # Markdown markup is not shown in snippets
    assert "##" not in hit.snippet and "](" not in hit.snippet


def test_all_words_must_match_else_any_word(index: SearchIndex) -> None:
    both = index.search("paxos raft", limit=50)
    assert {h.slug for h in both} <= {h.slug for h in index.search("paxos", limit=50)}
    # no chapter has both words: fall back to chapters with either
    fallback = index.search("raft zzyzxq", limit=50)
    assert [h.slug for h in fallback][:1] == ["consensus-protocols"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(index: SearchIndex, query: str) -> None:
    hits = index.search(query)
    assert isinstance(hits, list)
    assert len(hits) <= 8


def test_hostile_queries_still_find_their_words(index: SearchIndex) -> None:
    for query in ('"raft', "raft AND", "-raft", "title:raft", "NEAR(raft", "raft)", "*raft"):
        assert index.search(query)[0].slug == "consensus-protocols", query


@pytest.mark.parametrize("query", ["", " ", "   \n", "*", "-", '"', "()"])
def test_empty_query_has_no_hits(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []
    assert fts_query(query) == ""


def test_limit(index: SearchIndex) -> None:
    assert len(index.search("system", limit=3)) == 3
    assert len(index.search("system", limit=100)) > 8


def test_fixture_content() -> None:
    cur = read_curriculum(FIXTURE)
    index = SearchIndex(cur.chapters)
    assert len(index) == len(cur.chapters) == 12
    assert index.search("redis")[0].slug == "redis-architecture"


# ---- typos: a word that matches nothing is corrected to the nearest word of the content ----

@pytest.mark.parametrize("query, corrected, first", [
    ("consensys", "consensus", "consensus-protocols"),   # a wrong letter, in a title word
    ("consnesus", "consensus", "consensus-protocols"),   # two letters swapped
    ("kafak", "kafka", "kafka-log-storage"),
    ("redsi", "redis", "redis-architecture"),
    ("qudrant", "qdrant", "qdrant-overview"),            # an extra letter
    ("vectr databse", "vector database", "qdrant-overview"),  # two words, both wrong
    ("leadr election", "leader election", "leader-election"),  # one wrong, one right
    ("load balansing", "load balancing", "load-balancing"),
    ("ongarro", "ongaro", "consensus-protocols"),        # a word found only in a chapter's body
    ("idempotncy", "idempotency", "consistency-idempotency"),
])
def test_typos_are_corrected(index: SearchIndex, query: str, corrected: str, first: str) -> None:
    found = index.find(query)
    assert found.corrected == corrected
    assert found.hits[0].slug == first
    assert index.search(query)[0].slug == first  # search() (Enter on the box) corrects too


def test_body_only_typo_is_not_in_any_title_or_summary(index: SearchIndex) -> None:
    cur = read_curriculum(BUNDLED)
    assert not any("ongaro" in (c.title + c.summary).lower() for c in cur.chapters)
    hit = index.find("ongarro").hits[0]
    assert hit.column == "body" and any(m and t.lower() == "ongaro" for t, m in hit.parts)


@pytest.mark.parametrize("query", [
    "consensus", "raft", "raf", "kafka", "caches", "caching", "sharding", "kubernetes", "Consensus Raft",
    "eventual consistency", "mühleisen", "muhleisen", "leader election ", "paxos raft",
])
def test_correct_words_are_never_corrected(index: SearchIndex, query: str) -> None:
    found = index.find(query)
    assert found.corrected is None, found.corrected
    assert found.hits


def test_words_that_match_are_kept_when_no_chapter_has_all(index: SearchIndex) -> None:
    # both words exist, no chapter holds both: no "did you mean", the any-word fallback
    found = index.find("paxos qdrant", limit=50)
    assert found.corrected is None
    assert {"consensus-protocols", "qdrant-overview"} <= {h.slug for h in found.hits}


@pytest.mark.parametrize("query", ["zzyzxq", "qqqqqqqq", "xkcdxkcd", "zq", "zqx1234", "a" * 5000])
def test_nonsense_gets_no_correction(index: SearchIndex, query: str) -> None:
    found = index.find(query)
    assert found.corrected is None and found.hits == []


def test_short_words_need_an_exact_match(index: SearchIndex) -> None:
    # three letters have too many neighbours to guess from: "rfat" (4) is corrected, "rft" is not
    assert index.find("rfat ").corrected == "raft"
    assert index.find("rft ").corrected is None


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise_a_correction_error(index: SearchIndex, query: str) -> None:
    found = index.find(query)
    assert len(found.hits) <= 8
    assert found.corrected is None or '"' not in found.corrected


def test_typo_check_is_cheap() -> None:
    index = SearchIndex(read_curriculum(BUNDLED).chapters)
    index.find("consensys")  # builds the word list once
    assert median_seconds(lambda: index.find("consensys vectr databse"), 5, time.process_time) < 0.05


# ---- timing: the index is built once per content version, so it must be cheap ----

def synthetic(n: int, seed: int = 7) -> list[Chapter]:
    """*n* chapters made from the bundled ones: same lengths and vocabulary, shuffled sentences."""
    base = read_curriculum(BUNDLED).chapters
    rng = random.Random(seed)
    out = []
    for i in range(n):
        c = base[i % len(base)]
        lines = c.body.splitlines()
        rng.shuffle(lines)
        out.append(dataclasses.replace(c, slug=f"{c.slug}-{i}", title=f"{c.title} {i}", body="\n".join(lines)))
    return out


def median_seconds(fn: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times)


def test_bundled_index_builds_in_well_under_half_a_second() -> None:
    chapters = read_curriculum(BUNDLED).chapters
    # CPU time of this process (SQLite runs in it): a busy shared machine does not make it flaky.
    assert median_seconds(lambda: SearchIndex(chapters), 3, time.process_time) < 0.25


QUERIES = ("raft", "raf", "cache invalidation", "vector database", "k", '"AND NEAR(')


def measure(n: int | None) -> dict[str, float]:
    """Median wall and CPU milliseconds to build the index and to run a query (median over QUERIES)."""
    chapters = read_curriculum(BUNDLED).chapters if n is None else synthetic(n)
    index = SearchIndex(chapters)
    out: dict[str, float] = {"chapters": len(chapters)}
    for name, clock in (("wall", time.perf_counter), ("cpu", time.process_time)):
        out[f"build_ms_{name}"] = round(median_seconds(lambda: SearchIndex(chapters), 5, clock) * 1000, 1)
        out[f"query_ms_{name}"] = round(statistics.median(
            median_seconds(lambda q=q: index.search(q), 21, clock) for q in QUERIES) * 1000, 2)  # type: ignore[misc]
    return out


if __name__ == "__main__":
    for size in (None, 5000):
        print(measure(size))
