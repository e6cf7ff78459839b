"""Read a notes folder (Obsidian, Foam, Dendron, any Markdown tree) as a :class:`~topicgraph.model.Curriculum`.

Read-only: nothing is written into the folder. Each note becomes a chapter whose id is its relative
path and whose slug is derived from that path; its outgoing links are its "next" chapters. Problems are
reported as ``path:line: field: message`` and never stop the import: every readable note opens.
"""

from __future__ import annotations

import hashlib
import os
import stat
import string
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..files import read_one
from ..model import DIFFICULTIES, NO_CONTEXT, TYPES, UNRATED, Chapter, ContentError, Curriculum, Said
from ..safe_md import literal
from .folder import NotesConfig, detect_kind, label_of, list_notes, load_config
from .resolve import CROSS_VAULT, NoteIndex, Resolution, split_wiki
from .text import NoteText, is_placeholder, parse_note, plain, summary_of
from .themes import NoteFacts, assign, choose_rule, clean_folder, describe_rule, slugify

DATE_FIELDS = ("updated", "modified", "last_modified", "lastmod", "last-modified", "date_modified", "date",
               "created", "date_created")
SUMMARY_FIELDS = ("description", "summary", "desc", "excerpt", "abstract")
LEVEL_WORDS = {"beginner": "easy", "basic": "easy", "intermediate": "medium", "advanced": "hard"}
SLUG_LIMIT = 80
CACHE_SIZE = 50_000
_cache: OrderedDict[tuple[str, int, int, str], NoteText | ContentError] = OrderedDict()


def clear_cache() -> None:
    _cache.clear()


def _parsed(rel: str, path: Path, info: os.stat_result | None) -> NoteText | ContentError:
    def compute() -> NoteText | ContentError:
        return read_one(path, label_of(rel), info, lambda text: parse_note(text, label_of(rel)))

    if info is None or not stat.S_ISREG(info.st_mode):
        return compute()
    key = (str(path), info.st_mtime_ns, info.st_size, rel)
    hit = _cache.get(key)
    if hit is not None:
        _cache.move_to_end(key)
        return hit
    value = compute()
    _cache[key] = value
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return value


# --------------------------------------------------------------------------- front-matter values


