"""The bundled Russian texts (data/chapters/*.ru.md, data/themes.ru.yaml): valid, current, long enough,
written per chapter (no shared template), and actually Russian."""

from __future__ import annotations

import itertools
import re

import pytest

from tests.conftest import BUNDLED
from topicgraph.i18n.content import words
from topicgraph.loader import read_curriculum

CUR = read_curriculum(BUNDLED)
RU = {c.slug: c.i18n["ru"] for c in CUR.chapters if "ru" in c.i18n}
SHINGLE = 6  # words in a shingle: longer runs shared by two chapters mean copied sentences


def test_every_theme_has_a_russian_name_and_description() -> None:
    for t in CUR.themes:
        assert "ru" in t.i18n, t.slug
        assert re.search(r"[а-яё]", t.i18n["ru"].name, re.I) or t.i18n["ru"].name.isascii(), t.slug
        assert len(t.i18n["ru"].description.split()) >= 8, t.slug


def test_translations_load_without_problems() -> None:
    assert [str(p) for p in CUR.problems if ".ru." in p.path] == []


@pytest.mark.parametrize("slug", sorted(RU))
def test_russian_body_is_long_current_and_russian(slug: str) -> None:
    tr, english = RU[slug], CUR.chapter_map[slug]
    assert words(tr.body) >= 150, f"{slug}: {words(tr.body)} words"
    assert words(tr.body) >= 0.55 * words(english.body), "covers much less than the English text"
    assert tr.source is not None and not tr.stale, "run python -m topicgraph i18n stamp after translating"
    letters = re.findall(r"[^\W\d_]", tr.body)
    cyrillic = [ch for ch in letters if re.match(r"[а-яё]", ch, re.I)]
    # 0.6: pattern and product names stay in Latin letters (Kubernetes Patterns lists dozens); an untranslated
    # copy is near 0.
    assert len(cyrillic) >= 0.6 * len(letters), "mostly not Cyrillic: an untranslated copy?"
    # A proper name ("Airbnb", "Uber/Lyft") is kept as it is; any other title must be translated.
    assert re.search(r"[а-яё]", tr.title, re.I) or tr.title == english.title, "the title is not translated"
    assert re.search(r"[а-яё]", tr.summary, re.I), "the summary is not translated"


def _shingles(text: str) -> set[tuple[str, ...]]:
    ws = re.findall(r"\w+", text.lower())
    return {tuple(ws[i:i + SHINGLE]) for i in range(len(ws) - SHINGLE + 1)}


def test_no_russian_body_is_a_template_shared_with_another() -> None:
    shingles = {slug: _shingles(tr.body) for slug, tr in RU.items()}
    close = []
    for a, b in itertools.combinations(sorted(shingles), 2):
        shared = shingles[a] & shingles[b]
        if len(shared) > 0.1 * min(len(shingles[a]), len(shingles[b])):
            close.append((a, b, len(shared)))
    assert close == []
