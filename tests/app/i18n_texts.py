"""What a page shows as text in AppTest, to check that it all comes from the UI catalog of its language.

Use: ``assert unknown_texts(shown_texts(at), "ru", allowed=content_texts(cur)) == []`` — every title,
header, Markdown block, caption, notice, button and widget label, metric label and tab label that is
neither a catalog text (placeholders match anything) nor content (chapter titles, theme names...).
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from streamlit.testing.v1 import AppTest

from topicgraph.model import Curriculum


def shown_texts(at: AppTest) -> list[str]:
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info", "error", "success"):
        out += [html.unescape(str(el.value)).replace("\\", "") for el in getattr(at, kind)]
    for kind in ("button", "text_input", "multiselect", "selectbox", "radio", "toggle", "checkbox", "metric",
                 "button_group", "tabs", "expander"):
        out += [html.unescape(str(el.label)).replace("\\", "") for el in getattr(at, kind) if getattr(el, "label", "")]
    return out


def content_texts(cur: Curriculum) -> set[str]:
    """Texts that come from the content, not the catalog."""
    def each() -> Iterator[str]:
        for c in cur.chapters:
            yield from (c.title, c.summary, c.context.label, c.context.why)
        for t in cur.themes:
            yield from (t.name, t.description)
    return set(each())
