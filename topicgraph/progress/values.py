"""Values of the progress store: statuses, entries, its typed errors and the export file format."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

NOT_STARTED, READING, DONE, SKIPPED = "not-started", "reading", "done", "skipped"
STATUSES: tuple[str, ...] = (NOT_STARTED, READING, DONE, SKIPPED)
STATUS_LABELS: Mapping[str, str] = {NOT_STARTED: "Not started", READING: "Reading", DONE: "Done",
                                    SKIPPED: "Skipped"}
NAME_MAX = 40
CHAPTER_MAX = 200
FILE_FORMAT = "topicgraph-progress"
UTC = timezone.utc


# --------------------------------------------------------------------------- errors


class StoreUnavailable(RuntimeError):
    """The progress database cannot be used right now. ``kind`` is one of ``config`` (the URL or a setting
    is wrong), ``unreachable``, ``locked``, ``read-only``, ``corrupt``, ``newer`` (a newer app's schema),
    ``deleted`` / ``replaced`` (the SQLite file, while the app runs), ``disk-full``, ``missing-table``,
    ``error``. ``todo`` never repeats the location, so :meth:`describe` can leave it out for people who
    may not see it (the location names the database user, host and port).

    >>> e = StoreUnavailable("locked", "The progress database is locked", "/tmp/p.sqlite", "Try again.")
    >>> str(e)
    'The progress database is locked (/tmp/p.sqlite). Try again.'
    >>> e.describe(show_where=False)
    'The progress database is locked. Try again.'
    """

    def __init__(self, kind: str, what: str, where: str, todo: str) -> None:
        self.kind, self.what, self.where, self.todo = kind, what, where, todo
        super().__init__(f"{what} ({where}). {todo}")

    def describe(self, show_where: bool = True) -> str:
        return str(self) if show_where else f"{self.what}. {self.todo}"


class ProgressFileError(ValueError):
    """An import file that is not a valid progress export; ``field`` locates the problem.

    >>> str(ProgressFileError("chapters[2].status", "must be one of not-started, reading, done, skipped"))
    'chapters[2].status: must be one of not-started, reading, done, skipped'
    """

    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class Entry:
    chapter: str
    status: str
    updated_at: datetime


#: How many chapters of an import that are not in the content are named (the rest are counted).
UNKNOWN_SHOWN = 20


@dataclass(frozen=True)
class ImportResult:
    """What an import did. Chapters not in the content are never stored: counted, the first
    :data:`UNKNOWN_SHOWN` named (in file order).

    >>> str(ImportResult(1, 0, 2, 3, ("a", "b", "c")))
    '1 added, 0 updated, 2 kept (already as new or newer); 3 not in this curriculum, not imported: a, b, c'
    >>> str(ImportResult(0, 0, 0, 25, tuple("abcdefghijklmnopqrst"))).split(": ", 1)[1]
    'first 20: a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t … (5 more)'
    """

    added: int
    updated: int
    kept: int  # the stored status was as new or newer, so it stayed
    unknown: int = 0  # entries for chapters not in the content: not stored
    unknown_first: tuple[str, ...] = ()
    elsewhere: int = 0  # entries of other curricula in a whole-profile export: left out

    def __str__(self) -> str:
        text = f"{self.added} added, {self.updated} updated, {self.kept} kept (already as new or newer)"
        if self.unknown:
            names = ", ".join(self.unknown_first)
            more = self.unknown - len(self.unknown_first)
            listed = f"first {len(self.unknown_first)}: {names} … ({more:,} more)" if more > 0 else names
            text += f"; {self.unknown:,} not in this curriculum, not imported: {listed}"
        if self.elsewhere:
            text += f"; {self.elsewhere:,} of other curricula left out (open one to import its statuses)"
        return text


def _size(n: int) -> str:
    """
    >>> _size(49_123_456), _size(5_000_000), _size(2_048), _size(12)
    ('49.1 MB', '5 MB', '2 kB', '12 bytes')
    """
    if n >= 1_000_000:
        return f"{n / 1e6:.1f}".removesuffix(".0") + " MB"
    return f"{n / 1e3:.0f} kB" if n >= 1_000 else f"{n} bytes"


@dataclass(frozen=True)
class ImportLimits:
    """What one import may hold; checked before anything is parsed or written. Set with
    ``TOPICGRAPH_IMPORT_MAX_BYTES`` and ``TOPICGRAPH_IMPORT_MAX_ENTRIES``.

    >>> ImportLimits.from_env({"TOPICGRAPH_IMPORT_MAX_ENTRIES": "500"})
    ImportLimits(max_bytes=5000000, max_entries=500)
    >>> ImportLimits.from_env({"TOPICGRAPH_IMPORT_MAX_BYTES": "5MB"})
    Traceback (most recent call last):
    ...
    ValueError: TOPICGRAPH_IMPORT_MAX_BYTES must be a whole number above 0, not '5MB'
    """

    max_bytes: int = 5_000_000
    max_entries: int = 20_000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ImportLimits:
        env = os.environ if env is None else env
        values: dict[str, int] = {}
        for name, key in (("TOPICGRAPH_IMPORT_MAX_BYTES", "max_bytes"),
                          ("TOPICGRAPH_IMPORT_MAX_ENTRIES", "max_entries")):
            raw = env.get(name, "").strip()
            if raw:
                if not raw.isdigit() or int(raw) < 1:
                    raise ValueError(f"{name} must be a whole number above 0, not {raw[:20]!r}")
                values[key] = int(raw)
        return cls(**values)


def clean_profile_name(name: str) -> str:
    """A profile name as stored: trimmed, inner whitespace collapsed, 1-40 printable characters.

    >>> clean_profile_name("  Ada   Lovelace ")
    'Ada Lovelace'
    >>> clean_profile_name("a\\x00b")
    Traceback (most recent call last):
    ...
    ValueError: A profile name cannot contain control characters.
    """
    # ZWJ/ZWNJ are format characters that words and emoji need; people.check_name decides where they may go.
    if any(unicodedata.category(ch) in ("Cc", "Cf") and not ch.isspace() and ch not in "\u200c\u200d"
           for ch in name):
        raise ValueError("A profile name cannot contain control characters.")
    cleaned = re.sub(r"\s+", " ", name).strip()
    if not cleaned:
        raise ValueError("A profile name cannot be empty.")
    if len(cleaned) > NAME_MAX:
        raise ValueError(f"A profile name has at most {NAME_MAX} characters.")
    return cleaned


def _now() -> datetime:
    return datetime.now(UTC)


def _shown(value: str, limit: int = 40) -> str:
    """A value from the file quoted in a message: short, and printable whatever it holds.

    >>> _shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (100 characters)"
    """
    text = ascii(value[:limit])
    return f"{text[:-1]}…{text[-1]} ({len(value):,} characters)" if len(value) > limit else text


def _key(key: str) -> str:
    """A field name from the file, as it appears in a message."""
    return key if len(key) <= 40 and key.isprintable() and _plain(key) else _shown(key)


# Control characters (Cc) and lone surrogates (not Unicode: no database can store them).
_NOT_PLAIN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _plain(value: str) -> bool:
    """
    >>> _plain("redis-architecture"), _plain("a\\x00"), _plain("a\\ud800"), _plain("日本")
    (True, False, False, True)
    """
    return _NOT_PLAIN.search(value) is None


def _parse_time(value: Any, field: str, latest: datetime | None = None) -> datetime:
    if not isinstance(value, str):
        raise ProgressFileError(field, "must be an ISO date-time string")
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except ValueError:
        raise ProgressFileError(field, f"{_shown(value)} is not an ISO date-time") from None
    except OverflowError:  # e.g. 0001-01-01T00:00+05:00 is before the first representable instant in UTC
        raise ProgressFileError(field, f"{_shown(value)} is out of range") from None
    if when > (latest or _now() + timedelta(days=1)):  # it would win every later merge
        raise ProgressFileError(field, f"{_shown(value)} is in the future")
    return when


_DIGITS_MAX = 18


def _int(text: str) -> int:
    # Python refuses (ValueError, not JSONDecodeError) integers past 4,300 digits; refuse long ones first.
    if len(text.lstrip("-")) > _DIGITS_MAX:
        raise ProgressFileError("file", f"a number with {len(text.lstrip('-')):,} digits (at most {_DIGITS_MAX})")
    return int(text)


def _float(text: str) -> float:
    if len(text) > 40:
        raise ProgressFileError("file", f"a number with {len(text):,} characters (at most 40)")
    return float(text)


def _constant(name: str) -> Any:
    raise ProgressFileError("file", f"{name} is not JSON")


def check_size(size: int, limits: ImportLimits) -> None:
    """Refuse an import of ``size`` bytes before reading it.

    >>> check_size(49_000_000, ImportLimits())
    Traceback (most recent call last):
    ...
    topicgraph.progress.values.ProgressFileError: file: is 49 MB; an import may be at most 5 MB
    """
    if size > limits.max_bytes:
        raise ProgressFileError("file", f"is {_size(size)}; an import may be at most {_size(limits.max_bytes)}")


_ENTRY = frozenset({"chapter", "status", "updated_at"})
_TOP = {"format", "version", "profile", "exported_at", "curriculum", "curriculum_name", "chapters"}


@dataclass(frozen=True)
class ProgressFile:
    """A checked export: its entries and, for an export of one curriculum, that curriculum's id and name
    (its chapters are then plain slugs; a whole-profile export has neither and holds the store's keys)."""

    entries: list[Entry]
    curriculum: str | None = None
    curriculum_name: str | None = None


def parse_progress_file(data: str | bytes, limits: ImportLimits | None = None) -> list[Entry]:
    """The entries of an export (see :func:`read_progress_file`).

    >>> parse_progress_file('{"format": "topicgraph-progress", "version": 1, "chapters": []}')
    []
    """
    return read_progress_file(data, limits).entries


def read_progress_file(data: str | bytes, limits: ImportLimits | None = None) -> ProgressFile:
    """Validate an export file completely (nothing is written until it all checks out). Every problem,
    whatever the file holds, is a :class:`ProgressFileError` naming the field.

    >>> read_progress_file('{"format": "topicgraph-progress", "version": 1, "curriculum": "vault", "chapters": []}')
    ProgressFile(entries=[], curriculum='vault', curriculum_name=None)
    >>> parse_progress_file('["x"]')
    Traceback (most recent call last):
    ...
    topicgraph.progress.values.ProgressFileError: file: must be a JSON object
    >>> parse_progress_file('{"format": "topicgraph-progress", "version": true, "chapters": []}')
    Traceback (most recent call last):
    ...
    topicgraph.progress.values.ProgressFileError: version: must be the number 1
    """
    limits = limits or ImportLimits()
    size = len(data)  # a str has at least as many UTF-8 bytes as characters
    if isinstance(data, str) and size <= limits.max_bytes:
        size = len(data.encode("utf-8", "replace"))
    check_size(size, limits)
    try:
        doc = json.loads(data, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except ProgressFileError:
        raise
    except UnicodeDecodeError:
        raise ProgressFileError("file", "not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise ProgressFileError("file", f"not JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except RecursionError:
        raise ProgressFileError("file", "nested too deeply (an export is three levels deep)") from None
    except ValueError as e:  # anything else json refuses
        raise ProgressFileError("file", f"not JSON ({str(e)[:80]})") from None
    if not isinstance(doc, dict):
        raise ProgressFileError("file", "must be a JSON object")
    unknown_top = sorted(set(doc) - _TOP)
    if unknown_top:
        raise ProgressFileError(_key(unknown_top[0]), "unknown field (expected format, version, profile, "
                                "exported_at, curriculum, curriculum_name, chapters)")
    if doc.get("format") != FILE_FORMAT:
        raise ProgressFileError("format", f"must be {FILE_FORMAT!r} (is this a progress export?)")
    if type(doc.get("version")) is not int or doc.get("version") != 1:
        raise ProgressFileError("version", "must be the number 1")
    for key in ("profile", "exported_at", "curriculum", "curriculum_name"):  # of the right type and size
        if key in doc and (not isinstance(doc[key], str) or len(doc[key]) > CHAPTER_MAX):
            raise ProgressFileError(key, f"must be a string of at most {CHAPTER_MAX} characters")
    items = doc.get("chapters")
    if not isinstance(items, list):
        raise ProgressFileError("chapters", "must be a list")
    if len(items) > limits.max_entries:
        raise ProgressFileError("chapters", f"has {len(items):,} entries; an import may hold at most "
                                            f"{limits.max_entries:,}")
    newest: dict[str, Entry] = {}
    latest = _now() + timedelta(days=1)
    for i, item in enumerate(items):
        where = f"chapters[{i}]"
        if not isinstance(item, dict):
            raise ProgressFileError(where, "must be an object with chapter, status and updated_at")
        if item.keys() - _ENTRY:
            raise ProgressFileError(f"{where}.{_key(sorted(item.keys() - _ENTRY)[0])}", "unknown field")
        slug = item.get("chapter")
        if not isinstance(slug, str) or not slug.strip() or len(slug) > CHAPTER_MAX:
            raise ProgressFileError(f"{where}.chapter", f"must be a chapter slug of 1-{CHAPTER_MAX} characters")
        if not _plain(slug):
            raise ProgressFileError(f"{where}.chapter", f"{_shown(slug)} holds a control character or a lone "
                                                        "surrogate (not text)")
        status = item.get("status")
        if status not in STATUSES:
            raise ProgressFileError(f"{where}.status", "must be one of " + ", ".join(STATUSES))
        entry = Entry(slug, status, _parse_time(item.get("updated_at"), f"{where}.updated_at", latest))
        if slug not in newest or entry.updated_at > newest[slug].updated_at:
            newest[slug] = entry
    return ProgressFile(list(newest.values()), doc.get("curriculum"), doc.get("curriculum_name"))


