"""Which theme each note belongs to: one rule for the whole folder, chosen by a cascade.

1. ``field``: a front-matter field (``themes``, ``categories``, ``category``, ``theme``) that most
   notes carry; every value is a theme (a note with two is a bridge);
2. ``folder``: the top-level folder (below any folder that holds everything, such as ``docs/``),
   number prefixes such as ``01 - `` dropped; notes at the top are "Top level";
3. ``dotted``: the first segment of dotted names (Dendron's ``databases.redis``);
4. ``tag``: the first tag (front matter or ``#tag`` in the text);
5. ``one``: a single theme named after the folder.

A rule is taken when it sorts most notes (and, for folders, into at least two groups); ``notes.yaml``
may name one. Past :data:`MAX_THEMES` the smallest themes join "Other", so legend and colours stay
readable.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Theme
from .palette import palette

RULES = ("field", "folder", "dotted", "tag", "one")
FIELDS = ("themes", "categories", "category", "theme")
MAX_THEMES = 24
OTHER, TOP = "Other", "Top level"
_NUMBER_PREFIX = re.compile(r"^\s*\d+(?:\.\d+)*(?:\s*[-–—._):]+\s*|\s+)(?=[^\d\s])")
_NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class NoteFacts:
    """What the theme rules look at for one note."""

    id: str  # relative path with .md
    fields: dict[str, tuple[str, ...]]  # front-matter theme fields present, as text values
    tags: tuple[str, ...]


def clean_folder(name: str) -> str:
    """A folder name as a theme name: number prefixes dropped, separators made spaces.

    >>> clean_folder("01 - Basics"), clean_folder("2.3_data_stores"), clean_folder("2024")
    ('Basics', 'data stores', '2024')
    """
    out = _NUMBER_PREFIX.sub("", name).replace("_", " ").strip()
    return out or name


def slugify(text: str, fallback: str = "x") -> str:
    """Lowercase words (any script) joined by ``-``; emoji and punctuation dropped.

    >>> slugify("Über Caching 🚀!"), slugify("🚀", "note")
    ('über-caching', 'note')
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub("-", text).strip("-_").replace("_", "-") or fallback


DOMINANT = 0.7  # a folder holding this share of the notes at its level is looked into, not made one theme


def _prefix(ids: Sequence[str]) -> tuple[str, ...]:
    """The chain of folders that each hold most notes at their level (``docs/`` of a docs repository,
    ``content/`` of a site, a vault whose notes all sit in one folder): themes are the folders below it
    and, for notes outside it, the folder where their path leaves it.

    >>> _prefix(["README.md", "docs/a/x.md", "docs/a/y.md", "docs/b/z.md"]), _prefix(["a/x.md", "b/y.md"])
    (('docs',), ())
    """
    prefix: tuple[str, ...] = ()
    parts = [i.split("/") for i in ids]
    while True:
        depth = len(prefix)
        here = [p for p in parts if tuple(p[:depth]) == prefix]
        sizes: dict[str, int] = {}
        for p in here:
            if len(p) - 1 > depth:
                sizes[p[depth]] = sizes.get(p[depth], 0) + 1
        if not sizes:
            return prefix
        top, count = max(sizes.items(), key=lambda kv: (kv[1], kv[0]))
        below = {p[depth + 1] for p in here if p[depth] == top and len(p) - 1 > depth + 1}
        if count < DOMINANT * len(here) or len(below) < 2:
            return prefix
        prefix = (*prefix, top)


def choose_rule(notes: Sequence[NoteFacts], kind: str, wanted: str | None = None,
                field: str | None = None) -> tuple[str, str | None, tuple[str, ...]]:
    """``(rule, field, folder prefix)`` for these notes (see the module doc)."""
    n = max(1, len(notes))
    depth = _prefix([x.id for x in notes])
    if wanted and wanted != "field":
        return wanted, None, depth
    for f in ((field,) if field else FIELDS):
        if wanted == "field" or sum(1 for x in notes if x.fields.get(f)) * 2 > n:
            return "field", f, depth
    foldered = [g for g in (_folder(x.id, depth) for x in notes) if g]
    if len(set(foldered)) >= 2 and len(foldered) * 2 >= n:
        return "folder", None, depth
    stems = [x.id.rsplit("/", 1)[-1][:-3] for x in notes]
    if sum(1 for s in stems if "." in s.strip(".")) * 2 > n or (kind == "dendron" and len(stems) > 1):
        return "dotted", None, depth
    if sum(1 for x in notes if x.tags) * 2 > n:
        return "tag", None, depth
    return "one", None, depth


