"""Baseline for the benchmark: the straightforward pyvis way, measured beside the real app.

pyvis writes a whole HTML page (vis-network inlined, since we are offline; its CDN
Bootstrap tags stripped) shown in an iframe. An iframe cannot talk back to Python,
so a chapter is chosen with a selectbox, and every choice re-sends the page.
"""

import re
import sys
from pathlib import Path

import streamlit as st
from pyvis.network import Network

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from bench/
from topicgraph.graph import build_graph
from topicgraph.loader import read_curriculum


@st.cache_resource
def load():  # type: ignore[no-untyped-def]
    cur = read_curriculum()
    return cur, build_graph(cur)


cur, g = load()
colors = {t.slug: t.color for t in cur.themes}
titles = {c.slug: c.title for c in cur.chapters}
slug = st.selectbox("Chapter", list(titles), key="chapter", format_func=titles.__getitem__)
net = Network(height="640px", width="100%", directed=True, cdn_resources="in_line")
for c in cur.chapters:
    net.add_node(c.slug, label=c.title, title=c.title, color=colors[c.theme], size=25 if c.slug == slug else 10)
for u, v in g.edges:
    net.add_edge(u, v)
html = re.sub(r"<(link|script)[^>]+(cdn|bootstrap)[^>]*>(</script>)?", "", net.generate_html())
# Mark the first drawing so the benchmark can time it the same way as the real app.
html = html.replace("network = new vis.Network(container, data, options);",
                    "network = new vis.Network(container, data, options);"
                    "network.once('afterDrawing', () => { window.drawnAt = performance.now(); });")
st.iframe(html, height=660)
