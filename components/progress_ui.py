"""Reading progress in the UI: status control in the reader, rings on the graph, bars in the sidebar
(issue 8 fills these in; the store is topicgraph/progress.py)."""

from __future__ import annotations

from topicgraph.model import Chapter, Curriculum


def statuses(cur: Curriculum) -> dict[str, str]:
    """Reading status per chapter slug for the current profile ({} when tracking is off)."""
    del cur
    return {}


def done_chapters(cur: Curriculum) -> set[str] | None:
    """Chapters done or skipped, or None when tracking is off."""
    del cur
    return None


def status_control(chapter: Chapter) -> None:
    """The not started / reading / done / skipped control in the reader."""
    del chapter


def sidebar_progress(cur: Curriculum) -> None:
    """Per-theme and overall progress bars in the sidebar."""
    del cur
