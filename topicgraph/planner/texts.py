"""The planner's sentences in each language, from the UI catalogs (topicgraph/i18n/*.yaml): how far behind
a learner is, what a cut does, durations and dates. Plain values in, text out (no planner types here, so
:mod:`.core` can use it without an import cycle).

>>> duration(135, "en"), duration(135, "ru"), duration(60, "ru"), duration(45, "en")
('2 h 15 min', '2 ч 15 мин', '1 ч', '45 min')
>>> from datetime import date
>>> behind(3, 5, date(2026, 12, 11), "ru")
'Отстаёте на 3 главы: +5 мин в день до 11 дек.'
>>> behind(1, 20, date(2026, 12, 11), "en"), behind(0, 0, None, "ru")
('1 chapter behind, +20 min a day until Friday (11 Dec)', 'Вы идёте по плану.')
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from .. import i18n

__all__ = ["behind", "cut", "day", "duration"]


def duration(minutes: int, lang: str) -> str:
    """Minutes as hours and minutes: ``2 h 15 min`` / «2 ч 15 мин»."""
    h, m = divmod(int(minutes), 60)
    if h and m:
        return i18n.t("time.hm", lang, h=h, m=m)
    return i18n.t("time.h", lang, h=h) if h else i18n.t("time.min", lang, m=m)


def day(d: date, key: str, lang: str) -> str:
    """*d* in the catalog's babel pattern *key* (``fmt.day``: "Mon 07 Dec" / «пн, 07 дек.»)."""
    lang = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
    return str(format_date(d, i18n.t(key, lang), locale=lang))


def behind(chapters: int, extra_per_day: int, until: date | None, lang: str) -> str:
    """"2 chapters behind, +20 min a day until Friday (11 Dec)", or "On track." with nothing behind."""
    if not chapters:
        return i18n.t("planner.on_track", lang)
    head = i18n.t("plan.behind", lang, n=chapters)
    if until is None:
        return head + "."
    return i18n.t("plan.behind_until", lang, head=head, extra=extra_per_day, weekday=day(until, "fmt.weekday", lang),
                  date=day(until, "fmt.day_short", lang))


def cut(kind: str, lang: str, *, chapters: int, minutes: int, fits: bool, dropped: int = 0, short: int = 0,
        target: date | None = None, later: int = 0, extra: int = 0, weekday: int = 0, weekend: int = 0) -> str:
    """One way to make a plan fit, in words (see :class:`.core.Cut` for the figures)."""
    if kind == "drop-optional":
        return i18n.t("plan.cut.drop", lang, n=dropped, chapters=chapters, time=duration(minutes, lang),
                      fits=i18n.t("plan.cut.fits", lang) if fits else i18n.t("plan.cut.still_short", lang,
                                                                              time=duration(short, lang)))
    if kind == "move-date" and target is not None:
        return i18n.t("plan.cut.move", lang, date=day(target, "fmt.day_year", lang), n=later)
    if kind == "raise-time":
        return i18n.t("plan.cut.raise", lang, extra=extra, weekday=weekday, weekend=weekend)
    raise ValueError(f"unknown cut kind {kind!r}")
