"""Reading-order rules: each one is a validate problem at the ``path:line`` of the field to change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, FIXTURE, ROOT
from topicgraph.loader import read_curriculum
from topicgraph.reading import check_reading_order, curriculum_order, entry_chapter, reading_order, start_chapter


def edit(root: Path, slug: str, old: str, new: str) -> Path:
    path = root / "chapters" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, (slug, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    """1-based line of the first line starting with *start* (found, not hard-coded)."""
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(start))


def problems(root: Path) -> list[str]:
    return [str(p) for p in read_curriculum(root).problems]


def test_fixture_and_bundled_content_have_no_reading_order_problems() -> None:
    for root in (FIXTURE, BUNDLED):
        cur = read_curriculum(root)
        assert check_reading_order(cur) == [] and cur.problems == ()


def test_two_chapters_listing_each_other_as_next_is_reported_on_the_backward_link(content: Path) -> None:
    # ml-engineering-overview (order 1) -> ml-system-design-book (order 3) -> back: the back link is wrong
    path = edit(content, "ml-system-design-book", "next: [rag-architecture]", "next: [ml-engineering-overview]")
    where = f"{path}:{line_of(path, 'next:')}: next[0]: 'ml-engineering-overview' lists this chapter as next too"
    found = problems(content)
    assert [p for p in found if p.startswith(where)], found
    assert len([p for p in found if "as next too" in p]) == 1  # one problem per pair, not two


def test_a_theme_without_an_entry_chapter(content: Path) -> None:
    edit(content, "ai-engineering-overview", "order: 1", "order: 4")
    path = content / "chapters" / "rag-architecture.md"  # now the theme's first chapter
    assert (f"{path}:{line_of(path, 'order:')}: order: theme 'ai-engineering' has no entry chapter: "
            "give its first, easy chapter order: 1") in problems(content)


def test_an_entry_chapter_must_be_easy(content: Path) -> None:
    path = edit(content, "ai-engineering-overview", "difficulty: easy", "difficulty: medium")
    assert (f"{path}:{line_of(path, 'difficulty:')}: difficulty: the entry chapter of theme 'ai-engineering' "
            "(order: 1) must be easy, not medium") in problems(content)


def test_two_chapters_of_a_theme_cannot_share_an_order(content: Path) -> None:
    path = edit(content, "rag-architecture", "order: 2", "order: 3")
    assert (f"{path}:{line_of(path, 'order:')}: order: order 3 is already used by 'llm-serving-cost' "
            "in theme 'ai-engineering'") in problems(content)


def test_a_second_entry_chapter_is_a_shared_order(content: Path) -> None:
    path = edit(content, "ml-system-design-book", "order: 3", "order: 1")
    assert any(p.startswith(f"{path}:{line_of(path, 'order:')}: order: order 1 is already used")
               for p in problems(content))


def test_an_easy_chapter_context_never_sends_to_hard_or_expert_first(content: Path) -> None:
    path = edit(content, "ai-engineering-overview", "chapter: ai-vs-ml-engineering", "chapter: llm-serving-cost")
    assert (f"{path}:{line_of(path, '  chapter:')}: context.chapter: an easy chapter's context must not send the "
            "reader to an expert chapter ('llm-serving-cost') first; pick an easy or medium one") in problems(content)


def test_validate_command_reports_reading_order_with_path_line(content: Path) -> None:
    path = edit(content, "ml-system-design-book", "next: [rag-architecture]", "next: [ml-engineering-overview]")
    result = subprocess.run([sys.executable, "-m", "topicgraph", "validate", str(content)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"{path}:{line_of(path, 'next:')}: next[0]:" in result.stdout


def test_reading_order_entry_and_start() -> None:
    cur = read_curriculum(FIXTURE)
    assert [c.slug for c in reading_order(cur, "ml-engineering")] == [
        "ml-engineering-overview", "ai-vs-ml-engineering", "ml-system-design-book"]
    assert entry_chapter(cur, "databases").slug == "data-storage-overview"
    assert entry_chapter(cur, "nope") is None
    order = [c.slug for c in curriculum_order(cur)]
    assert sorted(order) == sorted(c.slug for c in cur.chapters)  # every chapter once
    # the fixture has no interview theme: a newcomer starts at the first theme's entry
    assert start_chapter(cur) == (cur.get("system-types"), False)
    assert start_chapter(cur, {"system-types"}) == (cur.get(order[1]), True)


def test_a_newcomer_starts_at_the_interview_basics() -> None:
    cur = read_curriculum(BUNDLED)
    chapter, continuing = start_chapter(cur)
    assert chapter is not None and chapter.slug == "why-system-design" and not continuing
    nxt, continuing = start_chapter(cur, {"why-system-design"})
    assert continuing and nxt is not None and nxt.theme == "system-design-interview" and nxt.order == 2


@pytest.mark.parametrize("theme", ["system-design-interview", "databases", "ai-engineering"])
def test_bundled_reading_order_follows_order(theme: str) -> None:
    cur = read_curriculum(BUNDLED)
    home = [c for c in reading_order(cur, theme) if c.theme == theme]
    assert [c.order for c in home] == list(range(1, len(home) + 1))
    assert home[0].difficulty == "easy"
