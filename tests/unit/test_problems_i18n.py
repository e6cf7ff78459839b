"""Content problems in the reader's language (issue 19): every problem the fixtures produce (tests/unit/
problem_corpus.py: the malformed-content cases, notes folders, notes.yaml, translations, reading order,
warnings) reads in English word for word as before the messages became catalog keys (problems_en.json was
written by the old code), and in Russian with no English word left but the file's own names and values."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.problem_corpus import GOLDEN, NOTES, built, lines
from topicgraph.cli import main as cli_main
from topicgraph.i18n import catalog
from topicgraph.loader import read_curriculum
from topicgraph.model import ContentError, Fixed, Said, Worded

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]{2,}")
# What a Russian reason rightly keeps: the file's field names and values, names of formats and commands.
NAMES = re.compile(
    r"front matter|YAML|UTF-8|NUL|ISO|slug|themes\.yaml|notes\.yaml|\{slug, name, description\}|"
    r"python -m topicgraph i18n stamp|source|context|prerequisites|next|order|easy|medium|hard|expert|"
    r"Templates|\*\.md|\.md|ru|en")
QUOTED = re.compile(r'"[^"]*"')  # an example value in quotes (source: "0123456789ab")
FIELD_ONLY = re.compile(r"\{\w+\}")  # an English text that is only another program's words (YAML's)

RU_VAULT = [
    "01 - Basics/index.md:1: title: заголовок 'Basics' повторяется (также в 01 - Basics/README.md)",
    "02 - Databases/Postgres.md:5: ссылка: [[cache]]: сопоставлена с 01 - Basics/Caching 🚀.md лишь приблизительно "
    "(по псевдониму 'cache')",
    "02 - Databases/Postgres.md:7: ссылка: [[Missing note]]: битая ссылка, заметки 'Missing note' нет",
    "02 - Databases/Redis.md:8: ссылка: [[index]]: неоднозначная ссылка, подходят 01 - Basics/index.md, "
    "03 - Misc/index.md; выбрана 01 - Basics/index.md",
    "03 - Misc/Empty.md:1: текст: пустая заметка",
    "03 - Misc/Outside.md:1: ссылка: [elsewhere](../../outside.md): ведёт за пределы папки (../outside.md); "
    "пропущена",
    "03 - Misc/Redis copy.md:2: title: заголовок 'Redis' повторяется (также в 02 - Databases/Redis.md)",
]

# Keys no fixture reaches: the system refusing (permissions, a file vanishing mid-read, the parser running out
# of stack) or a program error; said in Russian below from a made-up problem each.
UNREACHED = {
    "problem.folder.vanished", "problem.folder.cannot_list", "problem.file.vanished",
    "problem.file.too_complex", "problem.file.unexpected", "problem.file.over", "problem.links.unexpected",
    "problem.yaml.unreadable_deep",
}


@pytest.fixture(scope="module")
def found() -> Iterator[tuple[Path, dict[str, list[ContentError]]]]:
    with built() as corpus:
        yield corpus


def keys_said(problems: list[ContentError]) -> set[str]:
    said = {p.key for p in problems}
    return said | {v.key for p in problems for v in p.params.values() if isinstance(v, Said)}


def russian_left(p: ContentError) -> str:
    """The Russian reason without the file's values and names; no Latin word may be left."""
    ru = QUOTED.sub(" ", p.reason("ru"))
    values = [*p.params.values(), *(v for said in p.params.values() if isinstance(said, Said) for _, v in said.params)]
    for value in sorted((v for v in values if isinstance(v, str)), key=len, reverse=True):
        if value:
            ru = ru.replace(value, " ")
    return NAMES.sub(" ", ru)


_CYCLE = re.compile(r"(prerequisite cycle: )(.+)")


def canonical(line: str) -> str:
    """A cycle starts where the loader's set iteration happens to start it (run to run): say its members sorted."""
    return _CYCLE.sub(lambda m: m[1] + " -> ".join(sorted(set(m[2].split(" -> ")))), line)


def test_english_is_word_for_word_what_it_was(found: tuple[Path, dict[str, list[ContentError]]]) -> None:
    tmp, problems = found
    golden = {name: list(map(canonical, said)) for name, said in json.loads(GOLDEN.read_text(encoding="utf-8")).items()}
    now = {name: list(map(canonical, lines(ps, tmp))) for name, ps in problems.items()}
    assert now.keys() == golden.keys()
    assert [(name, now[name]) for name in now if now[name] != golden[name]] == []
    assert sum(map(len, now.values())) >= 150
    for ps in problems.values():
        for p in ps:
            assert p.key and p.text("en") == str(p), str(p)


def test_every_problem_reads_in_russian_with_no_english_left(found: tuple[Path, dict[str, list[ContentError]]]) -> None:
    for name, ps in found[1].items():
        for p in ps:
            ru, en = p.reason("ru"), p.reason("en")
            assert CYRILLIC.search(ru) and ru != en, (name, ru)
            assert not re.search(r"\{\w+\}", ru) or re.search(r"\{\w+\}", str(p)), (name, ru)  # all filled in
            assert not LATIN.search(russian_left(p)), (name, ru, russian_left(p))
            if FIELD_ONLY.fullmatch(str(catalog("en")[p.key])) is None:
                assert en not in ru, (name, ru)  # the English sentence is not kept beside the Russian one


