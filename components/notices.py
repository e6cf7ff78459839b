"""Notices for values in the URL that were ignored: capped, and plain text (shown through ``literal``).

A URL is typed by anyone, so its values are shown as typed, cut short, and grouped: one
notice per parameter however many values it holds. The words come from the UI catalogs
(topicgraph/i18n/*.yaml), in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from topicgraph.i18n import DEFAULT_LANG, LANGS, language_from, t
from topicgraph.model import Curriculum
from topicgraph.query import PARAMS, Filters

SHOWN_VALUES = 3  # values named in one notice
VALUE_LIMIT = 40  # characters of one value


def _short(value: str) -> str:
    return value if len(value) <= VALUE_LIMIT else value[: VALUE_LIMIT - 1] + "…"


def url_notices(params: Mapping[str, str | list[str]], filters: Filters, cur: Curriculum,
                lang: str = DEFAULT_LANG) -> list[str]:
    """At most one notice per parameter for the values the view could not use.

    >>> from topicgraph.model import Curriculum
    >>> f, _ = Filters.from_params({"difficulty": "mid,easy,x,y,z"})
    >>> for n in url_notices({"difficulty": "mid,easy,x,y,z", "chapter": "nope"}, f, Curriculum((), ())):
    ...     print(n)
    4 unknown difficulties were ignored: 'mid', 'x', 'y' and 1 more.
    There is no chapter called 'nope'. Pick one in the graph or the search box.
    >>> url_notices({"type": "x,y", "lang": "de"}, Filters.from_params({})[0], Curriculum((), ()), "ru")
    ["Пропущено 2 неизвестных значения параметра «тип»: 'x', 'y'.", "Язык 'de' не поддерживается; доступны: en, ru."]
    """
    kept = dict(zip(PARAMS, (filters.themes, filters.difficulties, filters.types), strict=True))
    notices = []
    for name in PARAMS:
        raw = params.get(name) or ""
        parts = raw if isinstance(raw, list) else [raw]
        values = [v.strip() for part in parts for v in part.split(",")]
        unknown = [v for v in dict.fromkeys(values) if v and v not in kept[name]]
        if len(unknown) == 1:
            notices.append(t("notice.unknown_value", lang, param=t(f"notice.param.{name}", lang),
                             value=_short(unknown[0])))
        elif unknown:
            named = ", ".join(f"'{_short(v)}'" for v in unknown[:SHOWN_VALUES])
            more = t("notice.and_more", lang, n=len(unknown) - SHOWN_VALUES) if len(unknown) > SHOWN_VALUES else ""
            notices.append(t("notice.unknown_values", lang, n=len(unknown), params=t(f"notice.params.{name}", lang),
                             values=named, more=more))
    chapter = params.get("chapter")
    chapter = chapter[-1] if isinstance(chapter, list) and chapter else chapter
    if isinstance(chapter, str) and chapter and cur.get(chapter) is None:
        notices.append(t("notice.no_chapter", lang, slug=_short(chapter)))
    depth = params.get("depth")
    if depth and depth not in ("1", "2", "3", "all"):
        notices.append(t("notice.depth", lang))
    wanted = params.get("lang")
    if isinstance(wanted, str) and wanted and language_from(wanted) is None:
        notices.append(t("notice.lang", lang, value=_short(wanted), langs=", ".join(LANGS)))
    return notices


def unknown_curriculum(value: str, shown: str, ids: Sequence[str], lang: str = DEFAULT_LANG) -> str:
    """The notice for a ``c=`` that names none of the curricula: the value as typed, the one shown instead.

    >>> unknown_curriculum("valt", "My vault", ["content", "vault"])
    "There is no curriculum 'valt' (c= in the address); showing “My vault” instead. Available: content, vault."
    >>> unknown_curriculum("x" * 60, "Заметки", ["notes"], "ru")[:56]
    "Курса 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (параме"
    """
    listed = ", ".join(_short(i) for i in ids[:SHOWN_VALUES * 3])
    return t("curricula.unknown", lang, value=_short(value), shown=_short(shown), ids=listed)
