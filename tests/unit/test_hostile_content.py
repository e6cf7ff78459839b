"""Malformed content, one case each: a clear ``path:line: field: message``, never a traceback, and every
valid chapter of the fixture still loads.

Each case writes its damage into a private copy of ``tests/fixtures/content`` (generated here, not
committed, so the byte-level cases stay byte-exact); ``expect`` lists the problems that must be
reported, as ``relative/path:line: field: fragment``; ``gone`` the fixture chapters the damage
rightly takes out (everything else must load).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXTURE, VALID_FRONT, chapter_text
from topicgraph import loader
from topicgraph.cli import main as cli_main
from topicgraph.loader import read_curriculum

FIXTURE_SLUGS = frozenset(p.stem for p in (FIXTURE / "chapters").glob("*.md"))
DB_CHAPTERS = frozenset({"data-storage-overview", "redis-architecture", "qdrant-overview"})


def x(front: str = VALID_FRONT, body: str = "## Body\n\nText.\n") -> Callable[[Path], None]:
    """Write chapter ``x`` (front matter lines start at 2; VALID_FRONT's last line is 12)."""
    return raw("chapters/x.md", chapter_text(front, body).encode())


def raw(rel: str, data: bytes) -> Callable[[Path], None]:
    def setup(c: Path) -> None:
        p = c / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return setup


def edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def setup(c: Path) -> None:
        p = c / rel
        text = p.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return setup


def front(old: str, new: str) -> Callable[[Path], None]:
    assert old in VALID_FRONT, old
    return x(VALID_FRONT.replace(old, new))


def symlink(rel: str, target: str) -> Callable[[Path], None]:
    def setup(c: Path) -> None:
        os.symlink(target, c / rel)
    return setup


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(c: Path) -> None:
        for step in steps:
            step(c)
    return setup


def mkdir(rel: str) -> Callable[[Path], None]:
    return lambda c: (c / rel).mkdir(parents=True)


BOMB = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 9)}]" for i in range(1, 7)]
)
THEMES = (FIXTURE / "themes.yaml").read_text(encoding="utf-8")
ALL_GONE = FIXTURE_SLUGS  # when themes.yaml cannot be read, no chapter has a theme


@dataclass
class Case:
    id: str
    setup: Callable[[Path], None]
    expect: list[str]
    gone: frozenset[str] = frozenset()
    loads: frozenset[str] = frozenset()  # extra chapters (besides the fixture) that must load
    only: bool = True  # the expected problems are all the problems


