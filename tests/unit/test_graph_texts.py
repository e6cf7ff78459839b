"""The graph component's words come from the catalogs (issue 19): no user-facing English literal
in components/graph/*.js, every key the JS asks for exists in both languages, and the payload,
the no-match hint and the offline HTML export carry the reader's language."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from components.graph.payload import build_payload, ui_texts
from components.graph.view import _filter_to_clear
from tests.conftest import FIXTURE
from topicgraph.export import describe, to_html
from topicgraph.graph import build_graph
from topicgraph.i18n import LANGS, catalog
from topicgraph.i18n.content import localize
from topicgraph.layout import compute_positions
from topicgraph.loader import read_curriculum
from topicgraph.query import Filters

JS = sorted((Path(__file__).resolve().parents[2] / "components" / "graph").glob("*.js"))
# Where a string reaches a person: text, tooltips, accessible names, the live region, the canvas.
_SINKS = re.compile(
    r"""(?:\.(?:textContent|innerText|title|placeholder|alt)\s*=\s*(?P<a>[^;]+);)"""
    r"""|(?:setAttribute\(\s*["'](?:aria-label|aria-roledescription|aria-description|title|placeholder|alt)["']\s*,"""
    r"""\s*(?P<b>[^;]+)\);)"""
    r"""|(?:\b(?:announce|fillText)\((?P<c>[^;]+)\);)"""
    r"""|(?:\btitle:\s*(?P<d>[^,}\n]+))""", re.S)
_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`')
_WORD = re.compile(r"[A-Za-z]{2,}")


def _code(text: str) -> str:
    """The JS without its comments (line comments outside strings; good enough for these files)."""
    return re.sub(r"(?m)^\s*//.*$|\s//\s.*$", "", text)


def _words(literal: str) -> list[str]:
    body = re.sub(r"\$\{[^}]*\}", " ", literal[1:-1])  # a template's expressions are code
    return _WORD.findall(body)


def _flagged(expr: str) -> list[str]:
    """Literals with words in a sink's expression; a catalog key (``tr("key"``) is no text."""
    expr = re.sub(r"""\btr\(\s*(?:\w+\s*\?\s*)?["'][\w.]+["'](?:\s*:\s*["'][\w.]+["'])?""", "tr(", expr)
    return [lit for lit in _LITERAL.findall(expr) if _words(lit)]


def test_no_english_literal_reaches_a_person_from_the_graph_js() -> None:
    found = []
    for path in JS:
        code = _code(path.read_text(encoding="utf-8"))
        for m in _SINKS.finditer(code):
            found += [f"{path.name}: {lit}" for lit in _flagged(next(g for g in m.groups() if g))]
        # A sentence anywhere (three words in one literal; not CSS) is text for someone, not code.
        for lit in _LITERAL.findall(code):
            if ";" not in lit and re.search(r"[A-Za-z]{2,},? [A-Za-z]{2,} [A-Za-z]{2,}", re.sub(r"\$\{[^}]*\}", "", lit)):
                found.append(f"{path.name}: {lit} (a sentence)")
    assert not found, "user-facing literals in the graph's JS (use tr() and a graph.* catalog key):\n" + "\n".join(found)


def test_the_scan_catches_what_it_should() -> None:
    """The scanner is not blind: the old English lines would fail it."""
    bad = ['s.announce(`Opened ${s.base.get(id).fullTitle}.`);', 'b.title = "Zoom in (key +)";',
           'bar.setAttribute("aria-label", "Graph view");', 'text.textContent = "No chapter matches these filters.";']
    for line in bad:
        hits = [next(g for g in m.groups() if g) for m in _SINKS.finditer(line)]
        assert hits and any(_flagged(h) for h in hits), line
    for line in ['s.announce(tr("opened", { title: t }));', 'b.title = tr(on ? "present_exit" : "present");']:
        assert not [h for m in _SINKS.finditer(line) if _flagged(h := next(g for g in m.groups() if g))], line


def test_every_key_the_js_asks_for_is_in_both_catalogs() -> None:
    asked = {m for path in JS for m in re.findall(r"""\btr\(\s*["']([\w.]+)["']""", path.read_text(encoding="utf-8"))}
    asked |= {m for path in JS for m in re.findall(r"""\btr\(\s*\w+\s*\?\s*["']([\w.]+)["']\s*:\s*["']([\w.]+)["']""",
                                                    path.read_text(encoding="utf-8")) for m in m}
    assert len(asked) > 30
    for lang in LANGS:
        missing = sorted(k for k in asked if f"graph.{k}" not in catalog(lang))
        assert not missing, (lang, missing)
    assert asked <= set(ui_texts("ru"))


@pytest.fixture(scope="module")
def fixture():  # type: ignore[no-untyped-def]
    cur = read_curriculum(FIXTURE)
    g = build_graph(cur)
    return cur, g, compute_positions(g, cur)


def test_the_payload_carries_the_words_of_its_language(fixture) -> None:  # type: ignore[no-untyped-def]
    cur, g, pos = fixture
    en, ru = build_payload(cur, g, pos), build_payload(cur, g, pos, lang="ru")
    assert en.lang == "en" and ru.lang == "ru" and ru.structure["locale"] == "ru"
    assert en.structure["ui"]["fit"] == "⤢ Fit" and ru.structure["ui"]["fit"] == "⤢ Весь граф"
    assert ru.structure["difficulties"][:4] == [catalog("ru")[f"difficulty.{d}"] for d in ("easy", "medium", "hard",
                                                                                          "expert")]
    # Plurals go as CLDR forms for Intl.PluralRules: Russian needs one, few, many.
    assert {"one", "few", "many", "other"} <= set(ru.structure["ui"]["describe"])
    assert set(ru.structure["ui"]) == {k[len("graph."):] for k in catalog("en") if k.startswith("graph.")}
    assert en.key != ru.key  # a language switch sends the new structure (texts included)
    # The localized curriculum names its language itself.
    assert build_payload(localize(cur, "ru"), g, pos).lang == "ru"


def test_the_no_match_hint_is_worded_in_the_payloads_language(fixture) -> None:  # type: ignore[no-untyped-def]
    cur, g, pos = fixture
    theme = cur.themes[0].slug
    f = Filters(themes=(theme,), difficulties=("expert",), types=("documentary",))
    for lang, word in (("en", "Clear the"), ("ru", "Снять фильтр")):
        hint = _filter_to_clear(build_payload(cur, g, pos, lang=lang), f)
        assert hint["text"].startswith(word) or hint["text"] == catalog(lang)["graph.clear_all"], hint
    ru = build_payload(cur, g, pos, lang="ru")
    hint = _filter_to_clear(ru, Filters(types=("book-summary",)))
    assert hint == {"params": ["type"], "label": "тип (обзор книги)", "text": "Снять фильтр: тип (обзор книги)"} \
        or hint["text"].startswith("Снять фильтр: тип ("), hint
    hint = _filter_to_clear(dataclasses.replace(ru, curriculum=None), Filters(types=("book-summary",)))
    assert hint["text"] == "Сбросить все фильтры" and set(hint["params"]) == {"theme", "difficulty", "type"}


def test_the_offline_html_export_follows_the_language(fixture) -> None:  # type: ignore[no-untyped-def]
    cur, g, pos = fixture
    ru = localize(cur, "ru")
    page = to_html(ru, g, pos, Filters())
    assert '<html lang="ru">' in page
    assert f"<title>{describe(ru, Filters())}</title>" in page and "<title>System Design Space: " in page
    assert "глав" in describe(ru, Filters()) and "колесо мыши" in page and "exported view" not in page
    en = to_html(cur, g, pos, Filters(), lang="en")
    assert '<html lang="en">' in en and "exported view" in en and "колесо" not in en


def test_the_offline_html_draws_each_name_once(fixture) -> None:  # type: ignore[no-untyped-def]
    """vis draws no names (its font is transparent), the page's script does: a node-level font colour
    (pyvis's ``font_color``) would make vis draw a second copy of every name beside the page's own."""
    from tests.unit.test_export import vis_dataset

    cur, g, pos = fixture
    for dark in (False, True):
        nodes = vis_dataset(to_html(localize(cur, "ru"), g, pos, Filters(), dark=dark), "nodes")
        assert nodes and not [n for n in nodes if "font" in n], nodes[0]
