"""Values of the progress store: statuses, entries, its typed errors and the export file format."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
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
    """The progress database cannot be used right now: ``kind`` is one of ``unreachable``,
    ``locked``, ``read-only``, ``corrupt``, ``newer`` (a newer app's schema), ``config``, ``error``.

    >>> str(StoreUnavailable("locked", "The progress database is locked", "/tmp/p.sqlite", "Try again."))
    'The progress database is locked (/tmp/p.sqlite). Try again.'
    """

    def __init__(self, kind: str, what: str, where: str, todo: str) -> None:
        self.kind, self.what, self.where, self.todo = kind, what, where, todo
        super().__init__(f"{what} ({where}). {todo}")


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


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    kept: int  # the stored status was as new or newer, so it stayed

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.kept} kept (already as new or newer)"


def clean_profile_name(name: str) -> str:
    """A profile name as stored: trimmed, inner whitespace collapsed, 1-40 printable characters.

    >>> clean_profile_name("  Ada   Lovelace ")
    'Ada Lovelace'
    >>> clean_profile_name("a\\x00b")
    Traceback (most recent call last):
    ...
    ValueError: A profile name cannot contain control characters.
    """
    # ZWJ/ZWNJ are format characters that words and emoji need; profiles.check_name decides where they may go.
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


def _parse_time(value: Any, field: str) -> datetime:
    if not isinstance(value, str):
        raise ProgressFileError(field, "must be an ISO date-time string")
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ProgressFileError(field, f"{value!r} is not an ISO date-time") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def parse_progress_file(data: str | bytes) -> list[Entry]:
    """Validate an export file completely (nothing is written until it all checks out).

    >>> parse_progress_file('{"format": "topicgraph-progress", "version": 1, "chapters": []}')
    []
    >>> parse_progress_file('["x"]')
    Traceback (most recent call last):
    ...
    topicgraph.progress.values.ProgressFileError: file: must be a JSON object
    """
    try:
        doc = json.loads(data)
    except UnicodeDecodeError:
        raise ProgressFileError("file", "not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise ProgressFileError("file", f"not JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    if not isinstance(doc, dict):
        raise ProgressFileError("file", "must be a JSON object")
    if doc.get("format") != FILE_FORMAT:
        raise ProgressFileError("format", f"must be {FILE_FORMAT!r} (is this a progress export?)")
    if doc.get("version") != 1:
        raise ProgressFileError("version", "must be 1")
    items = doc.get("chapters")
    if not isinstance(items, list):
        raise ProgressFileError("chapters", "must be a list")
    newest: dict[str, Entry] = {}
    for i, item in enumerate(items):
        where = f"chapters[{i}]"
        if not isinstance(item, dict):
            raise ProgressFileError(where, "must be an object with chapter, status and updated_at")
        unknown = sorted(set(item) - {"chapter", "status", "updated_at"})
        if unknown:
            raise ProgressFileError(f"{where}.{unknown[0]}", "unknown field")
        slug = item.get("chapter")
        if not isinstance(slug, str) or not slug.strip() or len(slug) > CHAPTER_MAX:
            raise ProgressFileError(f"{where}.chapter", f"must be a chapter slug of 1-{CHAPTER_MAX} characters")
        status = item.get("status")
        if status not in STATUSES:
            raise ProgressFileError(f"{where}.status", "must be one of " + ", ".join(STATUSES))
        entry = Entry(slug, status, _parse_time(item.get("updated_at"), f"{where}.updated_at"))
        if slug not in newest or entry.updated_at > newest[slug].updated_at:
            newest[slug] = entry
    return list(newest.values())