def _texts(value: Any) -> tuple[str, ...]:
    """A scalar or list of scalars as text values (``[[Link]]`` brackets dropped)."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            text = str(item).strip().removeprefix("[[").removesuffix("]]").strip()
            if text:
                out.append(text)
    return tuple(dict.fromkeys(out))


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return tuple(t.lstrip("#").lower() for t in _texts(value) if t.lstrip("#"))


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, (int, float)):
        seconds = value / 1000 if abs(value) > 1e11 else value  # epoch milliseconds (Dendron) or seconds
        try:
            dt = datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return _as_datetime(int(text))
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt


@dataclass
class _Note:
    id: str
    text: NoteText
    mtime: float
    title: str = ""
    title_line: int = 1
    slug: str = ""


def _title(note: _Note, kind: str, folder_name: str) -> tuple[str, int]:
    front = note.text.front
    for key in ("title", "Title"):
        value = front.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = " ".join(str(value).split())
            if text and not is_placeholder(text):
                return text, note.text.lines.get(key, 1)
    h1 = note.text.h1
    if h1:
        text = plain(h1)
        if text and not is_placeholder(text):
            line = note.text.body_line + note.text.body[: note.text.h1_span[0]].count("\n") if note.text.h1_span else 1
            return text, line
    stem = note.id.rsplit("/", 1)[-1][:-3]
    if stem.lower() in ("readme", "index", "_index"):
        parts = note.id.split("/")
        return (clean_folder(parts[-2]) if len(parts) > 1 else folder_name), 1
    if kind == "dendron" and "." in stem.strip("."):
        last = stem.rsplit(".", 1)[-1]
        return (last[:1].upper() + last[1:]).replace("-", " "), 1
    return stem, 1


def _slugs(ids: list[str]) -> dict[str, str]:
    """A URL slug per note id, from its path: stable (the same path gives the same slug) and unique
    (paths that slugify alike get a short hash of the path, except one that is already a clean slug).

    >>> _slugs(["Databases/Redis.md", "databases/redis.md", "🚀.md"])["databases/redis.md"]
    'databases-redis'
    """
    base = {}
    for i in ids:
        s = slugify(i[:-3].replace("/", "-"), "note")
        base[i] = s[:SLUG_LIMIT].rstrip("-")
    groups: dict[str, list[str]] = {}
    for i, s in base.items():
        groups.setdefault(s, []).append(i)
    out: dict[str, str] = {}
    taken = set(base.values())
    for s, members in groups.items():
        if len(members) == 1 and not s.startswith("note-"):
            out[members[0]] = s
            continue
        for i in members:
            clean = i[:-3].replace("/", "-") == s
            digest = hashlib.sha1(i.encode("utf-8", "surrogateescape")).hexdigest()[:6]
            out[i] = s if clean and len(members) > 1 else f"{s}-{digest}"
        taken.add(s)
    return out


# --------------------------------------------------------------------------- links


def _resolve(idx: NoteIndex, note: _Note, link: Any, kind: str) -> tuple[Resolution, str, str]:
    """``(resolution, label, target name)`` of one raw link."""
    if link.style == "wiki":
        target, heading, label = split_wiki(link.target, dendron=kind == "dendron")
        found = idx.wiki(target, note.id) if target else Resolution("self")
        if found.status in ("broken", "loose") and label:
            other = idx.wiki(CROSS_VAULT.sub("", label), note.id)  # [[label|target]] the other way round (Dendron)
            if other.status == "ok":
                return other, target, label
        return found, label or (target if not heading or not target else f"{target} › {heading}") or heading, target
    found = idx.markdown(link.target, note.id)
    if found.status == "byname":
        found = Resolution("ok", found.note) if kind in ("obsidian", "foam") else \
            Resolution("loose", found.note, "by file name only (the path does not lead there)",
                       how=Said("problem.how.file_name"))
    return found, link.label, ""


def _problem(note: _Note, link: Any, found: Resolution, name: str) -> ContentError | None:
    raw = link.raw if len(link.raw) <= 120 else link.raw[:119] + "…"
    where = label_of(note.id)
    if found.status == "broken":
        if link.style == "wiki":
            return ContentError(where, link.line, "link", key="problem.note.no_such_name", raw=raw, name=repr(name))
        return ContentError(where, link.line, "link", key="problem.note.no_such_file", raw=raw)
    if found.status == "outside":
        return ContentError(where, link.line, "link", key="problem.note.outside", raw=raw, detail=found.detail)
    if found.status == "ambiguous":
        more = len(found.candidates) - 5
        return ContentError(where, link.line, "link", key="problem.note.ambiguous", raw=raw,
                            names=", ".join(found.candidates[:5]), note=str(found.note),
                            more=Said("problem.note.and_more", n=str(more)) if more > 0 else "")
    if found.status == "loose":
        return ContentError(where, link.line, "link", key="problem.note.loose", raw=raw, note=str(found.note),
                            how=found.how or found.detail)
    return None


_ESCAPE = str.maketrans({ch: f"&#{ord(ch)};" for ch in string.punctuation} | {ch: " " for ch in "\r\n\t\v\f"})


def _literal(text: str) -> str:
    """:func:`~topicgraph.safe_md.literal`, by one translation when the text cannot hold an autolink
    (the common case: a link label, thousands per vault)."""
    if "//" in text or "www" in text or "@" in text:
        return literal(text)
    return text.translate(_ESCAPE)


# Said after an attachment's name and an image's label in the body, escaped (so never the note's own words);
# the reader puts them in its language (components/chapter_panel.py in_language).
ATTACHMENT_NOTE, IMAGE_NOTE = "(attachment)", "(image not shown)"


def _display(note: _Note, resolved: list[tuple[Any, Resolution, str]], slug_of: Mapping[str, str],
             drop_h1: bool) -> str:
    """The body as the reader shows it: links to notes point into the app, the rest reads as text."""
    body = note.text.body
    parts: list[str] = []
    pos = 0
    cuts = []
    if drop_h1 and note.text.h1_span:
        cuts.append((note.text.h1_span[0], note.text.h1_span[1], ""))
    for link, found, label in resolved:
        if found.status in ("ok", "loose", "ambiguous") and found.note is not None and found.note in slug_of:
            href = "/?chapter=" + quote(slug_of[found.note], safe="")
            if link.style == "ref":
                cuts.append((link.start, link.end, href))
            elif link.style == "wiki":
                mark = "↪ " if link.embed else ""
                cuts.append((link.start, link.end, f"{mark}[{_literal(label)}]({href})"))
            else:
                cuts.append((link.start, link.end, f"[{label}]({href})"))
        elif link.style == "wiki":
            text = _literal(label or link.target)
            cuts.append((link.start, link.end, f"*{text}* {literal(ATTACHMENT_NOTE)}" if found.status == "attachment"
                         and link.embed else text))
        elif link.style == "md" and found.status not in ("external", "self"):
            cuts.append((link.start, link.end, f"*{_literal(label or 'image')}* {literal(IMAGE_NOTE)}" if link.embed
                         else label))
    cuts.sort()
    for start, end, text in cuts:
        if start < pos:
            continue
        parts += [body[pos:start], text]
        pos = end
    parts.append(body[pos:])
    out = "".join(parts)
    if "%%" in out or "<!--" in out:
        from .text import _HTML_COMMENT, _PERCENT_COMMENT
        out = _HTML_COMMENT.sub("", _PERCENT_COMMENT.sub("", out))
    return out.strip() + "\n"


# --------------------------------------------------------------------------- read

_INDEX_NAMES = ("readme", "index", "_index", "home", "start here")


def _ordered(chapters: list[Chapter]) -> list[Chapter]:
    """Give each note its position in its home theme (``order``): index notes (README, index, a "MOC") first,
    then the most linked-to, then by title; so a theme's entry note is its index or its most central note."""
    incoming: dict[str, int] = {}
    for c in chapters:
        for s in c.next:
            incoming[s] = incoming.get(s, 0) + 1

    def rank(c: Chapter) -> tuple[bool, int, str]:
        stem = c.path.rsplit("/", 1)[-1][:-3].casefold()
        index = stem in _INDEX_NAMES or "moc" in stem.split() or stem.endswith(" moc")
        return not index, -incoming.get(c.slug, 0), c.title.casefold()

    by_theme: dict[str, list[Chapter]] = {}
    for c in chapters:
        by_theme.setdefault(c.theme, []).append(c)
    order = {c.slug: i for members in by_theme.values() for i, c in enumerate(sorted(members, key=rank), start=1)}
    return [replace(c, order=order[c.slug]) for c in chapters]



