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

from .model import ContentError

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
            return ContentError(label, 1, "file", "is a folder, not a file")
        if info.st_size > MAX_FILE_BYTES:
            return ContentError(label, 1, "file", f"is {info.st_size / 1e6:.1f} MB; the limit is "
                                                  f"{MAX_FILE_BYTES / 1e6:.0f} MB per file")
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            return ContentError(label, 1, "file", f"is over {MAX_FILE_BYTES / 1e6:.0f} MB per file")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            return ContentError(label, line, "file", f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at column "
                                                     f"{column}; save the file as UTF-8")
        if "\x00" in text:
            return ContentError(label, text.count("\n", 0, text.index("\x00")) + 1, "file",
                                "contains a NUL character: not a text file")
        return parse(text)
    except ContentError as exc:
        return exc
    except FileNotFoundError:
        what = "dangling symbolic link" if path.is_symlink() else "vanished while reading"
        return ContentError(label, 1, "file", f"cannot read: {what}")
    except OSError as exc:
        return ContentError(label, 1, "file", f"cannot read: {exc.strerror or exc}")
    except (RecursionError, MemoryError) as exc:
        return ContentError(label, 1, "file", f"too complex to read ({type(exc).__name__})")
    except Exception as exc:  # the promise: nothing from one file takes the loader down
        log.exception("unexpected error reading %s", label)
        return ContentError(label, 1, "file", f"cannot read: unexpected {type(exc).__name__}: {str(exc)[:200]}")


