"""UI text in each language: one catalog per language (``en.yaml``, ``ru.yaml`` beside this file)
and :func:`t`, which picks the plural form and formats numbers and dates with babel (CLDR data).

>>> t("count.chapters", "ru", n=21), t("count.chapters", "ru", n=3), t("count.chapters", "ru", n=5)
('21 глава', '3 главы', '5 глав')
>>> t("count.chapters", "en", n=1), t("count.words", "en", n=12345)
('1 chapter', '12,345 words')
>>> from datetime import datetime
>>> format_datetime(datetime(2026, 4, 5, 21, 3), "ru"), format_datetime(datetime(2026, 4, 5, 21, 3), "en")
('5 апреля 2026 г., 21:03', 'April 5, 2026, 21:03')

Pages call it through ``components.i18n_ui.t`` (which knows the session's language). No Streamlit here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal

__all__ = ["DEFAULT_LANG", "LANGS", "catalog", "format_date", "format_datetime", "format_number", "language_from",
           "missing_keys", "t", "unknown_texts"]

#: The languages of the interface, the first the default.
LANGS: tuple[str, ...] = ("en", "ru")
DEFAULT_LANG = "en"
_HERE = Path(__file__).resolve().parent
_FIELD = re.compile(r"\{(\w+)\}")

Entry = str | Mapping[str, str]


@cache
def catalog(lang: str) -> Mapping[str, Entry]:
    """The catalog of *lang*: key → text, or key → {plural form → text}."""
    with open(_HERE / f"{lang}.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{lang}.yaml must be a mapping of keys to texts")
    return data


def language_from(value: str | None) -> str | None:
    """The interface language named by a URL value or a browser locale (``ru-RU``, ``en_GB``), or None.

    >>> language_from("ru-RU"), language_from("en_GB"), language_from("de"), language_from(None)
    ('ru', 'en', None, None)
    """
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return code if code in LANGS else None


def _lang(lang: str) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def format_number(value: float, lang: str) -> str:
    """``12345`` → ``12,345`` (en) / ``12 345`` (ru, with a no-break space)."""
    return str(format_decimal(value, locale=_lang(lang)))


def format_datetime(value: datetime, lang: str) -> str:
    """A date-time as a reader of *lang* writes it (the catalog's ``fmt.datetime`` pattern)."""
    return str(_babel_datetime(value, str(catalog(_lang(lang))["fmt.datetime"]), locale=_lang(lang)))


def format_date(value: date, lang: str) -> str:
    return str(_babel_date(value, str(catalog(_lang(lang))["fmt.date"]), locale=_lang(lang)))


def _value(value: Any, lang: str) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return format_number(value, lang)
    if isinstance(value, datetime):
        return format_datetime(value, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    return value


def t(key: str, lang: str, **params: Any) -> str:
    """The text of *key* in *lang* (English when *lang* lacks it), with *params* filled in.

    A plural entry picks its form by ``n`` (CLDR rules of the language). Numbers and dates in
    *params* are formatted for the language. The result is plain text (or the catalog's own
    Markdown, as in ``about.intro``): values put in are never trusted, show them as text.
    A key missing from English is a programming error and raises KeyError.
    """
    lang = _lang(lang)
    entry = catalog(lang).get(key)
    if entry is None:
        entry = catalog(DEFAULT_LANG)[key]
        lang_for_form = DEFAULT_LANG
    else:
        lang_for_form = lang
    if isinstance(entry, Mapping):
        n = params.get("n")
        if not isinstance(n, (int, float)):
            raise TypeError(f"{key} is a plural: pass n=")
        form = Locale(lang_for_form).plural_form(n)
        entry = entry.get(form) or entry["other"]
    text = str(entry)
    if not params:
        return text
    values = {k: _value(v, lang) for k, v in params.items()}
    return _FIELD.sub(lambda m: str(values.get(m[1], m[0])), text)


def missing_keys() -> dict[str, list[str]]:
    """Per language, the keys another language has and it lacks, and plural entries lacking a form
    its CLDR rules need (what tests/unit/test_i18n.py asserts is empty)."""
    every = set().union(*(catalog(lang) for lang in LANGS))
    out: dict[str, list[str]] = {}
    for lang in LANGS:
        cat = catalog(lang)
        gaps = sorted(every - set(cat))
        forms = set(Locale(lang).plural_form.tags) | {"other"}
        for key, entry in cat.items():
            if isinstance(entry, Mapping):
                gaps += [f"{key}.{form}" for form in sorted(forms - set(entry))]
            elif any(isinstance(catalog(other).get(key), Mapping) for other in LANGS):
                gaps.append(f"{key} (a plural elsewhere)")
        out[lang] = gaps
    return out


def _pattern(text: str) -> re.Pattern[str]:
    parts = _FIELD.split(text)
    # split gives text, name, text, name, ...: names become "anything"
    return re.compile("".join(re.escape(p) if i % 2 == 0 else ".+?" for i, p in enumerate(parts)) + r"\Z", re.S)


@cache
def _patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    """A pattern per catalog text a page can show. ``graph.*`` texts are drawn by the graph's own
    script, never as a page element, and some are bare placeholders (``{name} ({n})``) that would match
    any text with a bracket: a check that let them in could not fail."""
    texts: list[str] = []
    for key, entry in catalog(lang).items():
        if key.startswith("graph."):
            continue
        texts += list(entry.values()) if isinstance(entry, Mapping) else [str(entry)]
    return tuple(_pattern(text) for text in texts)


def unknown_texts(shown: Iterable[str], lang: str, allowed: Iterable[str] = ()) -> list[str]:
    """The texts in *shown* that are neither a catalog text of *lang* (placeholders match anything)
    nor in *allowed* (content: chapter titles, theme names, numbers). For a test that a page in
    one language shows no string from outside the catalog.

    >>> unknown_texts(["5 глав", "Граф", "Graph", "Кэширование"], "ru", allowed={"Кэширование"})
    ['Graph']
    """
    ok = set(allowed)
    patterns = _patterns(_lang(lang))
    out = []
    for text in shown:
        text = text.strip()
        if not text or text in ok or not re.search(r"[^\W\d_]", text):  # empty, content, or no letters
            continue
        if not any(p.match(text) for p in patterns):
            out.append(text)
    return out
