"""Share / export: download buttons for the current filtered view.

Files are built only when a button is clicked (``st.download_button`` accepts a callable for
``data``) and kept in a small cache per view, so reruns never rebuild the ~1 MB HTML page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import streamlit as st

from components.i18n_ui import difficulty_label, t, type_label
from components.state import Explorer
from topicgraph.export import MIME, export, to_html
from topicgraph.query import Filters, matching_set

#: Format and icon; the label and help are ``export.<format>`` and ``export.<format>_help`` in the catalog.
FILES = (("html", ":material/language:"), ("graphml", ":material/hub:"), ("json", ":material/data_object:"),
         ("csv", ":material/table_rows:"))


@dataclass(frozen=True)
class _Content:
    """An explorer compared by identity: one content version (the explorer is cached per version).
    The cache holds the explorer while the entry lives, so its id cannot be reused meanwhile."""

    ex: Explorer = field(hash=False, compare=False)
    ident: int = 0


@functools.lru_cache(maxsize=16)
def _build(content: _Content, filters: Filters, fmt: str, dark: bool) -> bytes:
    ex = content.ex
    if fmt == "html":
        return to_html(ex.curriculum, ex.graph, ex.positions, filters, dark=dark).encode("utf-8")
    return export(fmt, ex.curriculum, ex.graph, filters).encode("utf-8")


def view_name(ex: Explorer, filters: Filters) -> str:
    """The view in one line, in the interface language: "System Design Space: 12 chapters (theme: Databases)"."""
    cur = ex.curriculum
    names = cur.theme_map
    parts = [t(f"export.filter.{name}", values=", ".join(label(v) for v in values))
             for name, values, label in (
                 ("theme", filters.themes, lambda v: names[v].name if v in names else v),
                 ("difficulty", filters.difficulties, difficulty_label), ("type", filters.types, type_label))
             if values]
    return t("export.view", chapters=t("count.chapters", n=len(matching_set(cur, filters))),
             filters=f" ({'; '.join(parts)})" if parts else "")


def export_menu(ex: Explorer, filters: Filters) -> None:
    """A "Share / export" popover with one download button per format."""
    content = _Content(ex, id(ex))
    dark = st.context.theme.type == "dark"
    stem = "system-design-space" + "".join(f"-{v.replace(',', '+')}" for v in filters.to_params().values())
    with st.popover(t("export.menu"), icon=":material/ios_share:", width="content"):
        st.caption(view_name(ex, filters))
        for fmt, icon in FILES:
            st.download_button(
                t(f"export.{fmt}"), data=functools.partial(_build, content, filters, fmt, dark),
                file_name=f"{stem}.{fmt}", mime=MIME[fmt], icon=icon, help=t(f"export.{fmt}_help"), on_click="ignore",
                key=f"export-{fmt}", width="stretch",
            )
