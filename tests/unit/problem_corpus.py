"""Content problems of every kind the fixtures can produce, for the tests of their wording (issue 19):
every malformed-content case of ``test_hostile_content`` plus notes folders, notes.yaml, translations,
reading-order rules and warnings. :func:`corpus` builds them in a temporary folder and returns
``{case: [problem, ...]}``; :func:`lines` says them as text with the temporary folder left out.

``problems_en.json`` beside this file holds the English text of every problem as the code said it before
the messages moved into the catalogs (commit 565bfdb), written by ``python -m tests.unit.problem_corpus``
run on that commit: the proof that the catalog's English is word for word what it was.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import FIXTURE, ROOT, VALID_FRONT, chapter_text
from topicgraph import loader
from topicgraph.i18n.content import translation_warnings
from topicgraph.lint import content_warnings
from topicgraph.loader import read_curriculum
from topicgraph.model import ContentError

NOTES = ROOT / "tests" / "fixtures" / "notes"
BILINGUAL = ROOT / "tests" / "fixtures" / "content-ru"
GOLDEN = Path(__file__).with_name("problems_en.json")
Setup = Callable[[Path], None]


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            p.write_bytes(data)
        else:
            p.write_text(data, encoding="utf-8")


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    p = root / rel
    text = p.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def _curriculum(setup: Setup) -> Callable[[Path], Path]:
    """A copy of the fixture curriculum with *setup* applied."""
    def make(tmp: Path) -> Path:
        root = tmp / "content"
        shutil.copytree(FIXTURE, root)
        setup(root)
        return root
    return make


def _bilingual(setup: Setup) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        root = tmp / "content"
        shutil.copytree(FIXTURE, root)
        shutil.copytree(BILINGUAL / "chapters", root / "chapters", dirs_exist_ok=True)
        shutil.copy(BILINGUAL / "themes.ru.yaml", root / "themes.ru.yaml")
        setup(root)
        return root
    return make


def _folder(files: dict[str, str | bytes], base: Path | None = None,
            links: dict[str, str] | None = None) -> Callable[[Path], Path]:
    """A notes folder: a copy of *base* (or nothing) plus *files* and symbolic *links* (name → target, relative
    to the folder's parent)."""
    def make(tmp: Path) -> Path:
        root = tmp / "notes"
        if base is not None:
            shutil.copytree(base, root)
        root.mkdir(parents=True, exist_ok=True)
        _write(root, files)
        for name, target in (links or {}).items():
            os.symlink(tmp / target, root / name)
        return root
    return make


def _front(old: str, new: str) -> Setup:
    """Chapter ``x`` with one change to a valid front matter."""
    assert old in VALID_FRONT, old
    return lambda root: _write(root, {"chapters/x.md": chapter_text(VALID_FRONT.replace(old, new))})


def _drop_source(p: Path) -> None:
    text = p.read_text(encoding="utf-8")
    p.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith("source:")),
                 encoding="utf-8")


def _reading(root: Path) -> None:
    """Reading-order rules broken: an entry chapter that is hard, two chapters each other's next, a shared
    order, a theme without its entry chapter, an easy chapter whose context is expert."""
    front = VALID_FRONT.replace("themes: [databases]", "themes: [solo]").replace("difficulty: medium", "difficulty: hard")
    _write(root, {
        "themes.yaml": (root / "themes.yaml").read_text(encoding="utf-8")
        + "- slug: solo\n  name: Solo\n  description: One theme.\n  color: '#123456'\n  order: 99\n",
        "chapters/solo-a.md": chapter_text(front.replace("next: [redis-architecture]", "next: [solo-b]") + "order: 1\n"),
        "chapters/solo-b.md": chapter_text(front.replace("next: [redis-architecture]", "next: [solo-a]") + "order: 1\n"),
        "chapters/solo-c.md": chapter_text(VALID_FRONT.replace("themes: [databases]", "themes: [lonely]")
                                           .replace("difficulty: medium", "difficulty: easy")
                                           .replace("chapter: data-storage-overview", "chapter: solo-x")),
        "chapters/solo-x.md": chapter_text(front.replace("difficulty: hard", "difficulty: expert")),
        "chapters/solo-d.md": chapter_text(VALID_FRONT.replace("themes: [databases]", "themes: [lonely]")
                                           .replace("difficulty: medium", "difficulty: easy")
                                           .replace("chapter: data-storage-overview", "chapter: solo-b")),
    })
    _edit(root, "themes.yaml", "- slug: solo\n", "- slug: lonely\n  name: Lonely\n  order: 98\n- slug: solo\n")


