"""topicgraph: the pure core of System Design Space Explorer (no Streamlit here)."""

from .loader import data_dir, parse_chapter, parse_themes, read_curriculum
from .model import DIFFICULTIES, EDGE_KINDS, TYPES, Chapter, ContentError, ContextLink, Curriculum, Theme

__all__ = [
    "DIFFICULTIES", "EDGE_KINDS", "TYPES", "Chapter", "ContentError", "ContextLink", "Curriculum", "Theme",
    "data_dir", "parse_chapter", "parse_themes", "read_curriculum",
]
