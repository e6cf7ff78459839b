"""The graph component: the Streamlit wrapper (view.py), what it sends (payload.py), and its JS/CSS modules."""

from components.graph.payload import LOD_BUDGET, LOD_MIN, GraphPayload, build_payload
from components.graph.view import graph_view

__all__ = ["LOD_BUDGET", "LOD_MIN", "GraphPayload", "build_payload", "graph_view"]
