"""Knowing that a content directory changed without a ``stat`` of every file on every click.

:func:`topicgraph.loader.content_signature` is exact but stats every chapter file (about 20 ms at
5,000 files). :class:`ContentWatch` asks the operating system instead (watchdog: inotify on Linux,
FSEvents on macOS, ReadDirectoryChangesW on Windows): file events under the directory are counted,
and :meth:`ContentWatch.signature` recomputes the signature only when an event arrived since it
last did. Where no watcher can run (watchdog missing, inotify limits, a file system that reports
nothing such as NFS), every call recomputes it, as before; ``signature(fresh=True)`` always does.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from .loader import content_signature

log = logging.getLogger(__name__)


class ContentWatch:
    """The content signature of *root*, recomputed only after a file event under it.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "chapters").mkdir()
    >>> watch = ContentWatch(root)
    >>> first = watch.signature()
    >>> watch.signature() == first and watch.computed == (1 if watch.live else 2)
    True
    >>> watch.close()
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.computed = 0  # how many times the signature was computed (for tests and diagnostics)
        self._lock = threading.Lock()
        self._events = 0  # file events seen so far
        self._checked = -1  # the event count when the kept signature was computed (-1: none kept)
        self._signature = ""
        self._observer: Any = None
        try:
            self._observer = _start_observer(self.root, self._seen)
        except Exception as exc:  # no watchdog, inotify limits, an unreadable root: stat every time
            log.warning("not watching %s for changes (%s: %s); the content is re-checked on every run",
                        self.root, type(exc).__name__, exc)

    @property
    def live(self) -> bool:
        """True while the operating system reports changes (else every call recomputes)."""
        return self._observer is not None and bool(self._observer.is_alive())

    @property
    def events(self) -> int:
        """File events seen since the watch started."""
        return self._events

    def _seen(self) -> None:
        with self._lock:
            self._events += 1

    def signature(self, *, fresh: bool = False) -> str:
        """The content signature: the kept one unless a file changed since (or *fresh*, or not live)."""
        with self._lock:
            events = self._events
            if not fresh and self.live and self._checked == events:
                return self._signature
        # Events arriving while this runs leave _events above `events`: the next call recomputes.
        signature = content_signature(self.root)
        with self._lock:
            self._signature, self._checked = signature, events
            self.computed += 1
        return signature

    def close(self) -> None:
        """Stop watching (the thread ends; later calls recompute every time)."""
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)


def _start_observer(root: Path, seen: Any) -> Any:
    from watchdog import events as ev
    from watchdog.observers import Observer

    class Counter(ev.FileSystemEventHandler):
        def on_any_event(self, event: ev.FileSystemEvent) -> None:
            seen()

    if not root.is_dir():
        raise FileNotFoundError(f"no such directory: {root}")
    # Only what changes content: not the opens and reads of our own loader.
    changes: list[type[ev.FileSystemEvent]] = [
        ev.FileCreatedEvent, ev.FileDeletedEvent, ev.FileModifiedEvent, ev.FileMovedEvent, ev.FileClosedEvent,
        ev.DirCreatedEvent, ev.DirDeletedEvent, ev.DirModifiedEvent, ev.DirMovedEvent,
    ]
    observer = Observer()
    observer.daemon = True
    observer.schedule(Counter(), str(root), recursive=True, event_filter=changes)
    observer.start()
    return observer