def read_notes(root: str | os.PathLike[str], overrides: Mapping[str, Any] | None = None) -> Curriculum:
    """Import the notes folder at *root* (see the module doc); *overrides* as in ``notes.yaml``."""
    root = Path(root)
    cfg: NotesConfig = load_config(root, overrides)
    kind = cfg.kind or detect_kind(root)
    folder_name = cfg.name or root.resolve().name or "Notes"
    problems: list[ContentError] = list(cfg.problems)
    files, listing_problems = list_notes(root, cfg.ignore)
    problems += listing_problems
    notes: list[_Note] = []
    for rel, path, info in files:
        got = _parsed(rel, path, info)
        if isinstance(got, ContentError):
            problems.append(got)
            continue
        problems += got.problems
        notes.append(_Note(rel, got, info.st_mtime if info else 0.0))
    if not notes:
        problems.append(ContentError(label_of("."), 1, "notes", key="problem.notes.none"))

    for n in notes:
        n.title, n.title_line = _title(n, kind, folder_name)
    seen_titles: dict[str, str] = {}
    for n in notes:
        key = n.title.casefold()
        if key in seen_titles:
            problems.append(ContentError(label_of(n.id), n.title_line, "title", key="problem.note.duplicate_title",
                                         title=repr(n.title), also=seen_titles[key]))
        else:
            seen_titles[key] = label_of(n.id)
    slug_of = _slugs([n.id for n in notes])
    aliases = {n.id: _texts(n.text.front.get("aliases", n.text.front.get("alias"))) for n in notes}
    idx = NoteIndex([n.id for n in notes], aliases, {n.id: n.title for n in notes})

    facts = []
    for n in notes:
        front = n.text.front
        fields = {f: _texts(front.get(f)) for f in (*("themes", "categories", "category", "theme"),
                                                     *((cfg.theme_field,) if cfg.theme_field else ()))
                  if front.get(f) is not None}
        tags = tuple(dict.fromkeys((*_tags(front.get("tags", front.get("tag"))), *n.text.tags)))
        facts.append(NoteFacts(n.id, fields, tags))
    rule, field_name, depth = choose_rule(facts, kind, cfg.themes, cfg.theme_field)
    themes, theme_of = assign(facts, rule, field_name, depth, folder_name)

    chapters: list[Chapter] = []
    links = 0
    for n in notes:
        resolved = []
        targets: list[str] = []
        for link in n.text.links:
            found, label, name = _resolve(idx, n, link, kind)
            problem = _problem(n, link, found, name)
            if problem is not None:
                problems.append(problem)
            resolved.append((link, found, label))
            if found.note and found.status in ("ok", "loose", "ambiguous") and found.note != n.id:
                targets.append(slug_of[found.note])
        nexts = tuple(dict.fromkeys(targets))
        links += len(nexts)
        front = n.text.front
        updated = None
        for key in DATE_FIELDS:
            if key in front and front[key] not in (None, ""):
                updated = _as_datetime(front[key])
                if updated is None:
                    problems.append(ContentError(label_of(n.id), n.text.lines.get(key, 1), key,
                                                 key="problem.note.bad_date", value=repr(str(front[key])[:40])))
                break
        if updated is None:
            updated = datetime.fromtimestamp(n.mtime) if n.mtime else datetime(1970, 1, 1)
        description = next((" ".join(str(front[k]).split()) for k in SUMMARY_FIELDS
                            if isinstance(front.get(k), str) and front[k].strip()), "")
        drop_h1 = n.text.h1 is not None and n.title == plain(n.text.h1)
        body = _display(n, resolved, slug_of, drop_h1)
        if not n.text.body.strip() or (not body.strip() and not n.text.front):
            problems.append(ContentError(label_of(n.id), n.text.body_line, "body", key="problem.note.empty"))
        difficulty = str(front.get("difficulty", "")).strip().lower()
        difficulty = LEVEL_WORDS.get(difficulty, difficulty)
        kind_value = str(front.get("type", "")).strip().lower()
        chapters.append(Chapter(
            slug=slug_of[n.id], title=n.title, themes=theme_of[n.id],
            difficulty=difficulty if difficulty in DIFFICULTIES else UNRATED,
            type=kind_value if kind_value in TYPES else UNRATED, updated=updated,
            summary=summary_of(description or n.text.paragraph) or "(empty note)", context=NO_CONTEXT,
            next=tuple(s for s in nexts if s != slug_of[n.id]), body=body, path=n.id,
            lines={"body": n.text.body_line, "title": n.title_line},
        ))
    chapters = _ordered(chapters)
    problems.sort(key=lambda p: (p.path, p.line, p.field, p.message))
    about = {
        "kind": kind, "name": folder_name, "theme_rule": describe_rule(rule, field_name), "rule": rule,
        "links": str(links), "notes": str(len(chapters)),
    }
    return Curriculum(themes=tuple(t for t in themes if any(t.slug in c.themes for c in chapters)),
                      chapters=tuple(chapters), problems=tuple(problems), root=str(root), kind=kind, info=about)
