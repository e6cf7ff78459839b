"""Streamlit render-only pieces. Business logic lives in ``topicgraph``."""
