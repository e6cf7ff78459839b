"""Search in each language: a stemmed FTS5 index of the texts a Russian reader sees, and
:class:`BilingualSearch`, which asks the index of the reader's language first and the other one
when that finds nothing (or when the words are in the other alphabet), saying which one answered.

Kept apart from :mod:`topicgraph.search` (the English index, bm25 with porter stemming) so the two
can change independently. SQLite's FTS5 has no Russian stemmer, so words are stemmed here with
Snowball (Russian for Cyrillic words, English for Latin ones, which Russian technical text is full
of) and FTS5 indexes the stems; snippets are cut from the original text by the same stems.

>>> from topicgraph.model import Chapter, ContextLink
>>> from datetime import datetime
>>> def ch(slug, title, body):
...     return Chapter(slug, title, ("t",), "easy", "original", datetime(2026, 1, 1), "Кратко.",
...                    ContextLink("x", "Контекст", "Зачем."), ("x",), body, lang="ru")
>>> index = StemmedIndex([ch("sharding", "Шардирование", "Данные делят по ключу."),
...                       ch("replication", "Репликация", "Копии данных и шардирования нет.")])
>>> [h.slug for h in index.search("шардирования")]
['sharding', 'replication']
>>> [(text, hit) for text, hit in index.search("данных")[0].parts][:2]
[('Данные', True), (' делят по ключу.', False)]
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Protocol

import snowballstemmer  # type: ignore[import-untyped]

from ..model import Chapter
from ..search import WEIGHTS, Found, Hit, plain_text

_WORD = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MAX_WORDS = 12
_SNIPPET_WORDS = 14
_ELLIPSIS = "…"


def has_cyrillic(text: str) -> bool:
    """True when *text* has a Cyrillic letter.

    >>> has_cyrillic("raft"), has_cyrillic("Рафт")
    (False, True)
    """
    return bool(_CYRILLIC.search(text))


class _Stemmer:
    """Word → stem: Russian Snowball for Cyrillic words, English for the rest; memoised (text repeats words).
    Not thread-safe: each index keeps its own and calls it under its lock."""

    def __init__(self) -> None:
        self._ru = snowballstemmer.stemmer("russian")
        self._en = snowballstemmer.stemmer("english")
        self._memo: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        word = word.lower().replace("ё", "е")
        stem = self._memo.get(word)
        if stem is None:
            stem = (self._ru if has_cyrillic(word) else self._en).stemWord(word) or word
            if len(self._memo) < 200_000:
                self._memo[word] = stem
        return stem

    def text(self, text: str) -> str:
        return " ".join(self(w) for w in _WORD.findall(text))


@dataclass(frozen=True)
class LangHit(Hit):
    """A hit plus the language of the index that found it (the note "found in the Russian text")."""

    lang: str = "en"


def tag(hit: Hit, lang: str) -> LangHit:
    return LangHit(**{f.name: getattr(hit, f.name) for f in fields(hit)}, lang=lang)


class StemmedIndex:
    """FTS5 over Snowball stems of title, summary and plain-text body, ranked like the English index
    (per-column bm25, title weighted highest). The texts are whatever the chapters carry: pass a
    localized curriculum's chapters to index what a reader of that language sees."""

    def __init__(self, chapters: Iterable[Chapter], lang: str = "ru") -> None:
        self.lang = lang
        folder = tempfile.mkdtemp(prefix=f"topicgraph-search-{lang}-")
        self._db = sqlite3.connect(f"{folder}/index.sqlite", check_same_thread=False)
        weakref.finalize(self, _remove, self._db, folder)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._lock = threading.Lock()
        self._stem = _Stemmer()
        self._db.execute("CREATE VIRTUAL TABLE chapters USING fts5(title, summary, body, "
                         "tokenize = 'unicode61 remove_diacritics 0')")
        self._chapters = list(chapters)
        stem = self._stem.text
        self._db.executemany("INSERT INTO chapters(rowid, title, summary, body) VALUES (?, ?, ?, ?)",
                             ((i, stem(c.title), stem(c.summary), stem(plain_text(c.body)))
                              for i, c in enumerate(self._chapters)))
        self._db.commit()

    def __len__(self) -> int:
        return len(self._chapters)

    def search(self, text: str, limit: int = 8) -> list[Hit]:
        """Best *limit* chapters for *text*; all words first, any word when none has them all."""
        words = _WORD.findall(text)[:_MAX_WORDS]
        if not words:
            return []
        with self._lock:
            stems = [self._stem(w) for w in words]
        prefix = not text[-1:].isspace()
        for any_word in (False, True):
            quoted = [f'"{s}"' for s in stems]
            if prefix:
                quoted[-1] += "*"
            hits = self._run((" OR " if any_word else " ").join(quoted), limit, stems, prefix)
            if hits or len(stems) == 1:
                return hits
        return []

    def _run(self, query: str, limit: int, stems: Sequence[str], prefix: bool) -> list[Hit]:
        rank = " + ".join(f"{w} * bm25(chapters, {', '.join('1' if j == i else '0' for j in range(len(WEIGHTS)))})"
                          for i, w in enumerate(WEIGHTS))
        try:
            with self._lock:
                rows = self._db.execute(f"SELECT rowid, {rank} AS score FROM chapters WHERE chapters MATCH ? "
                                        "ORDER BY score LIMIT ?", (query, limit)).fetchall()
        except sqlite3.Error:  # cannot happen with quoted words; never let input break the page
            return []
        hits: list[Hit] = []
        for rowid, score in rows:
            c = self._chapters[rowid]
            column = "title"
            parts: tuple[tuple[str, bool], ...] = ((c.summary, False),)  # only the title matched: the summary
            for where, source in (("body", plain_text(c.body)), ("summary", c.summary)):
                found = self._snippet(source, stems, prefix)
                if found is not None:
                    column, parts = where, found
                    break
            hits.append(Hit(c.slug, c.title, float(score), column, parts))
        return hits

    def _snippet(self, text: str, stems: Sequence[str], prefix: bool) -> tuple[tuple[str, bool], ...] | None:
        """About :data:`_SNIPPET_WORDS` words of *text* around the first match, matches marked."""
        words = list(_WORD.finditer(text))
        exact, last = set(stems), stems[-1]

        def hit(word: str) -> bool:
            stem = self._stem(word)
            return stem in exact or (prefix and stem.startswith(last))

        with self._lock:  # stems up to the first match, then only the window around it
            first = next((i for i, m in enumerate(words) if hit(m[0])), None)
            if first is None:
                return None
            start = max(0, first - 3)
            end = min(len(words), start + _SNIPPET_WORDS)
            matched = {i for i in range(start, end) if hit(words[i][0])}
        lo = words[start].start()
        hi = words[end - 1].end() if end < len(words) else len(text)
        out: list[tuple[str, bool]] = [(_ELLIPSIS, False)] if start > 0 else []
        pos = lo
        for i in range(start, end):
            m = words[i]
            if i in matched:
                if m.start() > pos:
                    out.append((_squash(text[pos:m.start()]), False))
                out.append((m[0], True))
                pos = m.end()
        if hi > pos:
            out.append((_squash(text[pos:hi]), False))
        if end < len(words):
            out.append((_ELLIPSIS, False))
        return tuple(out)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _remove(db: sqlite3.Connection, folder: str) -> None:
    db.close()
    shutil.rmtree(folder, ignore_errors=True)


