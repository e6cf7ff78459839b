"""Learning-path pieces of the graph page: routes, the local-graph depth, bridges (issue 7 fills these in)."""

from __future__ import annotations

from components import state
from components.state import Explorer
from topicgraph.model import Chapter


def current_route(ex: Explorer) -> list[str] | None:
    """The route held in the URL, as an ordered list of chapter slugs (None when there is none)."""
    del ex
    return None


def local_nodes(ex: Explorer, chapter: Chapter | None) -> set[str] | None:
    """Chapters within ``depth`` hops of the selection, or None to draw the whole graph."""
    del ex, chapter
    state.depth()
    return None


def route_panel(ex: Explorer) -> bool:
    """Render the route in the reader; return True when it did (the page then skips the chapter)."""
    del ex
    return False


def theme_cards(chapter: Chapter) -> None:
    """Under a chapter in two or more themes (a bridge): a card per theme with "Open theme"."""
    del chapter