def _folder(note_id: str, prefix: tuple[str, ...]) -> str | None:
    """The theme folder of a note: the first folder of its path that is not on *prefix* (None for a note
    at the top; the last prefix folder for a note directly in it).

    >>> _folder("docs/a/x.md", ("docs",)), _folder("blog/y.md", ("docs",)), _folder("docs/z.md", ("docs",))
    ('a', 'blog', 'docs')
    """
    folders = note_id.split("/")[:-1]
    for i, name in enumerate(folders):
        if i >= len(prefix) or prefix[i] != name:
            return name
    return folders[-1] if folders else None


def theme_names(x: NoteFacts, rule: str, field: str | None, depth: tuple[str, ...]) -> tuple[str, ...]:
    """The theme names of one note under *rule* (empty: it goes to "Other" / "Top level")."""
    if rule == "field" and field:
        return x.fields.get(field, ())
    if rule == "folder":
        folder = _folder(x.id, depth)
        return (clean_folder(folder),) if folder else ()
    if rule == "dotted":
        stem = x.id.rsplit("/", 1)[-1][:-3]
        return (stem.split(".")[0],) if stem.lower() != "root" and stem.strip(".") else ()
    if rule == "tag":
        return (x.tags[0].split("/")[0],) if x.tags else ()
    return ()


def assign(notes: Sequence[NoteFacts], rule: str, field: str | None, depth: tuple[str, ...], folder_name: str,
           max_themes: int = MAX_THEMES) -> tuple[list[Theme], dict[str, tuple[str, ...]]]:
    """Themes (coloured, ordered) and each note's theme slugs, home theme first.

    >>> facts = [NoteFacts("a/x.md", {}, ()), NoteFacts("a/y.md", {}, ()), NoteFacts("b/z.md", {}, ()),
    ...          NoteFacts("r.md", {}, ())]
    >>> themes, of = assign(facts, "folder", None, (), "vault")
    >>> [t.name for t in themes], of["r.md"], of["b/z.md"]
    (['Top level', 'a', 'b'], ('top-level',), ('b',))
    """
    names: dict[str, tuple[str, ...]] = {}
    for x in notes:
        got = tuple(dict.fromkeys(v.strip() for v in theme_names(x, rule, field, depth) if v.strip()))
        names[x.id] = got
    rest = TOP if rule == "folder" else (folder_name if rule == "one" else OTHER)
    sizes = Counter(v for got in names.values() for v in got)
    keep = {v for v, _ in sizes.most_common(max_themes - 1)} if len(sizes) >= max_themes else set(sizes)
    merged = len(sizes) - len(keep)
    by_name: dict[str, str] = {}
    order: list[str] = []

    def slug_for(name: str) -> str:
        key = name.casefold()
        if key not in by_name:
            base = slugify(name, "theme")
            slug, k = base, 2
            while slug in by_name.values():
                slug, k = f"{base}-{k}", k + 1
            by_name[key] = slug
            order.append(name)
        return by_name[key]

    of: dict[str, tuple[str, ...]] = {}
    for x in notes:
        kept = [v for v in names[x.id] if v in keep] or [OTHER if names[x.id] else rest]
        of[x.id] = tuple(dict.fromkeys(slug_for(v) for v in kept))
    counts = Counter(s for got in of.values() for s in got)
    if rule == "folder":
        originals = {clean_folder(f): f for f in (_folder(x.id, depth) for x in notes) if f}
        ranked = sorted(order, key=lambda v: (v != TOP, v == OTHER, _natural(originals.get(v) or v)))
    else:
        ranked = sorted(order, key=lambda v: (v == OTHER, -counts[by_name[v.casefold()]], v.casefold()))
    colours = palette(len(ranked))
    themes = []
    for i, name in enumerate(ranked):
        slug = by_name[name.casefold()]
        themes.append(Theme(slug, name, _describe(name, rule, field, merged if name == OTHER else 0),
                            colours[i], i + 1))
    return themes, of


def _natural(text: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text))


def _describe(name: str, rule: str, field: str | None, merged: int) -> str:
    if name == OTHER and merged:
        return f"Notes of {merged} smaller groups, kept together so the legend stays readable."
    if name == OTHER:
        return "Notes that the theme rule does not place anywhere else."
    if name == TOP:
        return "Notes at the top of the folder, outside every sub-folder."
    return {
        "field": f"Notes whose front matter lists {name!r} in {field!r}.",
        "folder": f"Notes in the folder {name!r}.",
        "dotted": f"Notes whose names start with {name + '.'!r}.",
        "tag": f"Notes whose first tag is {name!r}.",
    }.get(rule, "Every note of the folder.")


def describe_rule(rule: str, field: str | None) -> str:
    return {
        "field": f"the front-matter field {field!r}",
        "folder": "the top-level folder",
        "dotted": "the first part of dotted note names",
        "tag": "the first tag of each note",
        "one": "one theme for the whole folder",
    }[rule]