def _hostile() -> Iterator[tuple[str, Callable[[Path], Path]]]:
    from tests.unit.test_hostile_content import CASES

    for case in CASES:
        yield f"hostile/{case.id}", _curriculum(case.setup)


def _cases() -> Iterator[tuple[str, Callable[[Path], Path]]]:
    yield from _hostile()
    yield "reading-order", _curriculum(_reading)
    yield "remote-images", _curriculum(lambda r: _edit(
        r, "chapters/redis-architecture.md", "\n---\n", "\n---\n![a](https://example.com/a.png)\n\n"))
    yield "duplicate-slug", _curriculum(lambda r: _write(r, {
        "chapters/sub/redis-architecture.md": (r / "chapters" / "redis-architecture.md").read_text(encoding="utf-8")}))
    yield "empty-title", _curriculum(_front('title: "A Valid Chapter"', 'title: "  "'))
    yield "next-a-number", _curriculum(_front("next: [redis-architecture]", "next: 5"))
    yield "no-themes", _curriculum(_front("themes: [databases]", "themes: []"))
    yield "order-zero", _curriculum(_front("next: [redis-architecture]", "next: [redis-architecture]\norder: 0"))
    yield "slug-mismatch", _curriculum(_front("next: [redis-architecture]", "next: [redis-architecture]\nslug: y"))
    yield "no-chapters", _curriculum(lambda r: shutil.rmtree(r / "chapters") or (r / "chapters").mkdir())
    yield "no-themes-file", _curriculum(lambda r: (r / "themes.yaml").unlink())
    yield "themes-not-a-list", _curriculum(lambda r: _write(r, {"themes.yaml": "a: 1\n"}))
    # translations
    yield "translation-orphan", _bilingual(lambda r: _write(r, {
        "chapters/nowhere.ru.md": "---\ntitle: Нигде\nsummary: Нет.\n---\nТекст.\n"}))
    yield "translation-broken-english", _bilingual(lambda r: _write(r, {"chapters/caching-strategies.md": "no fences\n"}))
    yield "translation-fields", _bilingual(lambda r: _write(r, {
        "chapters/redis-architecture.ru.md": "---\ntitle: Redis\nsummary: Кратко.\nsource: zz\n---\n\n",
        "chapters/scalable-systems.ru.md": "---\ntitle: Масштаб\nsummary: Кратко.\nsource: 123456789012\nextra: 1\n"
                                           "---\nТекст.\n",
        "chapters/Bad_Name.ru.md": "---\ntitle: Плохое имя\nsummary: Кратко.\n---\nТекст.\n",
        "chapters/data-storage-overview.ru.md": "---\n---\nТекст.\n",
        "chapters/system-types.ru.md": "---\n- a\n---\nТекст.\n",
    }))
    yield "translation-stale-and-unstamped", _bilingual(lambda r: (
        _edit(r, "chapters/caching-strategies.md", "\n---\n", "\n---\nA new first line.\n\n"),
        _drop_source(r / "chapters" / "redis-architecture.ru.md")))
    yield "translation-themes", _bilingual(lambda r: _write(r, {
        "themes.ru.yaml": (r / "themes.ru.yaml").read_text(encoding="utf-8")
        + "- slug: nowhere\n  name: Нигде\n- slug: databases\n  name: Ещё раз\n- plain\n"}))
    yield "translation-themes-not-a-list", _bilingual(lambda r: _write(r, {"themes.ru.yaml": "a: 1\n"}))
    # notes folders
    yield "vault", _folder({}, NOTES / "vault")
    yield "notes-bad-files", _folder({
        "a/good.md": "# Good\n\nLinks to [[broken yaml]] and [[latin]].\n",
        "a/broken yaml.md": "---\ntitle: [unclosed\n---\n# Still here\n\nText.\n",
        "a/latin.md": b"caf\xe9 au lait\n",
        "a/huge.md": b"x" * 1_000_001,
        "a/dates.md": "---\nupdated: last tuesday\n---\nA note with a bad date.\n",
        "a/aliased.md": "---\nalias: *x\n---\nAlias in YAML.\n",
        "a/listed.md": "---\n- a\n- b\n---\nFront matter that is a list.\n",
        "a/nul.md": b"text\x00\n",
    })
    yield "notes-config", _folder({"notes.yaml": "themes: nope\nname: 5\nkind: weird\nignore: 5\nbogus: 1\n"},
                                  NOTES / "nolinks")
    yield "notes-config-list", _folder({"notes.yaml": "- a\n"}, NOTES / "nolinks")
    yield "notes-links", _folder({
        "Redis Architecture.md": "# Redis Architecture\n\nIn memory.\n",
        "Cache.md": "---\naliases: [hot data]\n---\n# Cache\n\nKeep it close.\n",
        "deep/Other.md": "# Other\n\nElsewhere.\n",
        "Links.md": "# Links\n\n[[redis_architecture]] and [[Hot Data]] and [x](cache.MD) and [y](Other.md) "
                    "and [z](../../out.md) and [[Titled Note]] and [m](missing.md).\n\n[[index]]\n",
        "t.md": "# Titled Note\n\nA note whose file name is not its title.\n",
        **{f"f{i}/index.md": f"# Index {i}\n\nOne of many.\n" for i in range(7)},
    })
    yield "notes-none", _folder({"only.txt": "not a note\n"})
    yield "notes-none-readable", _folder({".obsidian/app.json": "{}", "huge.md": b"x" * 1_000_001})
    yield "notes-symlinks", _folder({"a.md": "# A\n\nText.\n", "inside/b.md": "# B\n\nText.\n"},
                                    links={"elsewhere.md": "outside.md", "again": "notes/inside"})


