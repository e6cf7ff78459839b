"""Full-text search over chapters: SQLite FTS5 ranked by bm25, with a snippet of the match.

The index is a SQLite database in a temporary file, built once per content version and deleted
with the index: the operating system's page cache holds it, not the server's memory (at 20,000
chapters an in-memory index added ~100 MB to every server process).
User input never reaches FTS5's query language: it is split into words, each word
is quoted, and the last one is matched as a prefix, so typing "raf" already finds raft.

Typos: when no chapter has every word, each word that matches nothing is replaced by the nearest
word of the content (Damerau-Levenshtein distance by ``rapidfuzz`` over the index's own vocabulary,
read with ``fts5vocab``); the hits of the corrected query come back with a "did you mean" text.
A word that matches anything is never corrected.

>>> from topicgraph.model import Chapter, ContextLink
>>> from datetime import datetime
>>> def ch(slug, title, summary, body):
...     return Chapter(slug, title, ("t",), "easy", "original", datetime(2026, 1, 1), summary,
...                    ContextLink("x", "Context", "why"), ("x",), body)
>>> index = SearchIndex([
...     ch("raft", "Consensus: Paxos and Raft", "Agreeing on one log.", "Leaders and terms."),
...     ch("logs", "Log Storage", "Append-only files.", "Raft keeps a log too."),
... ])
>>> [h.slug for h in index.search("raf")]
['raft', 'logs']
>>> index.search('") OR *: NEAR(') == []  # FTS5 syntax in the input is just text
True
>>> found = index.find("consensys")
>>> found.corrected, [h.slug for h in found.hits]
('consensus', ['raft'])
>>> index.find("raft").corrected is None
True
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .model import Chapter

#: Weights of the indexed columns: a title match outranks a summary match outranks a body match.
#: The rank is the weighted sum of each column's own bm25 score (BM25F-like). FTS5's column
#: weights alone scale term counts *before* bm25 saturates them, so a word repeated in a long
#: body would tie with the title; summing per-column scores keeps the title on top.
WEIGHTS = (10.0, 4.0, 1.0)
_COLUMNS = ("title", "summary", "body")
# Marks around matched words inside a snippet: control characters that never occur in content
# (they are stripped before indexing), so the split back into parts is exact.
_OPEN, _CLOSE = "\x02", "\x03"
_ELLIPSIS = "…"
_WORD = re.compile(r"\w+", re.UNICODE)
_MAX_WORDS = 12  # longer inputs are cut: the query stays cheap whatever is pasted in
#: Words shorter than this are never corrected (too many neighbours); longer than the last, neither.
MIN_TYPO_LENGTH, MAX_TYPO_LENGTH = 4, 40

# Markdown markup that would only clutter a snippet: link targets, heading marks (a heading gets a
# colon, so it reads as a lead-in), list/quote markers, then (by a translation table, the cheapest
# pass) emphasis, code and table characters and control characters, which keeps the marks unique.
# The patterns start with a literal character ("[", "\n"), which lets `re` skip ahead quickly.
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HEADING = re.compile(r"\n#{1,6}[ \t]+([^\n]*)")
_LINE_MARK = re.compile(r"\n[ \t]{0,3}(?:[-*+]|\d+[.)]|>)[ \t]+")
_BLANK = str.maketrans({ch: " " for ch in "*_`|" + "".join(map(chr, [*range(0, 9), *range(11, 32), 127]))})
_SPACE = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """Markdown reduced to the words a reader sees (what the index stores for the body).

    >>> plain_text("## Key ideas\\n- **Raft** elects a [leader](/?chapter=leader-election).")
    'Key ideas:\\n  Raft   elects a leader.'
    """
    text = _LINE_MARK.sub("\n", _HEADING.sub(r"\n\1:", _LINK.sub(r"\1", "\n" + markdown)))
    return text.translate(_BLANK).strip()


def fts_query(text: str, prefix: bool = True, any_word: bool = False) -> str:
    """Turn arbitrary user input into a safe FTS5 query: every word quoted (so ``AND``, ``NEAR``,
    ``*``, ``-`` and quotes are plain text), the last one a prefix unless the input ends with a space.

    >>> fts_query('raf')
    '"raf"*'
    >>> fts_query('consensus "AND" raft* -paxos NEAR(x')
    '"consensus" "and" "raft" "paxos" "near" "x"*'
    >>> fts_query("leader ", any_word=True)
    '"leader"'
    >>> fts_query("  -*  ")
    ''
    """
    words = [w.lower() for w in _WORD.findall(text)][:_MAX_WORDS]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    if prefix and not text[-1:].isspace():
        quoted[-1] += "*"
    return (" OR " if any_word else " ").join(quoted)


@dataclass(frozen=True)
class Hit:
    """One search result: the chapter, its bm25 score (lower is better) and a snippet.

    ``parts`` is the snippet split into ``(text, matched)`` pieces, so a view can highlight
    the matched words without ever treating the text as markup.
    """

    slug: str
    title: str
    score: float
    column: str
    parts: tuple[tuple[str, bool], ...]

    @property
    def snippet(self) -> str:
        return "".join(text for text, _ in self.parts)


@dataclass(frozen=True)
class Found:
    """Hits for a query and, when typos were corrected to find them, the corrected query
    (``corrected``, lower case, for a "Did you mean …" line); else ``corrected`` is None."""

    hits: list[Hit] = field(default_factory=list)
    corrected: str | None = None


def max_typos(word: str) -> int:
    """Edits allowed when correcting *word*: one for short words, two from six letters on.

    >>> [max_typos(w) for w in ("raf", "kafak", "consensys")]
    [0, 1, 2]
    """
    n = len(word)
    if n < MIN_TYPO_LENGTH or n > MAX_TYPO_LENGTH or any(ch.isdigit() for ch in word):
        return 0
    return 1 if n < 6 else 2


def split_marks(snippet: str) -> tuple[tuple[str, bool], ...]:
    """``"a \\x02b\\x03 c"`` -> ``(("a ", False), ("b", True), (" c", False))``.

    >>> split_marks("x \\x02raft\\x03 y")
    (('x ', False), ('raft', True), (' y', False))
    """
    out: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{_OPEN}{_CLOSE}]", _SPACE.sub(" ", snippet))):
        if piece:
            out.append((piece, i % 2 == 1))
    return tuple(out)


class SearchIndex:
    """An in-memory FTS5 index of chapters (title, summary, plain-text body).

    One SQLite connection serves every Streamlit session, guarded by a lock: a query takes
    about a millisecond, so sessions never wait long.
    """

    def __init__(self, chapters: Iterable[Chapter]) -> None:
        folder = tempfile.mkdtemp(prefix="topicgraph-search-")
        self._db = sqlite3.connect(f"{folder}/index.sqlite", check_same_thread=False)
        weakref.finalize(self, _remove, self._db, folder)
        # A throwaway copy of the content: no journal, no waiting for the disk.
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._lock = threading.Lock()
        self._db.execute(
            "CREATE VIRTUAL TABLE chapters USING fts5(title, summary, body, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        rows = [c for c in chapters]
        self._slugs = [c.slug for c in rows]
        self._titles = [c.title for c in rows]
        self._db.executemany(
            "INSERT INTO chapters(rowid, title, summary, body) VALUES (?, ?, ?, ?)",
            ((i, c.title.translate(_BLANK), c.summary.translate(_BLANK), plain_text(c.body))
             for i, c in enumerate(rows)),
        )
        self._db.commit()
        self._vocab: tuple[list[str], list[int]] | None = None  # words and their chapter counts, on first typo

    def __len__(self) -> int:
        return len(self._slugs)

    def search(self, text: str, limit: int = 8) -> list[Hit]:
        """The best *limit* chapters for *text*, best first (typos corrected, see :meth:`find`)."""
        return self.find(text, limit).hits

    def find(self, text: str, limit: int = 8) -> Found:
        """The best *limit* chapters for *text*, best first. All words must match; when no chapter
        has them all, words that match nothing are corrected to the nearest indexed word, and if
        that finds nothing either, chapters with any of the words are ranked instead. Never raises
        on user input.
        """
        query = fts_query(text)
        if not query:
            return Found()
        hits = self._run(query, limit)
        if hits:
            return Found(hits)
        corrected = self.correct(text)
        if corrected is not None:
            fixed = self._ranked(corrected, limit)
            if fixed:
                return Found(fixed, corrected.strip())
        return Found(self._ranked(text, limit) if query.count('"') > 2 else [])

    def _ranked(self, text: str, limit: int) -> list[Hit]:
        """All words, else any word."""
        for any_word in (False, True):
            query = fts_query(text, any_word=any_word)
            hits = self._run(query, limit) if query else []
            if hits or query.count('"') <= 2:
                return hits
        return []

    def correct(self, text: str) -> str | None:
        """*text* (lower case, words only) with each word that matches no chapter replaced by the
        nearest word of the index, or None when no word needed or found a correction.
        The last word keeps matching as a prefix, as in :func:`fts_query`.
        """
        words = [w.lower() for w in _WORD.findall(text)][:_MAX_WORDS]
        prefix = bool(words) and not text[-1:].isspace()
        out, changed = [], False
        for i, word in enumerate(words):
            last = prefix and i == len(words) - 1
            fix = None if self._matches(word, last) else self._nearest(word)
            changed |= fix is not None
            out.append(fix or word)
        if not changed:
            return None
        return " ".join(out) + ("" if prefix else " ")

    def _matches(self, word: str, prefix: bool) -> bool:
        query = fts_query(word + ("" if prefix else " "))
        if not query:
            return True
        try:
            with self._lock:
                return self._db.execute("SELECT 1 FROM chapters WHERE chapters MATCH ? LIMIT 1",
                                        (query,)).fetchone() is not None
        except sqlite3.Error:
            return True

    def _nearest(self, word: str) -> str | None:
        """The indexed word nearest to *word*: fewest edits (a swap of two letters is one edit),
        then the word in the most chapters."""
        limit = max_typos(word)
        if not limit:
            return None
        words, docs = self._words()
        found = process.extract(word, words, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=None)
        if not found:
            return None
        return str(min(found, key=lambda m: (m[1], -docs[m[2]], m[0]))[0])

    def _words(self) -> tuple[list[str], list[int]]:
        """Every word of the index as written (case folded) with its number of chapters, read with
        ``fts5vocab`` from a second, position-free index built on the first typo (the main index
        keeps only Porter stems). ~20 ms at 213 chapters, ~1 s at 20,000."""
        if self._vocab is None:
            with self._lock:
                self._db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(text, content='', "
                                 "detail=none, tokenize='unicode61 remove_diacritics 0')")
                self._db.execute("INSERT INTO words(rowid, text) "
                                 "SELECT rowid, title || ' ' || summary || ' ' || body FROM chapters")
                self._db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(words, row)")
                rows = self._db.execute("SELECT term, doc FROM vocab").fetchall()
            # Only words of letters: a number or a code is no correction for a typo.
            rows = [(t, d) for t, d in rows if t.isalpha()]
            self._vocab = ([t for t, _ in rows], [d for _, d in rows])
        return self._vocab

    def _run(self, query: str, limit: int) -> list[Hit]:
        rank = " + ".join(
            f"{w} * bm25(chapters, {', '.join('1' if j == i else '0' for j in range(len(WEIGHTS)))})"
            for i, w in enumerate(WEIGHTS)
        )
        sql = (
            f"SELECT rowid, {rank} AS score, "
            f"snippet(chapters, 1, ?, ?, ?, 14), snippet(chapters, 2, ?, ?, ?, 14), summary "
            "FROM chapters WHERE chapters MATCH ? ORDER BY score LIMIT ?"
        )
        marks = (_OPEN, _CLOSE, _ELLIPSIS)
        try:
            with self._lock:
                rows = self._db.execute(sql, (*marks, *marks, query, limit)).fetchall()
        except sqlite3.Error:  # cannot happen with a quoted query; never let input break the page
            return []
        hits = []
        for rowid, score, summary_snip, body_snip, summary in rows:
            # Show where the words were found: the body when it matched, else the summary.
            if _OPEN in body_snip:
                column, snip = "body", body_snip
            elif _OPEN in summary_snip:
                column, snip = "summary", summary_snip
            else:
                column, snip = "title", summary
            hits.append(Hit(self._slugs[rowid], self._titles[rowid], float(score), column, split_marks(snip)))
        return hits


def _remove(db: sqlite3.Connection, folder: str) -> None:
    db.close()
    shutil.rmtree(folder, ignore_errors=True)
