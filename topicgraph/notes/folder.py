"""A notes folder on disk: what kind it is, its ``notes.yaml``, its note files, its cache directory."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files import label
from ..model import ContentError
from ..parse import load_yaml
from .themes import RULES, slugify

KINDS = ("obsidian", "foam", "dendron", "markdown")
CONFIG_FILE = "notes.yaml"
CONFIG_FIELDS = ("name", "kind", "themes", "theme_field", "ignore")
#: Folders never read: hidden ones (``.obsidian``, ``.git``, ``.trash``) and installed packages.
SKIPPED_FOLDERS = frozenset({"node_modules"})
APP_NAME = "system-design-space-explorer"


@dataclass(frozen=True)
class NotesConfig:
    """How to map a folder; every field may come from ``notes.yaml`` or the command line (which wins)."""

    name: str | None = None
    kind: str | None = None  # one of KINDS; detected when None
    themes: str | None = None  # one of themes.RULES; chosen by the cascade when None
    theme_field: str | None = None
    ignore: tuple[str, ...] = ()
    problems: tuple[ContentError, ...] = field(default=(), compare=False)


def is_curriculum(root: Path) -> bool:
    """The app's own format: ``themes.yaml`` or a ``chapters/`` folder."""
    return (root / "themes.yaml").exists() or (root / "chapters").is_dir()


def is_notes_folder(root: str | os.PathLike[str]) -> bool:
    """A folder that is not the app's own format and holds at least one Markdown file.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); is_notes_folder(d)
    False
    >>> _ = (d / "a.md").write_text("x"); is_notes_folder(d)
    True
    """
    path = Path(root)
    if not path.is_dir() or is_curriculum(path):
        return False
    return next(iter(_walk(path, ())), None) is not None


def detect_kind(root: Path) -> str:
    """``obsidian`` (a ``.obsidian/`` folder), ``dendron`` (``dendron.yml``), ``foam`` (``.foam/`` or the Foam
    extension recommended in ``.vscode``), else ``markdown``."""
    if (root / ".obsidian").is_dir():
        return "obsidian"
    if (root / "dendron.yml").is_file() or (root.parent / "dendron.yml").is_file():
        return "dendron"
    if (root / ".foam").is_dir():
        return "foam"
    try:
        if "foam" in (root / ".vscode" / "extensions.json").read_text(encoding="utf-8", errors="replace")[:20_000]:
            return "foam"
    except OSError:
        pass
    return "markdown"


def load_config(root: Path, overrides: Mapping[str, Any] | None = None) -> NotesConfig:
    """``notes.yaml`` (optional) with *overrides* on top; a bad field is reported and ignored."""
    data: dict[str, Any] = {}
    problems: list[ContentError] = []
    file = root / CONFIG_FILE
    where = CONFIG_FILE
    lines: dict[str, int] = {}
    if file.is_file():
        try:
            text = file.read_text(encoding="utf-8")[:200_000]
            raw, lines, problems = load_yaml(text, where, 1, "notes.yaml")
            if isinstance(raw, dict):
                data = {str(k): v for k, v in raw.items()}
            elif raw is not None and not problems:
                problems.append(ContentError(where, 1, "notes.yaml", key="problem.front.not_mapping"))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(ContentError(where, 1, "notes.yaml", key="problem.file.cannot_read", reason=str(exc)))
    for key in list(data):
        if key not in CONFIG_FIELDS:
            problems.append(ContentError(where, lines.get(key, 1), key, key="problem.field.unknown",
                                         allowed=", ".join(CONFIG_FIELDS)))
            del data[key]
    data.update({k: v for k, v in (overrides or {}).items() if v not in (None, (), [])})
    out: dict[str, Any] = {}

    def bad(field: str, reason: str, **params: Any) -> None:
        problems.append(ContentError(where, lines.get(field, 1), field, key=reason, **params))

    for key in ("name", "theme_field"):
        value = data.get(key)
        if value is not None:
            if isinstance(value, str) and value.strip():
                out[key] = value.strip()[:80]
            else:
                bad(key, "problem.config.text")
    for key, allowed in (("kind", KINDS), ("themes", RULES)):
        value = data.get(key)
        if value is not None:
            if value in allowed:
                out[key] = value
            else:
                bad(key, "problem.field.choice", value=repr(str(value)[:40]), choices=", ".join(allowed))
    ignore = data.get("ignore")
    if isinstance(ignore, str):
        ignore = [ignore]
    if ignore is not None:
        if isinstance(ignore, (list, tuple)) and all(isinstance(g, str) for g in ignore):
            out["ignore"] = tuple(ignore)
        else:
            bad("ignore", "problem.config.ignore")
    if out.get("theme_field") and "themes" not in out:
        out["themes"] = "field"
    return NotesConfig(**out, problems=tuple(problems))


