"""The plan as an iCalendar file (the ``icalendar`` package): one all-day event per study day.

A calendar that imports the file again must update the events, not add copies: each day's UID is the plan's
id and the date, so it stays the same across re-plans, and its SEQUENCE goes up whenever that day's chapters
change (:func:`sequences` keeps the count between exports: store its result with the plan). A day that
drops out of the plan is sent once more as cancelled, with a higher SEQUENCE.

The words (summary, description, calendar name) are in the language asked for; the UIDs and SEQUENCEs are
not, so an export in the other language updates the same events.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from urllib.parse import quote

from icalendar import Calendar, Event

from .. import i18n
from ..model import Curriculum
from .core import READ, REVIEW, Day, Plan
from .texts import duration

PRODID = "-//System Design Space Explorer//Study plan//EN"
DOMAIN = "system-design-space-explorer"
CANCELLED = "cancelled"
#: Cancelled days are remembered this long after their date, then forgotten.
KEEP_DAYS = 62


def day_digest(day: Day) -> str:
    """What a calendar shows for the day, as a short hash: it changes exactly when the event would."""
    text = "|".join(f"{i.kind}:{i.slug}:{i.minutes}:{i.done}" for i in day.items)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def sequences(previous: Mapping[str, list[object]], plan: Plan) -> dict[str, list[object]]:
    """ISO date → [digest, SEQUENCE] for every study day of *plan* and every cancelled one.

    A new day starts at 0; a day whose content changed goes up by one; a day no longer planned (from today on)
    becomes ``cancelled`` with one more. Days before today keep their entry a while (a calendar keeps them).
    """
    out: dict[str, list[object]] = {}
    today = plan.request.today
    for d in plan.days:
        if not d.items:
            continue
        key, digest = d.day.isoformat(), day_digest(d)
        old = previous.get(key)
        if old is None:
            out[key] = [digest, 0]
        else:
            seq = int(str(old[1]))
            out[key] = [digest, seq if old[0] == digest else seq + 1]
    for key, old in previous.items():
        if key in out:
            continue
        when = date.fromisoformat(key)
        if when < today:
            if (today - when).days <= KEEP_DAYS:
                out[key] = list(old)
        else:
            out[key] = [CANCELLED, int(str(old[1])) + (0 if old[0] == CANCELLED else 1)]
    return out


def uid(plan_id: str, day: date) -> str:
    return f"{day.isoformat()}-{plan_id}@{DOMAIN}"


def to_ics(plan: Plan, cur: Curriculum, plan_id: str, seqs: Mapping[str, list[object]], base_url: str,
           stamp: datetime | None = None, name: str | None = None, lang: str = "en", query: str = "") -> bytes:
    """The calendar: an event per study day (summary, chapters with links in the description), cancelled days.

    ``base_url``: where the app is served (``http://localhost:8501``), for the chapter links; ``lang``: the
    language of the texts (``name`` defaults to "Study plan" in it). Chapter titles are the curriculum's.
    ``query``: what each chapter link's query starts with (``c=vault&lang=ru&``), so a link opened from the
    calendar shows the same curriculum in the same language.
    """
    def say(key: str, **params: object) -> str:
        return i18n.t(key, lang, **params)

    stamp = stamp or datetime.now(timezone.utc)
    base = base_url.rstrip("/")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name or say("ics.name"))
    for d in plan.days:
        if not d.items:
            continue
        key = d.day.isoformat()
        reads = [i for i in d.items if i.kind == READ and not i.done]
        reviews = [i for i in d.items if i.kind == REVIEW]
        lines = []
        for n, i in enumerate(reads, 1):
            c = cur.get(i.slug)
            title = c.title if c else i.slug
            part = say("ics.part", part=i.part, parts=i.parts) if i.parts > 1 else ""
            lines.append(f"{n}. {title}{part} · {duration(i.minutes, lang)}\n   {base}/?{query}chapter={quote(i.slug)}")
        if reviews:
            lines.append(say("ics.review"))
            for i in reviews:
                c = cur.get(i.slug)
                lines.append(f"- {c.title if c else i.slug} · {duration(i.minutes, lang)}\n"
                             f"  {base}/?{query}chapter={quote(i.slug)}")
        parts = []
        if reads:
            parts.append(say("ics.chapters", n=len(reads)))
        if reviews:
            parts.append(say("ics.reviews", n=len(reviews)))
        ev = Event()
        ev.add("uid", uid(plan_id, d.day))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", d.day)
        ev.add("dtend", d.day + timedelta(days=1))
        ev.add("summary", say("ics.summary", what=", ".join(parts) or say("ics.done"), time=duration(d.used, lang)))
        ev.add("description", "\n".join(lines) or say("ics.all_done"))
        ev.add("sequence", int(str(seqs.get(key, [None, 0])[1])))
        ev.add("transp", "TRANSPARENT")
        if reads:
            ev.add("url", f"{base}/?{query}chapter={quote(reads[0].slug)}")
        cal.add_component(ev)
    for key, (digest, seq) in sorted(seqs.items()):
        if digest != CANCELLED:
            continue
        when = date.fromisoformat(key)
        ev = Event()
        ev.add("uid", uid(plan_id, when))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", when)
        ev.add("dtend", when + timedelta(days=1))
        ev.add("summary", say("ics.cancelled"))
        ev.add("status", "CANCELLED")
        ev.add("sequence", int(str(seq)))
        cal.add_component(ev)
    return bytes(cal.to_ical())