CASES = [
    # ----------------------------------------------------------------- dates
    Case("date-feb-30", front("2026-03-01T10:00:00", "2026-02-30"),
         ["chapters/x.md:6: updated: '2026-02-30' is not a valid timestamp: day is out of range for month"]),
    Case("date-month-13", front("2026-03-01T10:00:00", "2026-13-01T10:00:00"),
         ["chapters/x.md:6: updated: '2026-13-01T10:00:00' is not a valid timestamp: month must be in 1..12"]),
    Case("date-hour-25", front("2026-03-01T10:00:00", "2026-03-01T25:00:00"),
         ["chapters/x.md:6: updated: '2026-03-01T25:00:00' is not a valid timestamp: hour must be in 0..23"]),
    Case("date-offset-25h", front("2026-03-01T10:00:00", "2026-03-01T10:00:00+25:00"),
         ["chapters/x.md:6: updated: '2026-03-01T10:00:00+25:00' is not a valid timestamp"]),
    Case("date-words", front("2026-03-01T10:00:00", "last tuesday"),
         ["chapters/x.md:6: updated: 'last tuesday' is not an ISO date-time"]),
    Case("date-five-digit-year", front("2026-03-01T10:00:00", "99999-01-01"),
         ["chapters/x.md:6: updated: '99999-01-01' is not an ISO date-time"]),
    Case("date-explicit-tag", front("2026-03-01T10:00:00", "!!timestamp 2026-02-31"),
         ["chapters/x.md:6: updated: '2026-02-31' is not a valid timestamp"]),
    Case("date-missing", front("updated: 2026-03-01T10:00:00\n", ""), ["chapters/x.md:1: updated: missing required field"]),
    # ----------------------------------------------------------------- encodings
    Case("themes-latin1-byte", lambda c: (c / "themes.yaml").write_bytes(
        THEMES.replace("Databases", "Datab\u00e4ses").encode("latin-1")),
        ["themes.yaml:8: file: not UTF-8 text: byte 0xe4 at column 14"], gone=ALL_GONE, only=False),
    Case("chapter-latin1-byte", raw("chapters/x.md", chapter_text().encode() + "caf\u00e9\n".encode("latin-1")),
         ["chapters/x.md:17: file: not UTF-8 text: byte 0xe9 at column 4"]),
    Case("chapter-utf16", raw("chapters/x.md", chapter_text().encode("utf-16")),
         ["chapters/x.md:1: file: not UTF-8 text: byte 0xff at column 1"]),
    Case("chapter-nul-byte", raw("chapters/x.md", chapter_text().encode() + b"\x00\n"),
         ["chapters/x.md:17: file: contains a NUL character"]),
    Case("chapter-bom", raw("chapters/x.md", b"\xef\xbb\xbf" + chapter_text().encode()), [], loads=frozenset({"x"})),
    Case("chapter-crlf", raw("chapters/x.md", chapter_text().replace("\n", "\r\n").encode()), [],
         loads=frozenset({"x"})),
    Case("themes-bom", lambda c: (c / "themes.yaml").write_bytes(b"\xef\xbb\xbf" + THEMES.encode()), []),
    # ----------------------------------------------------------------- YAML features
    Case("recursive-alias", x(VALID_FRONT + "order: &a [*a]\n"),
         ["chapters/x.md:13: order[0]: YAML aliases (*name) are not supported"]),
    Case("alias-bomb", x(VALID_FRONT + BOMB + "\n"),
         ["chapters/x.md:14: b[0]: YAML aliases (*name) are not supported"]),
    Case("plain-alias", x(VALID_FRONT.replace('summary: "One line."', 'summary: &s "One line."') + "slug: *s\n"),
         ["chapters/x.md:13: slug: YAML aliases (*name) are not supported"]),
    Case("merge-key", x(VALID_FRONT + "<<: {order: 3}\n"),
         ["chapters/x.md:13: <<: YAML merge keys (<<) are not supported"]),
    Case("python-object-tag", front('"A Valid Chapter"', "!!python/object/apply:os.system [echo pwned]"),
         ["chapters/x.md:2: title: could not determine a constructor for the tag "
          "'tag:yaml.org,2002:python/object/apply:os.system'"]),
    Case("python-name-tag", front("type: original", "type: !!python/name:os.system"),
         ["chapters/x.md:5: type: could not determine a constructor"]),
    Case("custom-tag", front('"One line."', "!include other.md"),
         ["chapters/x.md:7: summary: could not determine a constructor for the tag '!include'"]),
    Case("binary-title", front('"A Valid Chapter"', "!!binary aGVsbG8="), ["chapters/x.md:2: title: expected text, got bytes"]),
    Case("themes-multi-document", lambda c: (c / "themes.yaml").write_text(THEMES + "---\n- slug: more\n"),
         ["themes.yaml:22: themes: unreadable YAML: "], gone=ALL_GONE, only=False),
    Case("nesting-5000-brackets", x(VALID_FRONT + "order: " + "[" * 5000 + "]" * 5000 + "\n"),
         ["chapters/x.md:13: front matter: unreadable YAML: "]),
    Case("nesting-40-levels", x(VALID_FRONT + "order: " + "[" * 40 + "]" * 40 + "\n"),
         ["chapters/x.md:13: order" + "[0]" * 16 + ": nested more than 16 levels deep"]),
    Case("unhashable-key", x(VALID_FRONT + "? [a, b]\n: 1\n"), ["chapters/x.md:13: ?: found unhashable key"]),
    Case("duplicate-key", x(VALID_FRONT + "title: Again\n"), ["chapters/x.md:13: title: duplicate key"]),
    Case("front-matter-list", x("- title\n- themes\n"), ["chapters/x.md:2: front matter: must be a mapping of fields"]),
    Case("front-matter-scalar", x("just words\n"), ["chapters/x.md:2: front matter: must be a mapping of fields"]),
    Case("tab-indent", front("  label: Context", "\tlabel: Context"), ["chapters/x.md:10: front matter: unreadable YAML: "]),
    Case("unclosed-quote", front('"One line."', '"One line.'), ["chapters/x.md:11: front matter: unreadable YAML: did not find expected key (while parsing a block "
          "mapping at line 2)"]),
    # ----------------------------------------------------------------- field values
    Case("order-huge", x(VALID_FRONT + "order: 1000000000000000000000000000000\n"),
         ["chapters/x.md:13: order: must be at most 1000000"]),
    Case("order-nan", x(VALID_FRONT + "order: .nan\n"), ["chapters/x.md:13: order: expected a whole number, got nan"]),
    Case("order-bool", x(VALID_FRONT + "order: true\n"), ["chapters/x.md:13: order: expected a whole number, got True"]),
    Case("difficulty-empty", front("difficulty: medium", "difficulty:"), ["chapters/x.md:4: difficulty: missing required field"]),
    Case("theme-not-slug", front("themes: [databases]", "themes: [Databases]"),
         ["chapters/x.md:3: themes[0]: 'Databases' is not a slug"]),
    Case("next-twice", front("next: [redis-architecture]", "next: [redis-architecture, redis-architecture]"),
         ["chapters/x.md:12: next[1]: 'redis-architecture' is listed twice"]),
    Case("title-multiline", front('title: "A Valid Chapter"', "title: |\n  Two\n  lines"),
         ["chapters/x.md:2: title: must be a single line"]),
    Case("context-string", front("context:\n  chapter: data-storage-overview\n  label: Context\n  why: \"Start there.\"",
                                 "context: data-storage-overview"),
         ["chapters/x.md:8: context: expected a mapping with chapter, label, why"]),
    Case("context-path-traversal", front("chapter: data-storage-overview", "chapter: ../../etc/passwd"),
         ["chapters/x.md:9: context.chapter: '../../etc/passwd' is not a slug"]),
    Case("context-unknown-field", front('why: "Start there."', 'why: "Start there."\n  href: javascript:alert(1)'),
         ["chapters/x.md:12: context.href: unknown field"]),
    Case("self-link", front("next: [redis-architecture]", "next: [x]"), ["chapters/x.md:12: next: a chapter cannot link to itself"]),
    Case("huge-value-is-cut", front('"One line."', "[" + ", ".join(["1"] * 1000) + "]"),
         ["chapters/x.md:7: summary: expected text, got list"]),
    # ----------------------------------------------------------------- files and folders
    Case("empty-file", raw("chapters/x.md", b""), ["chapters/x.md:1: file: is empty"]),
    Case("whitespace-file", raw("chapters/x.md", b"\n  \n\t\n"), ["chapters/x.md:1: file: is empty"]),
    Case("no-front-matter", raw("chapters/x.md", b"# Just markdown\n"),
         ["chapters/x.md:1: front matter: file must start with a '---' line"]),
    Case("no-closing-fence", raw("chapters/x.md", b"---\ntitle: A\n"), ["chapters/x.md:1: front matter: no closing '---' line"]),
    Case("empty-front-matter", raw("chapters/x.md", b"---\n---\nBody\n"), ["chapters/x.md:1: front matter: is empty"]),
    Case("empty-body", x(body="\n \n"), ["chapters/x.md:14: body: is empty"]),
    Case("huge-file", raw("chapters/x.md", chapter_text().encode() + b"a" * 1_500_000),
         ["chapters/x.md:1: file: is 1.5 MB; the limit is 1 MB per file"]),
    Case("folder-named-md", both(mkdir("chapters/x.md"), raw("chapters/x.md/y.md", chapter_text().encode())), [],
         loads=frozenset({"y"})),
    Case("dangling-symlink", symlink("chapters/x.md", "nowhere.md"), ["chapters/x.md:1: file: cannot read: dangling symbolic link"]),
    Case("symlink-to-etc-passwd", symlink("chapters/x.md", "/etc/passwd"),
         ["chapters/x.md:1: file: symbolic link to outside the content directory: not followed"]),
    Case("symlink-loop-file", symlink("chapters/x.md", "x.md"), ["chapters/x.md:1: file: cannot read: "]),
    Case("symlink-loop-folder", symlink("chapters/loop", "."),
         ["chapters/loop:1: folder: symbolic link to a folder: not followed"]),
    Case("symlink-inside-is-fine", both(raw("shared/x-source.md", chapter_text().encode()),
                                        symlink("chapters/x.md", "../shared/x-source.md")), [], loads=frozenset({"x"})),
    Case("newline-in-name", raw("chapters/evil\n.md", chapter_text().encode()),
         ["chapters/evil\\n.md:1: slug: file name 'evil\\n' is not a slug"]),
    Case("spaces-in-name", raw("chapters/My Chapter.md", chapter_text().encode()),
         ["chapters/My Chapter.md:1: slug: file name 'My Chapter' is not a slug"]),
    Case("other-files-ignored", both(raw("chapters/notes.txt", b"\xff\xfe junk"), raw("chapters/.#x.md", b"lock")), []),
    Case("duplicate-slug-in-subfolder", raw("chapters/extra/redis-architecture.md", chapter_text().encode()),
         ["chapters/extra/redis-architecture.md:1: slug: duplicate slug 'redis-architecture'"]),
    Case("themes-is-a-folder", both(lambda c: (c / "themes.yaml").unlink(), mkdir("themes.yaml")),
         ["themes.yaml:1: file: is a folder, not a file"], gone=ALL_GONE, only=False),
    Case("themes-dangling-symlink", both(lambda c: (c / "themes.yaml").unlink(), symlink("themes.yaml", "gone.yaml")),
         ["themes.yaml:1: themes: cannot read: dangling symbolic link"], gone=ALL_GONE, only=False),
    Case("themes-missing", lambda c: (c / "themes.yaml").unlink(), ["themes.yaml:1: themes: file not found"],
         gone=ALL_GONE, only=False),
    Case("themes-recursive-alias", lambda c: (c / "themes.yaml").write_text("- &a [*a]\n"),
         ["themes.yaml:1: [0][0]: YAML aliases (*name) are not supported"], gone=ALL_GONE, only=False),
    # ----------------------------------------------------------------- themes: cascades
    Case("theme-bad-colour-keeps-theme", edit("themes.yaml", '"#ff9da7"', "red"),
         ["themes.yaml:10: [1].color: 'red' is not a hex colour"]),
    Case("theme-bad-order-keeps-theme", edit("themes.yaml", "order: 2", "order: second"),
         ["themes.yaml:11: [1].order: expected a whole number, got 'second'"]),
    Case("theme-unknown-field-keeps-theme", edit("themes.yaml", "order: 2", "order: 2\n  icon: db"),
         ["themes.yaml:12: [1].icon: unknown field"]),
    Case("theme-missing-name-drops-theme", edit("themes.yaml", "  name: Databases\n", ""),
         ["themes.yaml:7: [1].name: missing required field",
          "chapters/data-storage-overview.md:3: themes[0]: theme 'databases' was left out because of a problem in "
          "themes.yaml (themes.yaml:7)",
          "chapters/qdrant-overview.md:3: themes[0]: theme 'databases' was left out",
          "chapters/redis-architecture.md:3: themes[0]: theme 'databases' was left out"],
         gone=DB_CHAPTERS, only=False),
    Case("themes-not-a-list", lambda c: (c / "themes.yaml").write_text("databases: {name: D}\n"),
         ["themes.yaml:1: themes: must be a list of themes"], gone=ALL_GONE, only=False),
    # ----------------------------------------------------------------- links and cycles
    Case("unknown-theme-drops-chapter-and-names-incoming-links",
         both(front("themes: [databases]", "themes: [astrology]"),
              edit("chapters/redis-architecture.md", "next: [", "next: [x, ")),
         ["chapters/x.md:3: themes[0]: unknown theme 'astrology' (not in themes.yaml)",
          "chapters/redis-architecture.md:12: next[0]: links to 'x', which was left out because of its own problems"]),
    Case("link-to-missing", front("next: [redis-architecture]", "next: [redis-architecture, nowhere]"),
         ["chapters/x.md:12: next[1]: links to missing chapter 'nowhere'"], loads=frozenset({"x"})),
    Case("cycle-of-three", both(x(VALID_FRONT + "prerequisites: [redis-architecture]\n"),
                                edit("chapters/data-storage-overview.md", "order:", "prerequisites: [x]\norder:")),
         ["chapters/data-storage-overview.md:13: prerequisites: prerequisite cycle:",
          "chapters/redis-architecture.md:13: prerequisites: prerequisite cycle:",
          "chapters/x.md:13: prerequisites: prerequisite cycle:"], loads=frozenset({"x"})),
    # ----------------------------------------------------------------- sizes
    Case("too-many-values", x(VALID_FRONT + "prerequisites: [" + ", ".join(["a"] * 25_000) + "]\n"),
         ["chapters/x.md:13: prerequisites[19985]: more than 20,000 values"]),
    Case("big-body-is-fine", x(body="word " * 150_000), [], loads=frozenset({"x"})),
]


