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

from babel.numbers import get_decimal_symbol

from ..i18n import DEFAULT_LANG, t

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
    """An import file that is not a valid progress export; ``field`` locates the problem (a JSON path of
    the file, or ``file``). The reason is a catalog key with its parameters: ``str(e)`` and ``message``
    are English (the CLI's words), :meth:`text` says it in any interface language.

    >>> e = ProgressFileError("chapters[2].status", "progress.file.status",
    ...                       values="not-started, reading, done, skipped")
    >>> str(e)
    'chapters[2].status: must be one of not-started, reading, done, skipped'
    >>> e.text("ru")
    'chapters[2].status: должно быть одним из значений: not-started, reading, done, skipped'
    >>> ProgressFileError("file", "progress.file.not_utf8").text("ru")
    'файл: не текст в кодировке UTF-8'
    """

    def __init__(self, field: str | _Part, key: str, **params: Any) -> None:
        self._field = field
        self.field = field.text(DEFAULT_LANG) if isinstance(field, _Part) else field
        self.key, self.params = key, params
        self.message = self.reason(DEFAULT_LANG)
        super().__init__(f"{self.field}: {self.message}")

    def reason(self, lang: str) -> str:
        """The reason alone, in *lang*."""
        return t(self.key, lang, **{k: v.text(lang) if isinstance(v, _Part) else v for k, v in self.params.items()})

    def text(self, lang: str) -> str:
        """Field and reason in *lang*. The field is the file's own name for it and stays as is; only
        ``file`` (the whole file, not a field) is said in the language."""
        if isinstance(self._field, _Part):
            field = self._field.text(lang)
        else:
            field = t("progress.field.file", lang) if self._field == "file" else self._field
        return f"{field}: {self.reason(lang)}"


class _Part:
    """A parameter of a :class:`ProgressFileError` that is itself worded per language."""

    def text(self, lang: str) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class _Phrase(_Part):
    key: str

    def text(self, lang: str) -> str:
        return t(self.key, lang)


@dataclass(frozen=True)
class _Quoted(_Part):
    """A value from the file quoted in a message: short, and printable whatever it holds.

    >>> _Quoted("x" * 100).text("en")
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (100 characters)"
    >>> _Quoted("x" * 100).text("ru").split("' ")[1]
    '(100 символов)'
    """

    value: str
    limit: int = 40

    def text(self, lang: str) -> str:
        text = ascii(self.value[:self.limit])
        if len(self.value) <= self.limit:
            return text
        return f"{text[:-1]}…{text[-1]} ({t('progress.file.characters', lang, n=len(self.value))})"


@dataclass(frozen=True)
class _Size(_Part):
    """
    >>> [_Size(n).text("en") for n in (49_123_456, 5_000_000, 2_048, 12)]
    ['49.1 MB', '5 MB', '2 kB', '12 bytes']
    >>> [_Size(n).text("ru") for n in (49_123_456, 5_000_000, 2_048, 12)]
    ['49,1 МБ', '5 МБ', '2 КБ', '12 байт']
    """

    n: int

    def text(self, lang: str) -> str:
        return _size(self.n, lang)


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


def _size(n: int, lang: str = DEFAULT_LANG) -> str:
    """
    >>> _size(49_123_456), _size(5_000_000), _size(2_048), _size(12)
    ('49.1 MB', '5 MB', '2 kB', '12 bytes')
    """
    if n >= 1_000_000:
        num, key = f"{n / 1e6:.1f}".removesuffix(".0"), "progress.size.mb"
    elif n >= 1_000:
        num, key = f"{n / 1e3:.0f}", "progress.size.kb"
    else:
        num, key = str(n), "progress.size.bytes"
    return t(key, lang, n=n, size=num.replace(".", str(get_decimal_symbol(lang))))


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


@dataclass(frozen=True)
class _Key(_Part):
    """A field name from the file, as it appears in a message: as it is, or quoted when it is long or not
    printable (then with its length, said in the language).

    >>> _Key("extra").text("ru"), _Key("k" * 50, "chapters[0].").text("ru").split("' ")[1]
    ('extra', '(50 символов)')
    """

    key: str
    where: str = ""

    def text(self, lang: str) -> str:
        plain = len(self.key) <= 40 and self.key.isprintable() and _plain(self.key)
        return self.where + (self.key if plain else _Quoted(self.key).text(lang))


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
        raise ProgressFileError(field, "progress.file.time_type")
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except ValueError:
        raise ProgressFileError(field, "progress.file.time_invalid", value=_Quoted(value)) from None
    except OverflowError:  # e.g. 0001-01-01T00:00+05:00 is before the first representable instant in UTC
        raise ProgressFileError(field, "progress.file.time_range", value=_Quoted(value)) from None
    if when > (latest or _now() + timedelta(days=1)):  # it would win every later merge
        raise ProgressFileError(field, "progress.file.time_future", value=_Quoted(value))
    return when


_DIGITS_MAX = 18


