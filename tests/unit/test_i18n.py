"""Russian: translation files beside the English ones, validate's warnings, stamping, the UI catalogs."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import FIXTURE, ROOT
from topicgraph.cli import main
from topicgraph.i18n import LANGS, catalog, format_datetime, missing_keys, t, unknown_texts
from topicgraph.i18n.content import chapter_source, localize, status, translation_warnings
from topicgraph.loader import read_curriculum

# --------------------------------------------------------------------------- catalogs


def test_every_key_exists_in_every_language_with_every_plural_form() -> None:
    assert missing_keys() == {lang: [] for lang in LANGS}


def test_every_key_the_code_asks_for_is_in_the_catalog() -> None:
    used: set[str] = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "components").rglob("*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([\w.-]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "no t() call found: the pattern above is out of date"
    assert sorted(used - set(catalog("en"))) == []


@pytest.mark.parametrize(("n", "text"), [(1, "1 глава"), (3, "3 главы"), (5, "5 глав"), (11, "11 глав"),
                                         (21, "21 глава"), (22, "22 главы"), (1000, "1\xa0000 глав")])
def test_russian_plurals_and_numbers(n: int, text: str) -> None:
    assert t("count.chapters", "ru", n=n) == text


def test_english_plurals_and_numbers() -> None:
    assert [t("count.chapters", "en", n=n) for n in (1, 2, 12345)] == ["1 chapter", "2 chapters", "12,345 chapters"]


def test_dates_per_language() -> None:
    when = datetime(2026, 4, 5, 21, 3)
    assert format_datetime(when, "ru") == "5 апреля 2026 г., 21:03"
    assert format_datetime(when, "en") == "April 5, 2026, 21:03"


def test_unknown_language_falls_back_to_english_and_values_are_not_interpreted() -> None:
    assert t("nav.graph", "de") == "Graph"
    assert t("notice.no_chapter", "ru", slug="{n}<b>") == "Главы '{n}<b>' нет. Выберите главу на графе или через поиск."


def test_unknown_texts_finds_what_is_not_in_the_catalog() -> None:
    shown = ["Граф", "3 главы", "Showing 3 of 12 chapters", "Кэширование", "42"]
    assert unknown_texts(shown, "ru", allowed={"Кэширование"}) == ["Showing 3 of 12 chapters"]


# --------------------------------------------------------------------------- content


def test_translations_load_beside_the_english_files(bilingual: Path) -> None:
    cur = read_curriculum(bilingual)
    assert [str(p) for p in cur.problems] == []
    assert len(cur.chapters) == 12  # x.ru.md is not a chapter
    storage = cur.get("data-storage-overview")
    assert storage is not None and storage.i18n["ru"].title == "Обзор хранилищ данных"
    assert not storage.i18n["ru"].stale
    redis = cur.get("redis-architecture")
    assert redis is not None and redis.i18n["ru"].stale  # stamped with an old hash
    assert cur.theme_map["databases"].i18n["ru"].name == "Базы данных"


def test_localize_keeps_the_facts_and_marks_what_stays_english(bilingual: Path) -> None:
    cur = read_curriculum(bilingual)
    ru = localize(cur, "ru")
    storage, rag = ru.get("data-storage-overview"), ru.get("rag-architecture")
    assert storage is not None and rag is not None
    assert (storage.title, storage.lang, storage.context.label) == ("Обзор хранилищ данных", "ru", "Основа")
    assert (rag.title, rag.lang) == (cur.chapter_map["rag-architecture"].title, "en")
    english = cur.chapter_map["data-storage-overview"]
    assert (storage.themes, storage.next, storage.difficulty, storage.context.chapter) == (
        english.themes, english.next, english.difficulty, english.context.chapter)
    assert [t.name for t in ru.themes][:2] == ["Подходы к проектированию систем", "Базы данных"]
    assert localize(cur, "en") is cur


def test_english_only_content_gets_no_translation_warning() -> None:
    assert translation_warnings(read_curriculum(FIXTURE)) == []


def test_validate_lists_missing_and_stale_translations_as_warnings(bilingual: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(bilingual)]) == 0
    out = capsys.readouterr().out.splitlines()
    missing = [line for line in out if "translation: warning: no ru text" in line]
    assert len(missing) == 8 and any(line.endswith("rag-architecture.md:1: translation: warning: no ru text "
                                                   "(rag-architecture.ru.md missing)") for line in out)
    stale = [line for line in out if ": source: warning:" in line]
    assert len(stale) == 1 and stale[0].startswith(str(bilingual / "chapters" / "redis-architecture.ru.md") + ":4:")
    assert out[-1] == "0 problems, 9 warning(s)"
    assert main(["validate", str(bilingual), "--strict"]) == 1


@pytest.mark.parametrize(("front", "body", "expected"), [
    ('title: "Т"\nsummary: "С"\ntitel: x\n', "Текст.\n", ":4: titel: unknown field"),
    ('summary: "С"\n', "Текст.\n", ":1: title: missing required field"),
    ('title: "Т"\nsummary: "С"\nsource: 123\n', "Текст.\n", ":4: source: write the hash in quotes"),
    ('title: "Т"\nsummary: "С"\nsource: "xyz"\n', "Текст.\n", ":4: source: 'xyz' is not 12 hex digits"),
    ('title: "Т"\nsummary: "С"\n', "\n", ":5: body: is empty"),
    ('title: [\n', "Текст.\n", ":3: front matter: unreadable YAML"),
    ('title: &a "Т"\nsummary: *a\n', "Текст.\n", "summary: YAML aliases (*name) are not supported"),
])
def test_a_bad_translation_is_reported_at_its_line_and_the_chapter_stays_english(
        bilingual: Path, front: str, body: str, expected: str) -> None:
    path = bilingual / "chapters" / "scalable-systems.ru.md"
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    cur = read_curriculum(bilingual)
    found = [str(p) for p in cur.problems]
    assert len(found) == 1 and found[0].startswith(str(path)) and expected in found[0], found
    chapter = cur.get("scalable-systems")
    assert chapter is not None and "ru" not in chapter.i18n


def test_a_translation_without_its_chapter_is_a_problem(bilingual: Path) -> None:
    (bilingual / "chapters" / "nowhere.ru.md").write_text("---\ntitle: Т\nsummary: С\n---\nТекст.\n")
    (bilingual / "chapters" / "redis-architecture.md").write_text("---\ntitle: [\n---\nbody\n")
    problems = [str(p) for p in read_curriculum(bilingual).problems]
    assert any(p.endswith("nowhere.ru.md:1: file: translation of a missing chapter: no nowhere.md beside it")
               for p in problems)
    assert any("redis-architecture.ru.md:1: file: translation of 'redis-architecture', which was left out" in p
               for p in problems)


def test_themes_translation_problems(bilingual: Path) -> None:
    (bilingual / "themes.ru.yaml").write_text("- {slug: databases, name: Базы}\n- {slug: nope, name: Нет}\n"
                                              "- {slug: databases, name: Снова}\n- {slug: ml-engineering}\n")
    problems = [str(p) for p in read_curriculum(bilingual).problems]
    label = str(bilingual / "themes.ru.yaml")
    assert f"{label}:3: [2].slug: duplicate theme slug 'databases' (first at line 1)" in problems
    assert f"{label}:4: [3].name: missing required field" in problems
    assert f"{label}:2: slug: unknown theme 'nope' (not in themes.yaml)" in problems


def test_an_edited_english_text_makes_its_translation_stale(bilingual: Path) -> None:
    english = bilingual / "chapters" / "data-storage-overview.md"
    english.write_text(english.read_text() + "\nOne more sentence.\n")
    cur = read_curriculum(bilingual)
    chapter = cur.get("data-storage-overview")
    assert chapter is not None and chapter.i18n["ru"].stale
    assert status(cur)["ru"]["stale"] == ["data-storage-overview", "redis-architecture"]


def test_stamp_writes_only_missing_hashes_unless_asked(bilingual: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = bilingual / "chapters" / "scalable-systems.ru.md"
    path.write_text(re.sub(r'source: "\w+"\n', "", path.read_text()))
    before_redis = (bilingual / "chapters" / "redis-architecture.ru.md").read_text()
    assert main(["i18n", "stamp", str(bilingual)]) == 0
    cur = read_curriculum(bilingual)
    scalable = cur.chapter_map["scalable-systems"]
    assert scalable.i18n["ru"].source == chapter_source(scalable) and not scalable.i18n["ru"].stale
    assert (bilingual / "chapters" / "redis-architecture.ru.md").read_text() == before_redis  # stale: left alone
    assert "redis-architecture.ru.md: stale, not stamped" in capsys.readouterr().out
    assert main(["i18n", "stamp", str(bilingual), "--only", "redis-architecture"]) == 0
    redis = read_curriculum(bilingual).chapter_map["redis-architecture"]
    assert not redis.i18n["ru"].stale
    text = (bilingual / "chapters" / "redis-architecture.ru.md").read_text()
    assert text == before_redis.replace('"000000000000"', f'"{chapter_source(redis)}"')


def test_status_counts_words_and_the_shortest_body(bilingual: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = status(read_curriculum(bilingual))["ru"]
    assert (report["translated"], report["themes"], len(report["missing"])) == (4, 4, 8)
    assert report["shortest"]["slug"] == "scalable-systems"
    assert main(["i18n", "status", str(bilingual)]) == 0
    assert capsys.readouterr().out.startswith("ru: 4 of 12 chapters, 1 stale, 4 themes named")


def test_keys_lists_every_interface_key_with_both_texts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "keys", "--prefix", "graph.legend_more"]) == 0
    line = capsys.readouterr().out.strip()
    key, en, ru = line.split("\t")
    assert key == "graph.legend_more" and "other: + {n} more themes" in en and "few: + ещё {n} темы" in ru
    assert main(["i18n", "keys", "--count"]) == 0
    total = capsys.readouterr().out.strip().splitlines()[-1]
    assert total == f"{len(set(catalog('en')) | set(catalog('ru')))} keys"
