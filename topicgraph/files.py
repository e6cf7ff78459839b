"""Reading one content file with the limits every reader shares (the curriculum loader and the notes import).

:func:`read_one` is the one place where *any* failure to read a file (missing, a folder, too big, not
UTF-8, a NUL byte, a parser raising anything) becomes a located :class:`ContentError`.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .model import ContentError, Fixed

log = logging.getLogger("topicgraph.loader")
#: A content file larger than this is reported, not read (a chapter is a few KB).
MAX_FILE_BYTES = 1_000_000
R = TypeVar("R")


def label(p: Path) -> str:
    """How a path is shown in problems: relative to the working directory when inside it, with
    control characters escaped (a file may be called ``evil\\n.md``)."""
    try:
        text = str(p.relative_to(Path.cwd()))
    except ValueError:
        text = str(p)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)



def read_one(path: Path, label: str, info: os.stat_result | None, parse: Callable[[str], R]) -> R | ContentError:
    """Read and parse one file; turn *any* failure into one located problem.

    This is the loader's promise in one place: a file can be missing, a folder, unreadable,
    huge, not UTF-8 or make a parser raise anything at all, and the caller still gets a value
    it can report and go on with.
    """
    try:
        if info is None:
            info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return ContentError(label, 1, "file", key="problem.file.folder")
        if info.st_size > MAX_FILE_BYTES:
            return ContentError(label, 1, "file", key="problem.file.too_big", size=Fixed(info.st_size / 1e6, 1),
                                max=Fixed(MAX_FILE_BYTES / 1e6))
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            return ContentError(label, 1, "file", key="problem.file.over", max=Fixed(MAX_FILE_BYTES / 1e6))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            return ContentError(label, line, "file", key="problem.file.not_utf8", byte=f"0x{raw[exc.start]:02x}",
                                column=str(column))
        if "\x00" in text:
            return ContentError(label, text.count("\n", 0, text.index("\x00")) + 1, "file", key="problem.file.nul")
        return parse(text)
    except ContentError as exc:
        return exc
    except FileNotFoundError:
        if path.is_symlink():
            return ContentError(label, 1, "file", key="problem.file.dangling")
        return ContentError(label, 1, "file", key="problem.file.vanished")
    except OSError as exc:
        return ContentError(label, 1, "file", key="problem.file.cannot_read", reason=str(exc.strerror or exc))
    except (RecursionError, MemoryError) as exc:
        return ContentError(label, 1, "file", key="problem.file.too_complex", error=type(exc).__name__)
    except Exception as exc:  # the promise: nothing from one file takes the loader down
        log.exception("unexpected error reading %s", label)
        return ContentError(label, 1, "file", key="problem.file.unexpected", error=type(exc).__name__,
                            detail=str(exc)[:200])


