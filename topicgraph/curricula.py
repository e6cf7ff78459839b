"""Several curricula side by side: the folders named in ``$TOPICGRAPH_DATA`` as choices with ids and names.

Each choice has a short id (for the URL, ``?c=id``) and a prefix for the progress store: statuses are
stored under ``prefix + slug``. The first curriculum in the app's own format keeps the plain slug (what a
single-curriculum install has always stored, so its progress stays); every other one gets ``id:``, so
two curricula with a chapter of the same slug keep separate statuses.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from .loader import DEFAULT_DATA, data_dirs
from .notes import is_notes_folder
from .notes.folder import load_config
from .notes.themes import slugify
from .progress import Entry, ImportResult, ProgressFile, ProgressFileError, ProgressStore, read_progress_file

ID_LIMIT = 40


@dataclass(frozen=True)
class Choice:
    id: str
    name: str
    root: Path
    prefix: str  # of its chapters' keys in the progress store
    notes: bool


def _name(root: Path, notes: bool) -> str:
    if notes:
        return load_config(root).name or root.resolve().name or "Notes"
    if root.resolve() == DEFAULT_DATA.resolve():
        return "System Design Space"
    return root.resolve().name or str(root)


def choices(paths: Sequence[str | os.PathLike[str]] | None = None) -> list[Choice]:
    """One choice per folder (default: :func:`~topicgraph.loader.data_dirs`), ids unique.

    >>> [(c.id, c.prefix) for c in choices(["tests/fixtures/content", "tests/fixtures/notes/vault"])]
    [('content', ''), ('vault', 'vault:')]
    """
    roots = [Path(p) for p in paths] if paths is not None else data_dirs()
    out: list[Choice] = []
    taken: set[str] = set()
    plain_taken = False
    for root in roots:
        notes = is_notes_folder(root)
        name = _name(root, notes)
        base = slugify(name, "notes")[:ID_LIMIT].strip("-") or "notes"
        cid, k = base, 2
        while cid in taken:
            cid, k = f"{base}-{k}", k + 1
        taken.add(cid)
        plain = not notes and not plain_taken
        plain_taken = plain_taken or plain
        out.append(Choice(cid, name, root, "" if plain else f"{cid}:", notes))
    return out


def local_statuses(stored: Mapping[str, str], prefix: str) -> dict[str, str]:
    """The statuses of one curriculum out of everything a profile has stored.

    >>> stored = {"a": "done", "vault:b": "reading"}
    >>> local_statuses(stored, ""), local_statuses(stored, "vault:")
    ({'a': 'done'}, {'b': 'reading'})
    """
    if prefix:
        return {k[len(prefix):]: v for k, v in stored.items() if k.startswith(prefix)}
    return {k: v for k, v in stored.items() if ":" not in k}  # slugs never hold ':'


def local_rows(rows: Iterable[tuple[str, str, str, datetime]], prefix: str) -> list[tuple[str, str, str, datetime]]:
    """``(profile, chapter, status, updated)`` rows of one curriculum, chapter keys made plain slugs again.

    >>> from datetime import datetime
    >>> at = datetime(2026, 1, 1)
    >>> local_rows([("Ada", "a", "done", at), ("Ada", "vault:b", "done", at)], "vault:")[0][:2]
    ('Ada', 'b')
    """
    keep = local_statuses({key: key for _, key, _, _ in rows}, prefix)
    back = {key: slug for slug, key in keep.items()}
    return [(name, back[key], status, at) for name, key, status, at in rows if key in back]


def scoped_entries(file: ProgressFile, choice: Choice, *, accept: str | None = None) -> tuple[list[Entry], int]:
    """An import's entries as this curriculum's store keys, and how many belong to other curricula.

    An export of one curriculum (it names it in ``curriculum``; plain slugs) imports into that curriculum
    only: any other is refused with a :class:`ProgressFileError` naming the field. A whole-profile export
    (no ``curriculum``: the store's keys, as exports were before) gives this curriculum's entries; the
    others are counted and left out. *accept*: also take an export of that curriculum id (the same notes
    read from a folder of another name, so under another id), its chapters as this curriculum's.

    >>> from datetime import datetime
    >>> at = datetime(2026, 1, 1)
    >>> vault = Choice("vault", "My vault", Path("v"), "vault:", True)
    >>> old = ProgressFile([Entry("a", "done", at), Entry("vault:b", "done", at), Entry("docs:c", "done", at)])
    >>> [e.chapter for e in scoped_entries(old, vault)[0]], scoped_entries(old, vault)[1]
    (['vault:b'], 2)
    >>> scoped_entries(ProgressFile([Entry("b", "done", at)], "vault"), vault)[0][0].chapter
    'vault:b'
    >>> scoped_entries(ProgressFile([], "docs", "Team docs"), vault)
    Traceback (most recent call last):
    ...
    topicgraph.progress.values.ProgressFileError: curriculum: this file holds the progress of 'docs' (Team docs), \
not of 'vault' (My vault) shown now; open that curriculum (c=docs) to import it
    >>> scoped_entries(ProgressFile([Entry("b", "done", at)], "old-vault"), vault, accept="old-vault")[0][0].chapter
    'vault:b'
    """
    if file.curriculum is not None:
        if file.curriculum not in (choice.id, accept):
            named = f" ({file.curriculum_name[:ID_LIMIT]})" if file.curriculum_name else ""
            raise ProgressFileError("curriculum", "progress.file.curriculum", file=repr(file.curriculum[:ID_LIMIT]),
                                    named=named, shown=repr(choice.id), name=choice.name,
                                    id=file.curriculum[:ID_LIMIT])
        return [replace(e, chapter=choice.prefix + e.chapter) for e in file.entries], 0
    mine = local_statuses({e.chapter: e.chapter for e in file.entries}, choice.prefix)
    keys = set(mine.values())
    return [e for e in file.entries if e.chapter in keys], len(file.entries) - len(keys)


def import_progress(store: ProgressStore, profile: str, data: str | bytes, choice: Choice,
                    slugs: Collection[str], *, accept: str | None = None) -> ImportResult:
    """Merge an export into *profile*'s progress in *choice* only (see :func:`scoped_entries`, and *accept*
    there); ``slugs``: that curriculum's chapters (other entries are counted, not stored). Chapters are named
    by their plain slugs."""
    entries, elsewhere = scoped_entries(read_progress_file(data, store.cfg.limits), choice, accept=accept)
    result = store.import_entries(profile, entries, {choice.prefix + s for s in slugs})
    return replace(result, unknown_first=tuple(k.removeprefix(choice.prefix) for k in result.unknown_first),
                   elsewhere=elsewhere)


def reset_progress(store: ProgressStore, profile: str, choice: Choice) -> int:
    """Forget *profile*'s statuses in *choice* only; the other curricula keep theirs. Returns the rows removed."""
    return store.reset(profile, choice.prefix)


def export_progress(store: ProgressStore, profile: str, choice: Choice) -> str:
    """*profile*'s statuses in *choice* as an export naming that curriculum (JSON text)."""
    return store.export_json(profile, choice.prefix, choice.id, choice.name)
