"""Search in Russian: Snowball stems in FTS5, ranking by field, and the bilingual search's order and notes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from topicgraph.i18n.content import localize
from topicgraph.i18n.search import BilingualSearch, LangHit, StemmedIndex
from topicgraph.loader import read_curriculum
from topicgraph.model import Chapter, ContextLink
from topicgraph.search import SearchIndex


def ch(slug: str, title: str, summary: str, body: str, lang: str = "ru") -> Chapter:
    return Chapter(slug, title, ("t",), "easy", "original", datetime(2026, 1, 1), summary,
                   ContextLink("x", "Контекст", "Зачем."), ("x",), body, lang=lang)


CHAPTERS = [
    ch("replication", "Репликация", "Копии данных на разных узлах.",
       "Лидер принимает запись, последователи догоняют. Шардирование здесь упомянуто один раз."),
    ch("sharding", "Шардирование баз данных", "Как делить данные по ключу.",
       "Ключ шардирования выбирают так, чтобы нагрузка распределялась равномерно."),
    ch("kafka", "Очереди сообщений", "Kafka и её партиции.", "Ещё раз про Kafka: партиции и реплики (replicas)."),
    ch("cache", "Кэширование", "Кэш снимает нагрузку с базы данных.", "Стратегии кэширования: cache-aside."),
]


def slugs(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [h.slug for h in hits]


def test_an_inflected_word_finds_its_other_forms_title_first() -> None:
    index = StemmedIndex(CHAPTERS)
    # «шардирования» (genitive) matches «Шардирование» in a title and in a body: the title ranks first
    assert slugs(index.search("шардирования")) == ["sharding", "replication"]
    assert slugs(index.search("кэш")) == ["cache"]  # a prefix while typing
    assert slugs(index.search("репликации")) == ["replication"]


def test_summary_outranks_body() -> None:
    index = StemmedIndex([ch("a", "А", "Про партиции.", "Текст."), ch("b", "Б", "Текст.", "Про партиции и ещё.")])
    assert slugs(index.search("партиция ")) == ["a", "b"]


def test_yo_and_ye_are_the_same_letter_and_latin_words_are_stemmed_as_english() -> None:
    index = StemmedIndex(CHAPTERS)
    assert slugs(index.search("еще")) == ["kafka"]
    assert slugs(index.search("replica ")) == ["kafka"]
    assert slugs(index.search("KAFKA")) == ["kafka"]


def test_snippets_mark_the_matched_words_in_the_original_text() -> None:
    hit = StemmedIndex(CHAPTERS).search("ключа")[0]
    assert hit.slug == "sharding" and hit.column == "body"
    assert [text for text, matched in hit.parts if matched] == ["Ключ"]
    assert "".join(text for text, _ in hit.parts).startswith("Ключ шардирования выбирают")


def test_hostile_input_is_just_words() -> None:
    index = StemmedIndex(CHAPTERS)
    assert index.search('") OR *: NEAR(') == []
    assert index.search("   ") == []
    assert slugs(index.search('"репликация" AND -(')) == ["replication"]


def test_all_words_first_then_any_word() -> None:
    index = StemmedIndex(CHAPTERS)
    assert sorted(slugs(index.search("кэширование лидер"))) == ["cache", "replication"]  # no chapter has both
    assert slugs(index.search("лидер запись")) == ["replication"]


def test_bilingual_search_order_and_languages(bilingual: Path) -> None:
    cur = read_curriculum(bilingual)
    english = SearchIndex(cur.chapters)
    russian = StemmedIndex(localize(cur, "ru").chapters)
    en, ru = BilingualSearch("en", english, lambda: russian), BilingualSearch("ru", english, lambda: russian)

    hits = en.search("шардирования")  # Cyrillic in the English interface: the Russian text, tagged
    assert slugs(hits)[:2] and all(isinstance(h, LangHit) and h.lang == "ru" for h in hits)
    assert set(slugs(hits)) == {"data-storage-overview", "scalable-systems"}
    assert {h.lang for h in en.search("redis")} == {"en"}  # English words: the English index

    hits = ru.search("кэширования")
    assert slugs(hits)[0] == "caching-strategies" and hits[0].title == "Стратегии кэширования"
    assert {h.lang for h in hits} == {"ru"}
    # the Russian index holds what a Russian reader sees: untranslated chapters in English
    assert "rag-architecture" in slugs(ru.search("retrieval"))
    # nothing in the Russian texts: the English text answers, tagged "en"
    hits = ru.search("understand")  # only in the English title of a translated chapter
    assert hits and {h.lang for h in hits} == {"en"}


def test_no_russian_text_no_russian_index(bilingual: Path) -> None:
    cur = read_curriculum(bilingual)
    built: list[int] = []

    def none() -> None:
        built.append(1)
        return None

    search = BilingualSearch("en", SearchIndex(cur.chapters), none)
    assert slugs(search.search("redis"))[0] == "redis-architecture"
    assert built == []  # an English query that finds something never asks for the Russian index
    assert search.search("шардирование") == [] and built == [1]
