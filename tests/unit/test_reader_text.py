"""Reader text safety and colours: literal Markdown, remote images, URL notices, badge contrast."""

from __future__ import annotations

import doctest
import html

import pytest

import components.notices
import components.page_style
from components.notices import url_notices
from components.page_style import badge_colors, badge_css
from tests.conftest import FIXTURE
from topicgraph.colors import contrast, text_shade
from topicgraph.loader import read_curriculum
from topicgraph.model import Curriculum
from topicgraph.query import Filters
from topicgraph.safe_md import WORD_JOINER, block_remote_images, demote_h1, is_remote, literal, remote_images

HOSTILE = [
    ":material/home: icon", ":red[red text]", ":smile:", "$x^2$", "$$y$$", "https://example.com", "www.example.com",
    "![x](http://example.invalid/p.png)", "[Session expired](http://example.invalid)", "\n\n# x", "<b>b</b> &amp;",
    "a_b_ *c* `d`", "1. list", "> quote", "~~s~~", "<http://a.b>", "foo@bar.com", "x | y", "\\", "#hash",
]


@pytest.mark.parametrize("module", [components.notices, components.page_style])
def test_component_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_keeps_no_markdown_syntax(text: str) -> None:
    out = literal(text)
    # no ASCII punctuation left for any Markdown extension to read; decoding gives the text back
    assert not any(ch in out.replace("&#", "").replace(";", "") for ch in "[]()!*_`$:<>#|~\\")
    assert html.unescape(out).replace(WORD_JOINER, "") == " ".join(text.split("\n"))
    assert "\n" not in out


def test_literal_breaks_every_autolink_pattern() -> None:
    for text in ("https://x.org", "HTTP://x.org", "www.x.org", "WWW.x.org", "me@x.org"):
        assert WORD_JOINER in literal(text), text


def test_literal_cuts_long_text() -> None:
    assert html.unescape(literal("x" * 10_000, limit=200)) == "x" * 199 + "…"


@pytest.mark.parametrize("src", ["http://e.invalid/a.png", "https://e.invalid/a", "//e.invalid/a", "\\\\e.invalid/a",
                                 " https://e.invalid", "ht\ttps://e.invalid", "ftp://e.invalid/a"])
def test_remote_sources(src: str) -> None:
    assert is_remote(src)


@pytest.mark.parametrize("src", ["a.png", "/static/a.png", "./x/y.svg", "data:image/png;base64,AAAA", "#frag"])
def test_local_sources(src: str) -> None:
    assert not is_remote(src)


def test_remote_images_are_replaced_wherever_markdown_puts_them() -> None:
    body = ("| a | b |\n|---|---|\n| ![t](http://e.invalid/t.png) | y |\n\n"
            "> quote ![q](https://e.invalid/q.png)\n\n"
            "- item ![i](//e.invalid/i.png)\n\n"
            "[![logo][l]](/x)\n\n[l]: https://e.invalid/l.svg\n\n"
            "   indented\n   over ![k](http://e.invalid/k.png\n   \"two lines\")\n\n"
            "```\n![code](http://e.invalid/c.png)\n```\n\n![ok](local.png)\n")
    assert [src for _line, src in remote_images(body)] == [
        "http://e.invalid/t.png", "https://e.invalid/q.png", "//e.invalid/i.png", "https://e.invalid/l.svg",
        "http://e.invalid/k.png"]
    out = block_remote_images(body)
    assert remote_images(out) == []
    assert out.count("remote image blocked") == 5
    assert "![code](http://e.invalid/c.png)" in out and "![ok](local.png)" in out
    assert "[l]: https://e.invalid/l.svg" in out  # a definition alone fetches nothing


def test_remote_image_lines_point_at_the_paragraph() -> None:
    assert remote_images("# T\n\ntext\n\n![a](http://e.invalid/a.png)\n") == [(5, "http://e.invalid/a.png")]


def test_demote_h1_leaves_one_h1_for_the_title() -> None:
    assert demote_h1("# A\n\n## B\n") == "## A\n\n## B\n"
    assert demote_h1("No headings") == "No headings"


def test_url_notices_are_capped_per_parameter() -> None:
    cur = read_curriculum(FIXTURE)
    params = {"theme": ",".join(f"t{i}" for i in range(1000)) + ",databases", "difficulty": "easy",
              "type": "x" * 500, "chapter": "nope", "depth": "9"}
    filters, _ = Filters.from_params(params, [t.slug for t in cur.themes])
    notices = url_notices(params, filters, cur)
    assert notices == [
        "1,000 unknown themes were ignored: 't0', 't1', 't2' and 997 more.",
        f"Unknown type '{'x' * 39}…' was ignored.",
        "There is no chapter called 'nope'. Pick one in the graph or the search box.",
        "The depth must be 1, 2, 3 or all; showing the whole graph.",
    ]
    assert url_notices({"chapter": "redis-architecture"}, Filters(), cur) == []
    assert url_notices({}, Filters(), Curriculum((), ())) == []


def test_every_fixture_and_bundled_theme_badge_reads_at_4_5_in_both_themes() -> None:
    from tests.conftest import BUNDLED

    for root in (FIXTURE, BUNDLED):
        for theme in read_curriculum(root).themes:
            c = badge_colors(theme.color)
            assert contrast(c["light_text"], c["light_bg"]) >= 4.5, theme
            assert contrast(c["dark_text"], c["dark_bg"]) >= 4.5, theme


def test_badge_css_uses_only_validated_values() -> None:
    from topicgraph.model import Theme

    css = badge_css([Theme("ok", "OK", "d", "#336699", 1), Theme("Bad slug}<", "x", "d", "red;}body{x:y", 2)])
    assert "<" not in css and "body{" not in css and "red" not in css
    assert ".st-key-theme-badge-bad-slug-- a" in css


def test_text_shade_keeps_readable_colours() -> None:
    assert text_shade("#111111", "#ffffff") == "#111111"
    assert contrast(text_shade("#ffff00", "#ffffff"), "#ffffff") >= 4.5