def test_the_fixtures_reach_every_problem_key(found: tuple[Path, dict[str, list[ContentError]]]) -> None:
    said = set().union(*(keys_said(ps) for ps in found[1].values()))
    block = {k for k in catalog("en") if k.startswith("problem.") and not k.startswith(("problem.cli.",
                                                                                          "problem.where."))}
    assert sorted(block - said - UNREACHED) == []
    assert said & UNREACHED == set(), "reached now: take it off UNREACHED"


@pytest.mark.parametrize(("problem", "ru"), [
    (ContentError("c/sub", 1, "folder", key="problem.folder.vanished"), "c/sub:1: папка: исчезла во время чтения"),
    (ContentError("c/sub", 1, "folder", key="problem.folder.cannot_list", reason="Permission denied"),
     "c/sub:1: папка: не удаётся прочитать содержимое: Permission denied"),
    (ContentError("c/x.md", 1, "file", key="problem.file.cannot_read", reason="Permission denied"),
     "c/x.md:1: файл: не читается: Permission denied"),
    (ContentError("c/x.md", 1, "file", key="problem.file.vanished"), "c/x.md:1: файл: не читается: файл исчез во "
                                                                      "время чтения"),
    (ContentError("c/x.md", 1, "file", key="problem.file.too_complex", error="RecursionError"),
     "c/x.md:1: файл: слишком сложен для чтения (RecursionError)"),
    (ContentError("c/x.md", 1, "file", key="problem.file.unexpected", error="RuntimeError", detail="parser bug"),
     "c/x.md:1: файл: не читается: непредвиденная ошибка RuntimeError: parser bug"),
    (ContentError("c/x.md", 1, "file", key="problem.file.over", max=Fixed(1.0)),
     "c/x.md:1: файл: больше допустимых 1 МБ на файл"),
    (ContentError("c", 1, "links", key="problem.links.unexpected", error="RuntimeError", detail="link checker bug"),
     "c:1: ссылки: не удалось проверить ссылки: непредвиденная ошибка RuntimeError: link checker bug"),
    (ContentError("c/x.md", 2, "front matter", key="problem.yaml.unreadable_deep", max=16),
     "c/x.md:2: front matter: не читается YAML: вложенность глубже 16 уровней"),
])
def test_what_no_fixture_makes_happen_reads_in_russian_too(problem: ContentError, ru: str) -> None:
    assert problem.text("ru") == ru
    assert not LATIN.search(russian_left(problem).replace("RecursionError", "").replace("RuntimeError", ""))


def test_problems_with_a_worded_parameter() -> None:
    big = ContentError("n/a.md", 1, "file", key="problem.file.too_big", size=Fixed(1_050_001 / 1e6, 1),
                       max=Fixed(1.0))
    assert str(big) == "n/a.md:1: file: is 1.1 MB; the limit is 1 MB per file"
    assert big.text("ru") == "n/a.md:1: файл: размер 1,1 МБ, а на один файл допустимо не больше 1 МБ"
    assert isinstance(big.params["size"], Worded)
    many = ContentError("n/a.md", 3, "link", key="problem.note.ambiguous", raw="[[index]]", names="a.md, b.md",
                        note="a.md", more=Said("problem.note.and_more", n="2"))
    assert str(many) == "n/a.md:3: link: [[index]]: ambiguous, could be a.md, b.md and 2 more; using a.md"
    assert many.text("ru") == ("n/a.md:3: ссылка: [[index]]: неоднозначная ссылка, подходят a.md, b.md и ещё 2; "
                               "выбрана a.md")


def test_the_notes_vault_in_russian_exactly() -> None:
    cur = read_curriculum(NOTES / "vault")
    assert [p.text("ru") for p in cur.problems] == RU_VAULT
    assert [p.text("en") for p in cur.problems] == [str(p) for p in cur.problems]


def test_validate_in_russian(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LANG", raising=False)
    assert cli_main(["validate", str(NOTES / "vault"), "--lang", "ru"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"13 заметок, 4 темы, 20 ссылок ({NOTES / 'vault'}; папка obsidian, темы взяты из папок "
                      "верхнего уровня)")
    assert out[1:] == [*RU_VAULT, "7 проблем, 0 предупреждений"]
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")  # the default follows $LANG
    assert cli_main(["validate", str(NOTES / "vault")]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [*RU_VAULT, "7 проблем, 0 предупреждений"]
    assert cli_main(["validate", str(NOTES / "vault"), "--lang", "en"]) == 0
    english = capsys.readouterr().out.splitlines()
    assert english[0].startswith("13 notes, 4 themes, 20 links") and english[-1] == "7 problem(s), 0 warning(s)"
    assert english[1:-1] == [str(p) for p in read_curriculum(NOTES / "vault").problems]


def test_validate_in_russian_on_a_curriculum_with_a_warning(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = content / "chapters" / "redis-architecture.md"
    text = p.read_text(encoding="utf-8")
    p.write_text(text.replace("\n---\n", "\n---\n![a](https://example.com/a.png)\n\n", 1), encoding="utf-8")
    assert cli_main(["validate", str(content), "--lang", "ru"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"12 глав, \d+ тем[аы]?, \d+ ссыл\w+ \(.+\)", out[0]), out[0]
    assert re.fullmatch(r".+/redis-architecture\.md:\d+: текст: предупреждение: внешнее изображение "
                        r"'https://example\.com/a\.png' не загружается \(вместо него показан замещающий текст\)",
                        out[1]), out[1]
    assert out[2:] == ["проблем нет, 1 предупреждение"]
