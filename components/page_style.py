"""The graph page's own stylesheet: reader layout (desktop column, phone flow, print) and theme badges.

Only our CSS goes into ``st.html``; content never does. Badge rules are generated from
validated ``#rrggbb`` theme colours and slug-shaped class names.
"""

from __future__ import annotations

import os
import re
from functools import cache, lru_cache
from pathlib import Path

import streamlit as st

from topicgraph.colors import mix, parse_hex, text_shade
from topicgraph.model import Theme

CSS = Path(__file__).with_name("page.css")
# Streamlit's default page backgrounds; a badge is an opaque tint on them, so its text contrast
# does not depend on what is behind it.
LIGHT_BG, DARK_BG = "#ffffff", "#0e1117"
_FALLBACK = "#808080"
_CLASS_SAFE = re.compile(r"[^a-z0-9-]")


def sidebar_state() -> str:
    """How the sidebar starts on the graph page: ``collapsed`` (the graph gets the width), or what
    ``TOPICGRAPH_SIDEBAR`` says (``expanded`` or ``auto``) on a deployment that wants the filters open.

    >>> os.environ["TOPICGRAPH_SIDEBAR"] = "expanded"; sidebar_state()
    'expanded'
    >>> os.environ["TOPICGRAPH_SIDEBAR"] = "bogus"; sidebar_state()
    'collapsed'
    >>> del os.environ["TOPICGRAPH_SIDEBAR"]
    """
    value = os.environ.get("TOPICGRAPH_SIDEBAR", "collapsed").strip().lower()
    return value if value in ("collapsed", "expanded", "auto") else "collapsed"


def badge_key(slug: str) -> str:
    """The container key (and so the CSS class ``st-key-<key>``) of a theme's badge.

    >>> badge_key("databases"), badge_key("Bad slug!")
    ('theme-badge-databases', 'theme-badge-bad-slug-')
    """
    return "theme-badge-" + _CLASS_SAFE.sub("-", slug.lower())


def badge_colors(color: str) -> dict[str, str]:
    """Background and text colours of a theme badge in the light and the dark theme.

    The background is a tint of the theme colour; the text is the theme colour's shade that
    reads at 4.5:1 on it.

    >>> from topicgraph.colors import contrast
    >>> c = badge_colors("#ff9da7")
    >>> contrast(c["light_text"], c["light_bg"]) >= 4.5 and contrast(c["dark_text"], c["dark_bg"]) >= 4.5
    True
    """
    try:
        parse_hex(color)
    except ValueError:
        color = _FALLBACK
    light_bg, dark_bg = mix(color, LIGHT_BG, 0.82), mix(color, DARK_BG, 0.7)
    return {
        "light_bg": light_bg, "light_text": text_shade(color, light_bg),
        "dark_bg": dark_bg, "dark_text": text_shade(color, dark_bg),
    }


def badge_css(themes: tuple[Theme, ...] | list[Theme]) -> str:
    """One rule per theme; ``light-dark()`` follows Streamlit's light or dark theme (``color-scheme``)."""
    rules = []
    for theme in themes:
        c = badge_colors(theme.color)
        rules.append(
            f".st-key-{badge_key(theme.slug)} a {{ background: light-dark({c['light_bg']}, {c['dark_bg']}); "
            f"color: light-dark({c['light_text']}, {c['dark_text']}) !important; }}"
        )
    return "\n".join(rules)


@cache
def _static_css() -> str:
    return CSS.read_text(encoding="utf-8")


@lru_cache(maxsize=8)
def _page_html(themes: tuple[Theme, ...]) -> str:
    css = f"{_static_css()}\n{badge_css(themes)}"
    assert "<" not in css, "page CSS must not contain '<'"
    return f"<style>\n{css}\n</style>"


def inject(themes: tuple[Theme, ...] | list[Theme]) -> None:
    """Add the page stylesheet (style-only HTML takes no room on the page).

    The CSS must not contain ``<``: Streamlit's HTML sanitiser drops a ``<style>`` whose text
    looks like markup. Built once per set of themes (the colour maths is not redone per run).
    """
    st.html(_page_html(tuple(themes)))
