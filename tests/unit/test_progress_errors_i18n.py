"""Why an import was refused, in the interface language (issue 19): every ProgressFileError that a bad file
raises says its reason in Russian with no English word left (only the file's own field names and values, and
the names of formats such as JSON, stay as they are), and in English word for word as before (``str(e)``, the
CLI's text). The bad files are those of the bad-input tests plus one per remaining refusal, and together they
reach every reason in the catalog."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.unit.test_progress_import_limits import HEAD, MALFORMED, doc, entry
from topicgraph import curricula
from topicgraph import progress as p
from topicgraph.i18n import catalog, t
from topicgraph.progress.values import ProgressFileError

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")
# Names that are the file's own (its fields, statuses, the format's id) or of standards: never translated.
NAMES = re.compile(r"\b(?:format|version|profile|exported_at|curriculum_name|curriculum|chapters|chapter|status|"
                   r"updated_at|not-started|reading|done|skipped|topicgraph-progress|JSON|ISO|UTF-8|NaN|Infinity)\b"
                   r"|\\uXXXX|\bc=\S+?\)")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")  # values of the file, quoted as they are

BAD: dict[str, str | bytes] = {name: data for name, (data, _field, _words) in MALFORMED.items()}
BAD |= {
    "a UTF-16 mark": b"\xff\xfe garbage",
    "not UTF-8": b'{"a": "\xff"}',
    "a list": "[]",
    "another format": '{"format": "something-else", "version": 1, "chapters": []}',
    "chapters an object": '{"format": "topicgraph-progress", "version": 1, "chapters": {}}',
    "an unknown status": doc(entry(status="finished")),
    "a date that is not one": doc(entry(updated_at="yesterday")),
    "an empty slug": doc(entry(chapter="")),
    "a control character in a slug": doc(entry(chapter="a\x00b")),
    "a 50-character float": HEAD + '"chapters": [], "x": 1.' + "0" * 50 + "}",
    "Infinity": HEAD + '"chapters": [], "x": Infinity}',
    "an unknown field in an entry": doc({**entry(), "note": "x"}),
    "too many entries": doc(*[entry(f"c{i}") for i in range(3)]),
    "6 MB": '"' + "x" * 6_000_000 + '"',
    # what json itself says
    "nothing": "",
    "no quotes": "{not json",
    "no colon": '{"a" 1}',
    "no comma": '{"a": 1 "b": 2}',
    "an open string": '{"a": "b',
    "a raw control character": '{"a": "\x01"}',
    "a bad escape": '{"a": "\\q"}',
    "a bad unicode escape": '{"a": "\\u12"}',
    "extra data": "{} x",
}
LIMITS = p.ImportLimits(max_bytes=5_000_000, max_entries=2)


def refusal(data: str | bytes) -> ProgressFileError:
    with pytest.raises(ProgressFileError) as err:
        p.read_progress_file(data, LIMITS)
    return err.value


def refusals() -> list[ProgressFileError]:
    out = [refusal(data) for data in BAD.values()]
    vault = curricula.Choice("vault", "Хранилище", Path("v"), "vault:", True)
    with pytest.raises(ProgressFileError) as err:  # an export of another curriculum
        curricula.scoped_entries(p.ProgressFile([], "docs", "Документация"), vault)
    out.append(err.value)
    # what json could say that no bad file here makes it say (another Python's words), and json's other refusals
    out.append(ProgressFileError("file", "progress.file.not_json_other", line=1, column=2, detail="Something new"))
    out.append(ProgressFileError("file", "progress.file.not_json", detail="Exceeds the limit"))
    return out


def keys_said(errors: list[ProgressFileError]) -> set[str]:
    said = {e.key for e in errors}
    return said | {str(v.key) for e in errors for v in e.params.values() if hasattr(v, "key")}


def russian_left(reason: str) -> str:
    """The reason without what is rightly not Russian; no Latin letter may be left."""
    return NAMES.sub("", QUOTED.sub("", reason))


def test_every_refusal_is_said_in_russian_with_no_english_word_left() -> None:
    errors = refusals()
    assert len(errors) == len(BAD) + 3
    for e in errors:
        ru = e.text("ru")
        field, reason = ru.split(": ", 1)
        if e.field == "file":  # the whole file, not one of its fields
            assert field == "файл", ru
        elif e.field.endswith(" characters)"):  # a long field name, quoted: its length is said in Russian
            assert field.split("' (")[0] == e.field.split("' (")[0] and field.endswith(" символов)"), ru
        else:
            assert field == e.field, ru  # the file's field names stay as they are
        assert CYRILLIC.search(reason), ru
        assert not LATIN.search(russian_left(reason)), (ru, russian_left(reason))
        assert "{" not in ru or "{" in str(e), ru  # every placeholder filled


def test_every_refusal_reads_in_english_word_for_word_as_before() -> None:
    for e in refusals():
        assert e.text("en") == str(e) == f"{e.field}: {e.message}"
    for name, (data, field, words) in MALFORMED.items():  # what the bad-input tests assert, through the key
        e = refusal(data)
        assert e.field.startswith(field) and words in e.message, (name, str(e)[:200])


def test_the_bad_files_reach_every_reason_in_the_catalog() -> None:
    """So a new refusal without a bad file here, or a reason left English, cannot slip in unseen."""
    block = {k for k in catalog("en") if k.startswith(("progress.file.", "progress.json."))}
    block -= {"progress.file.characters"}  # the length of a long quoted value: test_a_refusal_word_for_word
    said = keys_said(refusals())
    # the trailing-comma words are Python 3.13's; this Python says "Expecting ..." for them
    assert block - said <= {"progress.json.comma_object", "progress.json.comma_array"}, sorted(block - said)
    assert said <= block | {"progress.size.mb", "progress.size.bytes"}


@pytest.mark.parametrize(("data", "en", "ru"), [
    ('"' + "x" * 6_000_000 + '"', "file: is 6 MB; an import may be at most 5 MB",
     "файл: размер 6 МБ, а импортировать можно не больше 5 МБ"),
    (doc(*[entry(f"c{i}") for i in range(3)]), "chapters: has 3 entries; an import may hold at most 2",
     "chapters: в списке 3 записи, а импортировать можно не больше 2"),
    ("{not json", "file: not JSON (line 1, column 2: Expecting property name enclosed in double quotes)",
     "файл: не JSON (строка 1, столбец 2: ожидалось имя поля в двойных кавычках)"),
    (doc(entry(updated_at=20260301)), "chapters[0].updated_at: must be an ISO date-time string",
     "chapters[0].updated_at: должно быть строкой даты-времени в формате ISO"),
    (doc(entry(chapter="x" * 300)), "chapters[0].chapter: must be a chapter slug of 1-200 characters",
     "chapters[0].chapter: должно быть идентификатором главы длиной от 1 до 200 символов"),
    (HEAD + '"chapters": [], "profile": "x", "exported_at": ' + "9" * 5000 + "}",
     "file: a number with 5,000 digits (at most 18)", "файл: число из 5\xa0000 цифр (допустимо не больше 18)"),
    (doc(entry(updated_at="2026-" + "9" * 100)),
     "chapters[0].updated_at: '2026-99999999999999999999999999999999999…' (105 characters) is not an ISO date-time",
     "chapters[0].updated_at: '2026-99999999999999999999999999999999999…' (105 символов) — не дата-время в формате "
     "ISO"),
])
def test_a_refusal_word_for_word(data: str, en: str, ru: str) -> None:
    e = refusal(data)
    assert (str(e), e.text("ru")) == (en, ru)


def test_the_size_of_a_file_in_each_language() -> None:
    e = ProgressFileError("file", "progress.file.size", size=p.values._Size(49_123_456), max=p.values._Size(2))
    assert str(e) == "file: is 49.1 MB; an import may be at most 2 bytes"
    assert e.text("ru") == "файл: размер 49,1 МБ, а импортировать можно не больше 2 байта"
    assert t("progress.size.bytes", "ru", n=5, size="5") == "5 байт"


def test_the_store_and_the_curricula_refuse_in_both_languages(tmp_path: Path) -> None:
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(str(tmp_path / "p.sqlite")), limits=LIMITS))
    try:
        with pytest.raises(ProgressFileError) as err:  # the API's own check, not the file parser's
            store.import_entries("Ada", [p.Entry(f"c{i}", p.DONE, datetime(2026, 1, 1, tzinfo=timezone.utc))
                                         for i in range(3)])
    finally:
        store.close()
    assert str(err.value) == "chapters: has 3 entries; an import may hold at most 2"
    assert err.value.text("ru") == "chapters: в списке 3 записи, а импортировать можно не больше 2"
    vault = curricula.Choice("vault", "My vault", Path("v"), "vault:", True)
    with pytest.raises(ProgressFileError) as err:
        curricula.scoped_entries(p.ProgressFile([], "docs", "Team docs"), vault)
    assert err.value.text("ru") == ("curriculum: в этом файле прогресс курса 'docs' (Team docs), а открыт курс "
                                    "'vault' (My vault); откройте тот курс (c=docs), чтобы импортировать его")


def test_the_doc_helper_still_builds_valid_files() -> None:
    assert p.read_progress_file(doc(entry()), LIMITS).entries[0].chapter == "redis-architecture"
    assert json.loads(doc())["chapters"] == []
