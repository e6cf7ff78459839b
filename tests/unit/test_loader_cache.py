"""The parse cache (an edit re-reads one file, not all) and the content fingerprint."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from topicgraph import loader
from topicgraph.loader import content_signature, read_curriculum


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Slugs handed to the chapter parser, in order (the real parser still runs)."""
    seen: list[str] = []
    real = loader.parse_chapter

    def spy(text: str, path: str, slug: str):  # type: ignore[no-untyped-def]
        seen.append(slug)
        return real(text, path, slug)

    monkeypatch.setattr(loader, "parse_chapter", spy)
    loader.clear_cache()
    return seen


def test_an_edit_reparses_only_that_file(content: Path, parses: list[str]) -> None:
    first = read_curriculum(content)
    assert len(parses) == 12
    parses.clear()
    again = read_curriculum(content)
    assert parses == [] and again.chapters == first.chapters
    path = content / "chapters" / "redis-architecture.md"
    path.write_text(path.read_text().replace('title: "Redis', 'title: "Edited Redis'))
    edited = read_curriculum(content)
    assert parses == ["redis-architecture"]
    assert edited.get("redis-architecture").title.startswith("Edited Redis")


def test_same_size_edit_with_a_new_mtime_is_seen(content: Path, parses: list[str]) -> None:
    read_curriculum(content)
    path = content / "chapters" / "qdrant-overview.md"
    text = path.read_text()
    path.write_text(text.replace("difficulty: medium", "difficulty: xxxxxx"))  # same size
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    cur = read_curriculum(content)
    assert cur.get("qdrant-overview") is None and any("xxxxxx" in str(p) for p in cur.problems)


def test_the_cache_is_bounded(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "CACHE_SIZE", 5)
    loader.clear_cache()
    read_curriculum(content)
    assert len(loader._cache) == 5
    loader.clear_cache()


def test_signature_changes_on_edit_add_remove_and_in_subfolders(content: Path) -> None:
    sig = content_signature(content)
    assert content_signature(content) == sig
    path = content / "chapters" / "redis-architecture.md"
    path.write_text(path.read_text() + "\nmore\n")
    assert content_signature(content) != sig
    sig = content_signature(content)
    (content / "chapters" / "deep" / "er").mkdir(parents=True)
    assert content_signature(content) != sig
    sig = content_signature(content)
    (content / "chapters" / "deep" / "er" / "new.md").write_text("x")
    assert content_signature(content) != sig
    sig = content_signature(content)
    (content / "chapters" / "deep" / "er" / "new.md").unlink()
    assert content_signature(content) != sig
    sig = content_signature(content)
    themes = content / "themes.yaml"
    themes.write_text(themes.read_text() + "\n")
    assert content_signature(content) != sig
