"""The bundled curriculum (data/) stays complete, valid and well linked."""

from __future__ import annotations

import itertools
import math
import re
from datetime import datetime

import networkx as nx
import pytest

from tests.conftest import BUNDLED
from topicgraph.graph import build_graph, cross_theme_edges
from topicgraph.loader import read_curriculum
from topicgraph.notes.palette import lab
from topicgraph.stats import chapter_table

CUR = read_curriculum(BUNDLED)
G = build_graph(CUR)

# Themes and the chapter counts the public site showed (shared/reference/README.md).
SITE_COUNTS = {
    "system-design-interview": 11, "system-design-approaches": 10, "system-design-cases": 30, "interview-books": 7,
    "software-architecture": 19, "foundations": 20, "distributed-systems": 23, "databases": 23, "cloud-native": 17,
    "reliability-sre": 13, "security-engineering": 13, "ml-engineering": 14, "ai-engineering": 15,
    "frontend-architecture": 12,
}
# Chapters seen on the site with their slug (shared/reference/chapters.tsv) and the theme shown there.
REFERENCE = {
    "ai-vs-ml-engineering": "ai-engineering",
    "ml-system-design-book": "ml-engineering",
    "data-storage-overview": "databases",
    "data-storage-intro": "databases",
    "database-selection-framework": "databases",
    "security-engineering-overview": "security-engineering",
    "threat-modeling-stride-linddun": "security-engineering",
    "identity-authn-authz": "security-engineering",
    "zero-trust-approach": "security-engineering",
    "software-architecture-overview": "software-architecture",
    "tbank-architecture-evolution": "software-architecture",
    "fundamentals-arch-book": "software-architecture",
    "foundations-overview": "foundations",
    "computer-networks-book": "foundations",
    "distributed-systems-overview": "distributed-systems",
    "consensus-protocols": "distributed-systems",
    "leslie-lamport-distributed-systems": "distributed-systems",
    "ddia-book": "distributed-systems",
    "tanenbaum-ds-book": "distributed-systems",
    "design-approaches-overview": "system-design-approaches",
    "back-of-envelope-estimation": "system-design-approaches",
    "scalable-systems": "system-design-approaches",
    "caching-strategies": "system-design-approaches",
    "event-driven-architecture": "system-design-approaches",
    "resilience-patterns": "system-design-approaches",
    "case-studies-overview": "system-design-cases",
    "url-shortener-case": "system-design-cases",
    "rate-limiter-case": "system-design-cases",
    "notification-system-case": "system-design-cases",
    "chat-system-case": "system-design-cases",
    "video-hosting-case": "system-design-cases",
    "hotel-booking-case": "system-design-cases",
    "airbnb-case": "system-design-cases",
    "uber-case": "system-design-cases",
    "payment-system-case": "system-design-cases",
    "interplanetary-distributed-computing-case": "system-design-cases",
    "feature-store-model-serving": "ai-engineering",
    "why-system-design": "system-design-interview",
    "interview-frameworks": "system-design-interview",
    "interview-approaches": "system-design-interview",
    "long-term-prep": "system-design-interview",
    "alex-xu-book": "interview-books",
    "hacking-sdi-book": "interview-books",
    "acing-sdi-book": "interview-books",
    "leetcode-course-review": "interview-books",
    "cloud-native-overview": "cloud-native",
    "cloud-native-book": "cloud-native",
    "kubernetes-patterns-book": "cloud-native",
    "sre-operations-overview": "reliability-sre",
    "sre-book": "reliability-sre",
    "observability-monitoring-design": "reliability-sre",
    "frontend-architecture-overview": "frontend-architecture",
    "frontend-architecture-book": "frontend-architecture",
    "frontend-case-instagram-feed": "frontend-architecture",
    "frontend-case-google-docs-collab-editor": "frontend-architecture",
    "building-micro-frontends-book": "frontend-architecture",
    "art-of-micro-frontends-book": "frontend-architecture",
    "ai-ml-overview": "ai-engineering",
    "ai-engineering-overview": "ai-engineering",
    "ai-engineering-book": "ai-engineering",
    "hands-on-llm-book": "ai-engineering",
    "tbank-data-platform-overview": "databases",
    "philosophy-design-book": None,
    "release-it-book": None,
    "evolutionary-arch-book": None,
    "qdrant-overview": None,
    "duckdb-overview": None,
    "lovable-startup-architecture": None,
    "sli-slo-sla-error-budgets": None,
}


def test_validates_with_zero_problems() -> None:
    assert [str(p) for p in CUR.problems] == []


def test_counts() -> None:
    assert len(CUR.chapters) >= 180
    assert {t.slug for t in CUR.themes} >= set(SITE_COUNTS)
    per_theme = chapter_table(CUR).groupby("theme")["slug"].count()
    for theme, site in SITE_COUNTS.items():  # roughly the size the site shows
        assert per_theme[theme] >= 0.6 * site, theme


def test_every_body_has_at_least_150_words() -> None:
    words = chapter_table(CUR).set_index("slug")["words"]
    assert words[words < 150].to_dict() == {}


