"""Charts (Altair) for the team and theme pages: every axis label shown whole, theme colours kept.

Vega-Lite hides axis labels that would overlap and cuts labels longer than 180 px, which left the team
heat map naming 4 of its 14 themes. Here the themes are the rows (names read horizontally, whole,
on any screen) and the people the columns.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.i18n_ui import difficulty_label, t
from topicgraph.colors import parse_hex

ROW_PX = 30  # one theme row of the heat map
LABEL_FONT = 12


def team_height(themes: list[str], names: list[str]) -> int:
    """Pixels the heat map needs: its rows, the slanted names above them and the legend below."""
    longest = max((len(n) for n in names), default=0)
    return ROW_PX * len(themes) + 20 + min(160, 7 * longest) * 3 // 4 + 70


def team_heatmap(table: pd.DataFrame, themes: list[str], names: list[str]) -> alt.LayerChart:
    """Percent done per theme (rows) and person (columns), with the percent written in each cell.

    *table* has the columns of :func:`topicgraph.progress.team_rows`; *themes* in reading order,
    *names* in display order. Draw it :func:`team_height` pixels tall.
    """
    x = alt.X("profile:N", sort=names, title=None,
              axis=alt.Axis(orient="top", labelAngle=-45, labelAlign="left", labelLimit=160,
                            labelFontSize=LABEL_FONT, labelOverlap=False))
    y = alt.Y("theme:N", sort=themes, title=None,
              axis=alt.Axis(labelLimit=0, labelFontSize=LABEL_FONT, labelOverlap=False, labelPadding=6))
    base = alt.Chart(table).encode(x=x, y=y)
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("percent:Q", scale=alt.Scale(domain=[0, 100], scheme="blues"), title=t("chart.done_pct"),
                        legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=140)),
        tooltip=[alt.Tooltip("profile:N", title=t("chart.profile")), alt.Tooltip("theme:N", title=t("chart.theme")),
                 alt.Tooltip("done:Q", title=t("chart.done")), alt.Tooltip("counted:Q", title=t("chart.counted")),
                 alt.Tooltip("percent:Q", format=".0f", title=t("chart.done_pct"))],
    )
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text("percent:Q", format=".0f"),
        color=alt.condition("datum.percent > 60", alt.value("white"), alt.value("black")),
    )
    return alt.layer(cells, labels).properties(height=ROW_PX * len(themes))


def difficulty_chart(counts: pd.Series, color: str) -> alt.Chart:
    """Chapters per difficulty (easy to expert, in that order) as bars in the theme's colour."""
    try:
        parse_hex(color)
    except ValueError:
        color = "#808080"
    names = [difficulty_label(str(d)) for d in counts.index]  # "Easy" / «Лёгкая», in the interface language
    data = pd.DataFrame({"difficulty": names, "chapters": list(counts.values)})
    return alt.Chart(data).mark_bar(color=color).encode(
        x=alt.X("difficulty:N", sort=names, title=t("chart.difficulty"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("chapters:Q", title=t("chart.chapters"), axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("difficulty:N", title=t("chart.difficulty")),
                 alt.Tooltip("chapters:Q", title=t("chart.chapters"))],
    )
