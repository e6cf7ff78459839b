"""What a page shows as text in AppTest, to check that it all comes from the UI catalog of its language.

Use: ``assert unknown_texts(shown_texts(at), "ru", allowed=content_texts(cur)) == []`` — every title,
header, Markdown block, caption, notice, button and widget label, metric label and tab label, widget
placeholders and options, number and date input labels, table column headers, progress bar texts and the
labels of download buttons, page links and file uploaders that
is neither a catalog text (placeholders match anything) nor content (chapter titles, theme names...).
A badge (``:green-badge[:material/x: Easy]``) counts as its text.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

from streamlit.testing.v1 import AppTest

from topicgraph.model import Curriculum

_BADGE = re.compile(r":[a-z]+-badge\[(?::material/\w+: )?(.*?)\]")


def _clean(text: object) -> str:
    return _BADGE.sub(r"\1", html.unescape(str(text)).replace("\\", ""))


def shown_texts(at: AppTest) -> list[str]:
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info", "error", "success"):
        out += [_clean(el.value) for el in getattr(at, kind)]
    for kind in ("button", "text_input", "multiselect", "selectbox", "radio", "toggle", "checkbox", "metric",
                 "button_group", "tabs", "expander", "number_input", "date_input", "text_area", "slider",
                 "select_slider"):
        for el in getattr(at, kind):
            out += [_clean(el.label)] if getattr(el, "label", "") else []
            out += [_clean(el.placeholder)] if getattr(el, "placeholder", "") else []
            out += [_clean(o) for o in getattr(el, "options", None) or ()]
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        order = list(frame.proto.column_order) or [str(c) for c in frame.value.columns]
        out += [str((config.get(c) or {}).get("label") or c) if isinstance(config.get(c), dict)
                else str(config.get(c) or c) for c in order]
    out += [_clean(el.proto.text) for el in at.get("progress") if el.proto.text]
    # elements AppTest has no class for: their protobuf's label
    out += [_clean(el.proto.label) for kind in ("download_button", "page_link", "file_uploader")
            for el in at.get(kind) if getattr(el.proto, "label", "")]
    return out


def content_texts(cur: Curriculum) -> set[str]:
    """Texts that come from the content, not the catalog."""
    def each() -> Iterator[str]:
        for c in cur.chapters:
            yield from (c.title, c.summary, c.context.label, c.context.why)
        for t in cur.themes:
            yield from (t.name, t.description)
    return set(each())