def rel(problem: object, root: Path) -> str:
    return str(problem).replace(f"{root}/", "")


def run_case(case: Case, root: Path) -> None:
    case.setup(root)
    loader.clear_cache()
    t = time.perf_counter()
    cur = read_curriculum(root)
    elapsed = time.perf_counter() - t
    found = [rel(p, root) for p in cur.problems]
    for want in case.expect:
        assert any(p.startswith(want) or (p.startswith(want.split(": ")[0]) and want in p) for p in found), (want, found)
    if case.only:
        assert len(found) == len(case.expect), found
    for p in cur.problems:  # the format, and nothing that looks like a crash
        assert str(p).startswith(f"{p.path}:{p.line}: {p.field}: ") and p.line >= 1 and p.message
        assert "Traceback" not in str(p) and len(str(p)) < 600
    loaded = {c.slug for c in cur.chapters}
    assert loaded == (FIXTURE_SLUGS - case.gone) | case.loads, sorted(loaded ^ ((FIXTURE_SLUGS - case.gone) | case.loads))
    assert elapsed < 2.0, f"{case.id} took {elapsed:.2f} s"
    if found and case.expect:  # the root cause comes first
        assert found[0].startswith(case.expect[0].split(": ")[0]), found


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_malformed_content_is_reported_and_the_rest_loads(case: Case, content: Path) -> None:
    run_case(case, content)


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40 and len({c.id for c in CASES}) == len(CASES)