def corpus(tmp: Path) -> dict[str, list[ContentError]]:
    """Every case's problems and warnings (load problems first, then lint and translation warnings)."""
    out: dict[str, list[ContentError]] = {}
    for i, (name, make) in enumerate(_cases()):
        root = make(tmp / str(i))
        loader.clear_cache()
        cur = read_curriculum(root)
        out[name] = [*cur.problems, *content_warnings(cur), *translation_warnings(cur)]
    return out


def lines(problems: list[ContentError], tmp: Path, say: Callable[[ContentError], str] = str) -> list[str]:
    return [say(p).replace(f"{tmp}/", "<tmp>/") for p in problems]


@contextmanager
def built() -> Iterator[tuple[Path, dict[str, list[ContentError]]]]:
    with tempfile.TemporaryDirectory(prefix="tg-problems-") as name:
        tmp = Path(name).resolve()
        yield tmp, corpus(tmp)


def english() -> dict[str, list[str]]:
    with built() as (tmp, found):
        return {name: lines(problems, tmp) for name, problems in found.items()}


if __name__ == "__main__":  # write problems_en.json (run it on the commit whose words are the reference)
    json.dump(english(), sys.stdout if "-" in sys.argv else GOLDEN.open("w", encoding="utf-8"), ensure_ascii=False,
              indent=1, sort_keys=True)