def _ignored(rel: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(rel, p.rstrip("/") + "/*")
               or rel.startswith(p.rstrip("/*") + "/") for p in patterns)


Entry = tuple[str, Path, "os.stat_result | None"]


def _walk(root: Path, ignore: tuple[str, ...], problems: list[ContentError] | None = None) -> Iterator[Entry]:
    """``(relative posix path, path, stat)`` of every ``.md`` file, hidden names and packages skipped;
    symbolic links leading out of *root* and linked folders are reported, not followed."""
    try:
        real_root = str(root.resolve())
    except (OSError, RuntimeError):
        real_root = str(root.absolute())
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            if problems is not None:
                problems.append(ContentError(prefix or ".", 1, "folder", key="problem.folder.cannot_list",
                                             reason=str(exc.strerror or exc)))
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name in SKIPPED_FOLDERS:
                continue
            rel = prefix + name
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not (target == real_root or target.startswith(real_root + os.sep)):
                        if problems is not None and (name.lower().endswith(".md") or os.path.isdir(target)):
                            problems.append(ContentError(label_of(rel), 1, "file",
                                                         key="problem.notes.symlink_outside"))
                        continue
                    if os.path.isdir(target):
                        if problems is not None:
                            problems.append(ContentError(label_of(rel), 1, "folder",
                                                         key="problem.notes.symlink_folder"))
                        continue
                if entry.is_dir(follow_symlinks=False):
                    if not _ignored(rel + "/", ignore):
                        subfolders.append((Path(entry.path), rel + "/"))
                elif name.lower().endswith(".md") and not _ignored(rel, ignore):
                    try:
                        info: os.stat_result | None = entry.stat()
                    except OSError:
                        info = None
                    yield rel, Path(entry.path), info
            except OSError as exc:
                if problems is not None:
                    problems.append(ContentError(label_of(rel), 1, "file", key="problem.file.cannot_read",
                                                 reason=str(exc.strerror or exc)))
        pending.extend(reversed(subfolders))


def list_notes(root: Path, ignore: tuple[str, ...] = ()) -> tuple[list[Entry], list[ContentError]]:
    problems: list[ContentError] = []
    files = sorted(_walk(root, ignore, problems), key=lambda e: e[0])
    return files, problems


def label_of(rel: str) -> str:
    """A note's path as shown in problems: relative to the folder, control characters escaped."""
    return label(Path(rel)) if not rel.isprintable() else rel


def signature_parts(root: Path) -> Iterator[str]:
    """``path:size:mtime`` of ``notes.yaml`` and every note (hidden folders such as ``.obsidian``, which
    change on every click in Obsidian, are not looked at)."""
    try:
        st = (root / CONFIG_FILE).stat()
        yield f"{CONFIG_FILE}:{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        yield f"{CONFIG_FILE}:missing"
    yield from _stat_walk(str(root))


def _stat_walk(folder: str) -> Iterator[str]:
    """``path:size:mtime`` of every note and folder below *folder*, hidden names skipped; one ``scandir`` per
    folder and no Path objects (this runs on every page load: ~0.03 s for 6,500 notes)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        yield f"{folder}:unlistable"
        return
    for entry in entries:
        name = entry.name
        if name[0] == "." or name in SKIPPED_FOLDERS:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            yield f"{entry.path}:missing"
            continue
        if stat.S_ISDIR(st.st_mode):
            yield f"{entry.path}/:{st.st_mtime_ns}"
            yield from _stat_walk(entry.path)
        elif name[-3:].lower() == ".md" or stat.S_ISLNK(st.st_mode):
            yield f"{entry.path}:{st.st_size}:{st.st_mtime_ns}"


def cache_dir(root: str | os.PathLike[str]) -> Path:
    """Where the app keeps what it derives from a notes folder (its layout): never inside the folder.

    ``$TOPICGRAPH_CACHE`` or the user cache directory, one sub-folder per folder (its name and a hash of
    its absolute path), so two vaults called ``notes`` do not share one.
    """
    absolute = os.path.abspath(os.fspath(root))
    digest = hashlib.sha1(absolute.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    base = os.environ.get("TOPICGRAPH_CACHE")
    if not base:
        from platformdirs import user_cache_dir
        base = user_cache_dir(APP_NAME)
    return Path(base) / "notes" / f"{slugify(Path(absolute).name, 'folder')[:40]}-{digest}"