def test_bad_colour_keeps_the_theme_with_a_free_default_colour(content: Path) -> None:
    edit("themes.yaml", '"#ff9da7"', "red")(content)
    cur = read_curriculum(content)
    colour = cur.theme_map["databases"].color
    assert colour.startswith("#") and colour not in {t.color for t in cur.themes if t.slug != "databases"}
    assert cur.get("redis-architecture").themes == ("databases",)
    assert not any("unknown theme" in str(p) for p in cur.problems)


def test_symlink_inside_the_content_is_read(content: Path) -> None:
    symlink("chapters/x.md", "redis-architecture.md")(content)
    # same text, but slug x and the front matter has no slug: it is a second chapter with the same title
    assert read_curriculum(content).get("x").title.startswith("Redis")


def test_alias_bomb_is_refused_in_milliseconds_and_small_memory(content: Path) -> None:
    text = chapter_text(VALID_FRONT + BOMB + "\n")  # seven levels: 9**7 ≈ 4.8 million strings when expanded
    assert len(text) < 1500
    (content / "chapters" / "x.md").write_text(text)
    loader.clear_cache()
    tracemalloc.start()
    t = time.perf_counter()
    cur = read_curriculum(content)
    elapsed = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0 and peak < 20_000_000, (elapsed, peak)
    assert any("YAML aliases" in str(p) and p.path.endswith("x.md") for p in cur.problems)
    assert len(cur.chapters) == 12


