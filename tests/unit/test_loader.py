"""Every problem kind the loader reports comes with path:line, field and a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURE, VALID_FRONT, chapter_text
from topicgraph.loader import read_curriculum


def problems_of(root: Path, name: str) -> list[str]:
    return [str(p) for p in read_curriculum(root).problems if Path(p.path).name == name]


def write(root: Path, slug: str, text: str, folder: str = "chapters") -> Path:
    path = root / folder / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_fixture_loads_clean() -> None:
    cur = read_curriculum(FIXTURE)
    assert cur.problems == ()
    assert len(cur.chapters) == 12 and len(cur.themes) == 4
    bridge = cur.get("ai-vs-ml-engineering")
    assert bridge is not None and bridge.themes == ("ml-engineering", "ai-engineering")
    assert bridge.context.chapter == "system-types"


def test_data_dir_comes_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOPICGRAPH_DATA", str(FIXTURE))
    assert len(read_curriculum().chapters) == 12


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (VALID_FRONT + "colour: red\n", "x.md:13: colour: unknown field"),
        (VALID_FRONT.replace("difficulty: medium", "difficulty: mid"),
         "x.md:4: difficulty: 'mid' is not one of easy, medium, hard, expert"),
        (VALID_FRONT.replace("type: original", "type: essay"), "x.md:5: type: 'essay' is not one of"),
        (VALID_FRONT.replace('title: "A Valid Chapter"\n', ""), "x.md:1: title: missing required field"),
        (VALID_FRONT.replace("themes: [databases]", "themes: 7"), "x.md:3: themes: expected a list of slugs, got int"),
        (VALID_FRONT + "order: first\n", "x.md:13: order: expected a whole number, got 'first'"),
        (VALID_FRONT.replace("2026-03-01T10:00:00", "last tuesday"), "x.md:6: updated: 'last tuesday' is not an ISO"),
        (VALID_FRONT.replace('why: "Start there."', "why: [1, 2]"), "x.md:11: context.why: expected text, got list"),
        (VALID_FRONT.replace("next: [redis-architecture]", "next: []"), "x.md:12: next: needs at least 1 item"),
        (VALID_FRONT + "slug: another-name\n", "x.md:13: slug: 'another-name' does not match the file name 'x'"),
        (VALID_FRONT.replace('summary: "One line."', 'summary: "x"\n  bad indent: 1'),
         "x.md:8: front matter: unreadable YAML: "),
        (VALID_FRONT + "title: Again\n", "x.md:13: title: duplicate key"),
    ],
    ids=["unknown-field", "enum", "type-enum", "missing", "wrong-type", "order-type", "date", "nested-type",
         "empty-next", "slug-mismatch", "yaml", "duplicate-key"],
)
def test_field_problems_are_located(content: Path, front: str, expected: str) -> None:
    write(content, "x", chapter_text(front))
    found = problems_of(content, "x.md")
    assert any(p.endswith(expected) or expected in p for p in found), found
    assert read_curriculum(content).get("x") is None  # a broken chapter is left out ...
    assert len(read_curriculum(content).chapters) == 12  # ... and every valid one still loads


def test_empty_body_points_at_the_body_line(content: Path) -> None:
    write(content, "x", chapter_text(body="\n\n"))
    assert problems_of(content, "x.md") == [f"{content}/chapters/x.md:14: body: is empty: write the chapter below the front matter"]


def test_missing_front_matter(content: Path) -> None:
    write(content, "x", "# Just markdown\n")
    assert problems_of(content, "x.md") == [f"{content}/chapters/x.md:1: front matter: file must start with a '---' line"]


def test_file_name_must_be_a_slug(content: Path) -> None:
    write(content, "My Chapter", chapter_text())
    assert any("slug: file name 'My Chapter' is not a slug" in p for p in problems_of(content, "My Chapter.md"))


def test_duplicate_slug_in_subfolder(content: Path) -> None:
    write(content, "redis-architecture", chapter_text(), folder="chapters/extra")
    found = problems_of(content, "redis-architecture.md")
    assert any(":1: slug: duplicate slug 'redis-architecture'" in p for p in found), found
    assert found == [f"{content}/chapters/extra/redis-architecture.md:1: slug: duplicate slug 'redis-architecture' "
                     f"(also {content}/chapters/redis-architecture.md)"]
    assert read_curriculum(content).get("redis-architecture").title.startswith("Redis")  # the top-level one wins


def test_link_to_missing_chapter_is_located_at_the_link(content: Path) -> None:
    write(content, "x", chapter_text(VALID_FRONT.replace("next: [redis-architecture]", "next:\n  - redis-architecture\n  - nowhere\n")))
    found = problems_of(content, "x.md")
    assert found == [f"{content}/chapters/x.md:14: next[1]: links to missing chapter 'nowhere'"]
    assert read_curriculum(content).get("x") is not None  # the chapter stays; the link is not drawn


def test_link_to_missing_theme(content: Path) -> None:
    write(content, "x", chapter_text(VALID_FRONT.replace("themes: [databases]", "themes: [databases, astrology]")))
    assert problems_of(content, "x.md") == [f"{content}/chapters/x.md:3: themes[1]: unknown theme 'astrology' (not in themes.yaml)"]
    assert read_curriculum(content).get("x").themes == ("databases",)


def test_link_to_a_broken_chapter_says_why(content: Path) -> None:
    write(content, "broken", chapter_text(VALID_FRONT.replace("difficulty: medium", "difficulty: 9")))
    write(content, "x", chapter_text(VALID_FRONT.replace("next: [redis-architecture]", "next: [broken]")))
    assert problems_of(content, "x.md") == [
        f"{content}/chapters/x.md:12: next[0]: links to 'broken', which was left out because of its own problems"]


def test_prerequisite_cycle_is_reported_on_each_member(content: Path) -> None:
    path = content / "chapters" / "data-storage-overview.md"
    path.write_text(path.read_text().replace("order: 1", "prerequisites: [redis-architecture]\norder: 1"))
    cur = read_curriculum(content)
    cycle = [str(p) for p in cur.problems if "prerequisite cycle" in str(p)]
    assert len(cycle) == 2
    assert any(p.startswith(f"{content}/chapters/data-storage-overview.md:13: prerequisites:") for p in cycle)
    assert any(p.startswith(f"{content}/chapters/redis-architecture.md:13: prerequisites:") for p in cycle)
    assert cur.get("redis-architecture").prerequisites == ()  # the loop is cut, the chapters stay


def test_theme_problems(content: Path) -> None:
    themes = content / "themes.yaml"
    themes.write_text(themes.read_text().replace('"#7b7fe0"', '"pink"') + "- {slug: databases, name: D, description: d, color: '#000000', order: 9}\n")
    found = [str(p) for p in read_curriculum(content).problems if "themes.yaml" in p.path]
    assert f"{content}/themes.yaml:15: [2].color: 'pink' is not a hex colour such as '#4e79a7'" in found
    assert any(":22: [4].slug: duplicate theme slug 'databases'" in p for p in found), found


def test_all_problems_are_collected_in_one_pass(content: Path) -> None:
    write(content, "a", chapter_text(VALID_FRONT.replace("difficulty: medium", "difficulty: mid") + "extra: 1\n"))
    write(content, "b", "no front matter")
    cur = read_curriculum(content)
    assert len(cur.problems) == 3
    assert len(cur.chapters) == 12