@pytest.mark.parametrize(("slug", "theme"), sorted(REFERENCE.items()))
def test_reference_chapter_is_bundled(slug: str, theme: str | None) -> None:
    chapter = CUR.get(slug)
    assert chapter is not None
    if theme:
        assert theme in chapter.themes


def test_bridge_chapter_is_exactly_as_the_site_has_it() -> None:
    bridge = CUR.get("ai-vs-ml-engineering")
    assert bridge is not None
    assert bridge.title == "AI Engineering vs ML Engineering"
    assert bridge.difficulty == "easy" and bridge.type == "original"
    assert set(bridge.themes) == {"ml-engineering", "ai-engineering"}
    assert bridge.updated == datetime(2026, 4, 5, 21, 3)  # "April 5, 2026 at 9:03 PM" on the site
    assert bridge.context.chapter == "system-types" and bridge.context.label == "Context"
    assert CUR.get("system-types").title == "System Types in System Design Interviews"
    assert set(bridge.next) == {entry(t).slug for t in ("ml-engineering", "ai-engineering")}


def entry(theme: str):
    return min((c for c in CUR.chapters if c.theme == theme), key=lambda c: c.order or 999)


@pytest.mark.parametrize("theme", sorted(SITE_COUNTS))
def test_every_theme_has_an_easy_entry_chapter_and_an_order(theme: str) -> None:
    home = [c for c in CUR.chapters if c.theme == theme]
    assert all(c.order is not None for c in home)
    assert sorted(c.order for c in home) == list(range(1, len(home) + 1))
    first = entry(theme)
    assert first.order == 1 and first.difficulty == "easy"
    # the entry chapter routes into its own theme
    assert any(CUR.get(s) and theme in CUR.get(s).themes for s in first.next)


def test_one_connected_curriculum_with_bridges() -> None:
    assert nx.is_weakly_connected(G)
    assert len(cross_theme_edges(G)) >= 150
    for a, b in [("caching-strategies", "redis-architecture"), ("consensus-protocols", "leader-election"),
                 ("rag-architecture", "qdrant-overview"), ("model-serving-inference", "llm-serving-cost")]:
        # where topics meet, each chapter's file points at the other
        assert b in {t for _, t in CUR.get(a).links} and a in {t for _, t in CUR.get(b).links}, (a, b)


def test_case_studies_and_book_summaries_have_their_sections() -> None:
    for c in CUR.chapters:
        headings = " ".join(re.findall(r"^#+ (.*)$", c.body, re.M)).lower()
        if c.type == "case-study":
            assert "requirement" in headings and "estimat" in headings, c.slug


def test_bodies_are_plain_markdown() -> None:
    for c in CUR.chapters:
        assert not re.search(r"<[a-zA-Z/!]", c.body), f"raw HTML in {c.slug}"
        assert not re.search(r"https?://", c.body), f"external link in {c.slug} (the app works offline)"
    assert len({c.title for c in CUR.chapters}) == len(CUR.chapters)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(hex_color: str) -> tuple[float, float, float]:
    r, g, b = (_linear(int(hex_color[i:i + 2], 16)) for i in (1, 3, 5))
    return r, g, b


def _contrast(a: str, b: str) -> float:
    la, lb = (0.2126 * r + 0.7152 * g + 0.0722 * bl for r, g, bl in (_rgb(a), _rgb(b)))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def _lab(hex_color: str) -> tuple[float, float, float]:
    return lab(hex_color)  # the same CIE L*a*b* the notes import uses to pick distinct theme colours


def test_theme_colours_are_distinct_and_visible_on_light_and_dark() -> None:
    for t in CUR.themes:
        assert _contrast(t.color, "#ffffff") >= 1.9, t.slug  # Streamlit light background
        assert _contrast(t.color, "#0e1117") >= 3.0, t.slug  # Streamlit dark background
    for a, b in itertools.combinations(CUR.themes, 2):
        assert math.dist(_lab(a.color), _lab(b.color)) >= 15, (a.slug, b.slug)  # CIE76 delta E


def test_next_goes_forward_no_two_chapters_list_each_other() -> None:
    pairs = {tuple(sorted((c.slug, n))) for c in CUR.chapters for n in c.next
             if CUR.get(n) is not None and c.slug in CUR.get(n).next}
    assert pairs == set()
    assert all(c.next for c in CUR.chapters)


def test_bundled_content_has_no_reading_order_problems() -> None:
    assert [str(p) for p in CUR.problems] == []


@pytest.mark.parametrize("theme", sorted(SITE_COUNTS))
def test_first_next_from_the_entry_never_revisits_in_15_steps(theme: str) -> None:
    path = [entry(theme).slug]
    for _ in range(15):
        path.append(CUR.get(path[-1]).next[0])
    assert len(set(path)) == len(path), path


def test_easy_chapters_context_is_never_hard_or_expert() -> None:
    bad = [(c.slug, c.context.chapter) for c in CUR.chapters
           if c.difficulty == "easy" and CUR.get(c.context.chapter).difficulty in ("hard", "expert")]
    assert bad == []