def test_an_unexpected_parser_exception_becomes_a_problem(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The promise is structural: whatever a parser raises, one located problem comes back.
    def boom(text: str, path: str, slug: str) -> None:
        if slug == "redis-architecture":
            raise KeyError("something nobody foresaw")
        return real(text, path, slug)

    real = loader.parse_chapter
    monkeypatch.setattr(loader, "parse_chapter", boom)
    loader.clear_cache()
    cur = read_curriculum(content)
    assert rel(cur.problems[0], content) == (
        "chapters/redis-architecture.md:1: file: cannot read: unexpected KeyError: 'something nobody foresaw'")
    assert len(cur.chapters) == 11
    loader.clear_cache()


def test_validate_never_crashes_on_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    # Every case through the CLI in-process: exit 1 with the problems, or 0 when the case is clean.
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "content"
            shutil.copytree(FIXTURE, root)
            case.setup(root)
            loader.clear_cache()
            code = cli_main(["validate", str(root)])
            out = capsys.readouterr().out
            assert code == (1 if case.expect else 0), (case.id, out)
            assert "Traceback" not in out
            assert out.splitlines()[0].split(" (")[0].endswith("links")


# Root can read anything, so "unreadable" is tested by dropping privileges: when the tests run as root, the
# load runs in a forked child that first becomes `nobody`, against a copy whose folder/file is chmod 000.
def load_as_unprivileged(root: Path) -> list[str]:
    if os.geteuid() != 0:
        cur = read_curriculum(root)
        return [str(p) for p in cur.problems] + [f"loaded {len(cur.chapters)}"]
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        code = 1
        try:
            os.close(rfd)
            os.setgid(65534)
            os.setuid(65534)
            loader.clear_cache()
            cur = read_curriculum(root)
            out = "\n".join([str(p) for p in cur.problems] + [f"loaded {len(cur.chapters)}"])
            os.write(wfd, out.encode())
            code = 0
        finally:
            os._exit(code)
    os.close(wfd)
    with os.fdopen(rfd, "rb") as fh:
        data = fh.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0
    return data.splitlines()


@pytest.mark.parametrize(("target", "expected", "loaded"), [
    ("chapters/sub", "chapters/sub:1: folder: cannot list: Permission denied", 12),
    ("themes.yaml", "themes.yaml:1: file: cannot read: Permission denied", 0),
    ("chapters/redis-architecture.md", "chapters/redis-architecture.md:1: file: cannot read: Permission denied", 12),
])
def test_unreadable_folder_and_files_are_reported(target: str, expected: str, loaded: int) -> None:
    # the copy has 13 chapters: the fixture's 12 and chapters/sub/hidden-away.md
    tmp = Path(tempfile.mkdtemp(prefix="tg-unreadable-"))
    try:
        tmp.chmod(0o755)
        root = tmp / "content"
        shutil.copytree(FIXTURE, root)
        (root / "chapters" / "sub").mkdir()
        shutil.copy(root / "chapters" / "system-types.md", root / "chapters" / "sub" / "hidden-away.md")
        for p in [root, *root.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        (root / target).chmod(0)
        lines = [line.replace(f"{root}/", "") for line in load_as_unprivileged(root)]
        assert lines[0] == expected, lines
        assert lines[-1] == f"loaded {loaded}"
    finally:
        for p in [tmp, *tmp.rglob("*")]:
            if not p.is_symlink():
                p.chmod(0o755)
        shutil.rmtree(tmp)


def test_an_unexpected_error_in_the_link_checks_is_reported_too(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("link checker bug")

    monkeypatch.setattr(loader, "check_curriculum", boom)
    cur = read_curriculum(content)
    assert [str(p) for p in cur.problems] == [f"{content}:1: links: cannot check links: unexpected RuntimeError: "
                                              "link checker bug"]
    assert len(cur.chapters) == 12  # unchecked, but loaded