class Searcher(Protocol):
    def search(self, text: str, limit: int = 8) -> list[Hit]: ...


class BilingualSearch:
    """Search for a reader of *lang*: the index of that language first, the other one when it finds
    nothing; Cyrillic words in the English interface go to the Russian index first. Every hit says
    which index found it (:class:`LangHit`), so the page can say "found in the Russian text".

    *russian* builds (or returns the cached) Russian index on first use, or returns None when the
    content has no Russian text, so English-only content never pays for it.
    """

    def __init__(self, lang: str, english: Searcher, russian: Callable[[], Searcher | None]) -> None:
        self.lang, self._english, self._russian = lang, english, russian

    def search(self, text: str, limit: int = 8) -> list[Hit]:
        for lang in self._order(text):
            index = self._english if lang == "en" else self._russian()
            if index is None:
                continue
            hits = index.search(text, limit=limit)
            if hits:
                return [tag(h, lang) for h in hits]
        return []

    def find(self, text: str, limit: int = 8) -> Found:
        """As :meth:`search`, and when an index corrected typos to find its hits (the English one,
        :meth:`topicgraph.search.SearchIndex.find`), the corrected query for a "did you mean" line."""
        for lang in self._order(text):
            index = self._english if lang == "en" else self._russian()
            if index is None:
                continue
            find = getattr(index, "find", None)
            found = find(text, limit=limit) if find is not None else Found(index.search(text, limit=limit))
            if found.hits:
                return Found([tag(h, lang) for h in found.hits], found.corrected)
        return Found()

    def _order(self, text: str) -> list[str]:
        return ["ru", "en"] if self.lang == "ru" or has_cyrillic(text) else ["en", "ru"]
