"""Import any Markdown notes folder (Obsidian, Foam, Dendron, a docs tree) as a curriculum.

:func:`read_notes` is the entry point; :func:`is_notes_folder` tells a notes folder from the app's own
format; :func:`cache_dir` is where what the app derives from a folder goes (never into it).
"""

from .folder import CONFIG_FILE, KINDS, NotesConfig, cache_dir, detect_kind, is_notes_folder, signature_parts
from .read import clear_cache, read_notes

__all__ = ["CONFIG_FILE", "KINDS", "NotesConfig", "cache_dir", "clear_cache", "detect_kind", "is_notes_folder",
           "read_notes", "signature_parts"]