def _int(text: str) -> int:
    # Python refuses (ValueError, not JSONDecodeError) integers past 4,300 digits; refuse long ones first.
    if len(text.lstrip("-")) > _DIGITS_MAX:
        raise ProgressFileError("file", "progress.file.digits", n=len(text.lstrip("-")), max=_DIGITS_MAX)
    return int(text)


def _float(text: str) -> float:
    if len(text) > 40:
        raise ProgressFileError("file", "progress.file.number_chars", n=len(text), max=40)
    return float(text)


#: What json says of a file it cannot read (CPython's scanner and decoder) → the catalog's key for it.
_JSON_ERRORS: Mapping[str, str] = {
    "Expecting value": "progress.json.value",
    "Expecting property name enclosed in double quotes": "progress.json.name",
    "Expecting ':' delimiter": "progress.json.colon",
    "Expecting ',' delimiter": "progress.json.comma",
    "Unterminated string starting at": "progress.json.unterminated",
    "Invalid control character at": "progress.json.control",
    "Invalid \\escape": "progress.json.escape",
    "Invalid \\uXXXX escape": "progress.json.u_escape",
    "Extra data": "progress.json.extra",
    "Illegal trailing comma before end of object": "progress.json.comma_object",
    "Illegal trailing comma before end of array": "progress.json.comma_array",
}


def _constant(name: str) -> Any:
    raise ProgressFileError("file", "progress.file.constant", name=name)


def check_size(size: int, limits: ImportLimits) -> None:
    """Refuse an import of ``size`` bytes before reading it.

    >>> check_size(49_000_000, ImportLimits())
    Traceback (most recent call last):
    ...
    topicgraph.progress.values.ProgressFileError: file: is 49 MB; an import may be at most 5 MB
    """
    if size > limits.max_bytes:
        raise ProgressFileError("file", "progress.file.size", size=_Size(size), max=_Size(limits.max_bytes))


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
        raise ProgressFileError("file", "progress.file.not_utf8") from None
    except json.JSONDecodeError as e:
        if e.msg in _JSON_ERRORS:  # json's own words, said in the interface language too
            raise ProgressFileError("file", "progress.file.not_json_at", line=e.lineno, column=e.colno,
                                    detail=_Phrase(_JSON_ERRORS[e.msg])) from None
        raise ProgressFileError("file", "progress.file.not_json_other", line=e.lineno, column=e.colno,
                                detail=e.msg) from None
    except RecursionError:
        raise ProgressFileError("file", "progress.file.nested") from None
    except ValueError as e:  # anything else json refuses
        raise ProgressFileError("file", "progress.file.not_json", detail=str(e)[:80]) from None
    if not isinstance(doc, dict):
        raise ProgressFileError("file", "progress.file.not_object")
    unknown_top = sorted(set(doc) - _TOP)
    if unknown_top:
        raise ProgressFileError(_Key(unknown_top[0]), "progress.file.unknown_top", fields="format, version, profile, "
                                "exported_at, curriculum, curriculum_name, chapters")
    if doc.get("format") != FILE_FORMAT:
        raise ProgressFileError("format", "progress.file.format", format=repr(FILE_FORMAT))
    if type(doc.get("version")) is not int or doc.get("version") != 1:
        raise ProgressFileError("version", "progress.file.version")
    for key in ("profile", "exported_at", "curriculum", "curriculum_name"):  # of the right type and size
        if key in doc and (not isinstance(doc[key], str) or len(doc[key]) > CHAPTER_MAX):
            raise ProgressFileError(key, "progress.file.string", n=CHAPTER_MAX)
    items = doc.get("chapters")
    if not isinstance(items, list):
        raise ProgressFileError("chapters", "progress.file.list")
    if len(items) > limits.max_entries:
        raise ProgressFileError("chapters", "progress.file.too_many", n=len(items), max=limits.max_entries)
    newest: dict[str, Entry] = {}
    latest = _now() + timedelta(days=1)
    for i, item in enumerate(items):
        where = f"chapters[{i}]"
        if not isinstance(item, dict):
            raise ProgressFileError(where, "progress.file.entry")
        if item.keys() - _ENTRY:
            raise ProgressFileError(_Key(sorted(item.keys() - _ENTRY)[0], f"{where}."), "progress.file.unknown_field")
        slug = item.get("chapter")
        if not isinstance(slug, str) or not slug.strip() or len(slug) > CHAPTER_MAX:
            raise ProgressFileError(f"{where}.chapter", "progress.file.slug", n=CHAPTER_MAX)
        if not _plain(slug):
            raise ProgressFileError(f"{where}.chapter", "progress.file.not_text", value=_Quoted(slug))
        status = item.get("status")
        if status not in STATUSES:
            raise ProgressFileError(f"{where}.status", "progress.file.status", values=", ".join(STATUSES))
        entry = Entry(slug, status, _parse_time(item.get("updated_at"), f"{where}.updated_at", latest))
        if slug not in newest or entry.updated_at > newest[slug].updated_at:
            newest[slug] = entry
    return ProgressFile(list(newest.values()), doc.get("curriculum"), doc.get("curriculum_name"))


