"""Reviews of done chapters on FSRS's schedule (the ``fsrs`` package).

A chapter marked done starts as a card reviewed "Good" at the time it was marked (reading it was its first
review); "Again / Hard / Good / Easy" in the reader reviews it again. Days are the unit here: no learning
steps (a minute or ten later makes no sense for a chapter), no fuzzing (the plan must be reproducible).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime, time, timezone
from functools import cache
from typing import Any

from fsrs import Card, Rating, Scheduler, State

UTC = timezone.utc
RATINGS: Mapping[str, Rating] = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good,
                                 "easy": Rating.Easy}
RATING_LABELS: Mapping[str, str] = {"again": "Again", "hard": "Hard", "good": "Good", "easy": "Easy"}


@cache
def scheduler() -> Scheduler:
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def _at(when: datetime | date) -> datetime:
    if isinstance(when, datetime):
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return datetime.combine(when, time(12), tzinfo=UTC)


def first_card(done_at: datetime | date) -> Card:
    """The card of a chapter marked done at *done_at*: reading it counts as a "Good" review.

    >>> first_card(date(2026, 1, 5)).due.date()
    datetime.date(2026, 1, 7)
    """
    at = _at(done_at)
    card, _ = scheduler().review_card(Card(card_id=0, state=State.Learning, due=at), Rating.Good, at)
    return card


def review(card: Card, rating: str, at: datetime | date) -> Card:
    """The card after a review rated ``again``/``hard``/``good``/``easy`` at *at*.

    >>> c = first_card(date(2026, 1, 5))
    >>> [(review(c, r, date(2026, 1, 7)).due.date() - date(2026, 1, 7)).days for r in RATINGS]
    [1, 8, 11, 19]
    """
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {', '.join(RATINGS)}")
    new, _ = scheduler().review_card(card, RATINGS[rating], _at(at))
    return new


@cache
def good_intervals(count: int = 12) -> tuple[int, ...]:
    """Days from reading a chapter to its first review, then between reviews, all rated "Good".

    >>> good_intervals()[:4]
    (2, 11, 46, 163)
    """
    at = _at(date(2026, 1, 1))
    card = first_card(at)
    out = []
    for _ in range(count):
        out.append((card.due - at).days)
        at = card.due
        card, _ = scheduler().review_card(card, Rating.Good, at)
    return tuple(out)


def due_dates(cards: Mapping[str, Card]) -> dict[str, date]:
    """Each card's due day (UTC)."""
    return {slug: c.due.astimezone(UTC).date() for slug, c in cards.items()}


def cards_for(done: Mapping[str, datetime], stored: Mapping[str, Card]) -> dict[str, Card]:
    """A card for every done chapter: the stored one, else a first card from when it was marked done."""
    return {slug: stored[slug] if slug in stored else first_card(at) for slug, at in done.items()}


def to_json(card: Card) -> str:
    return json.dumps(card.to_dict(), sort_keys=True)


def from_json(text: str) -> Card:
    data: dict[str, Any] = json.loads(text)
    return Card.from_dict(data)  # type: ignore[arg-type]
