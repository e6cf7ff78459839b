"""Study plans and review cards in the progress database (schema version 3).

Tables (added by ``schema.MIGRATIONS[2]``, which creates whatever tables of ``metadata`` are missing)::

    plans(key UNIQUE, owner_id → profiles.id, spec, baseline, calendar, uid, created_at, updated_at)
        -- key "profile:<id>" (a person's own plan) or "team" (the one plan a lead gives the team)
    reviews(profile_id → profiles.id, chapter, card, due, reps, last_rating, updated_at)
        -- one FSRS card per profile × done chapter

The values are JSON text the planner writes and reads (:mod:`topicgraph.planner`): this package does not
depend on it. Importing this module registers the tables on ``schema.metadata``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, ColumnElement, ForeignKey, Integer, String, Table, Text, delete, select, update

from .schema import UTCDateTime, metadata, profiles
from .store import ProgressStore
from .values import CHAPTER_MAX, _now

TEAM = "team"

plans = Table(
    "plans", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(40), nullable=False, unique=True),
    Column("owner_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False),
    Column("spec", Text, nullable=False),  # what was asked: goals, date, minutes a day, pace
    Column("baseline", Text, nullable=False),  # the days as planned when saved (to tell "behind")
    Column("calendar", Text, nullable=False, server_default="{}"),  # per day: digest and SEQUENCE of the .ics
    Column("uid", String(32), nullable=False),  # the calendar events' UID stem, kept across re-plans
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
reviews = Table(
    "reviews", metadata,
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("chapter", String(CHAPTER_MAX), primary_key=True),
    Column("card", Text, nullable=False),  # fsrs.Card.to_dict() as JSON
    Column("due", UTCDateTime, nullable=False),
    Column("reps", Integer, nullable=False, server_default="0"),
    Column("last_rating", String(8), nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
)


@dataclass(frozen=True)
class StoredPlan:
    key: str
    owner: str
    spec: str
    baseline: str
    calendar: str
    uid: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class StoredCard:
    chapter: str
    card: str
    due: datetime
    reps: int
    last_rating: str | None


class PlanStore:
    """Plans and review cards, over an open :class:`ProgressStore` (same engine, same typed failures)."""

    def __init__(self, store: ProgressStore) -> None:
        self.store = store

    # ---------------------------------------------------------------- plans

    def _get(self, where: ColumnElement[bool]) -> StoredPlan | None:
        q = (select(plans, profiles.c.name).join(profiles, profiles.c.id == plans.c.owner_id).where(where))
        with self.store._read() as conn:
            r = conn.execute(q).first()
        if r is None:
            return None
        return StoredPlan(r.key, r.name, r.spec, r.baseline, r.calendar, r.uid, r.created_at, r.updated_at)

    def plan(self, profile: str) -> StoredPlan | None:
        """This person's own plan."""
        return self._get((profiles.c.name == profile) & (plans.c.key != TEAM))

    def team_plan(self) -> StoredPlan | None:
        """The team's plan (given by a lead), if any."""
        return self._get(plans.c.key == TEAM)

    def save(self, profile: str, spec: str, baseline: str, *, team: bool = False) -> StoredPlan:
        """Create or replace a plan (the person's own, or the team's with *profile* as its lead). The calendar
        UID stem and SEQUENCE counts are kept, so a calendar updates its events instead of adding copies."""
        with self.store._write() as conn:
            pid = self.store._ensure_profile(conn, profile)
            key = TEAM if team else f"profile:{pid}"
            now = _now()
            found = conn.execute(select(plans.c.id).where(plans.c.key == key)).scalar()
            if found is None:
                conn.execute(plans.insert().values(key=key, owner_id=pid, spec=spec, baseline=baseline,
                                                   calendar="{}", uid=secrets.token_hex(8), created_at=now,
                                                   updated_at=now))
            else:
                conn.execute(update(plans).where(plans.c.id == found).values(
                    owner_id=pid, spec=spec, baseline=baseline, updated_at=now))
        stored = self.team_plan() if team else self.plan(profile)
        assert stored is not None
        return stored

    def set_calendar(self, key: str, calendar: str) -> None:
        """Store the .ics SEQUENCE counts after an export."""
        with self.store._write() as conn:
            conn.execute(update(plans).where(plans.c.key == key).values(calendar=calendar))

    def set_baseline(self, key: str, baseline: str) -> None:
        with self.store._write() as conn:
            conn.execute(update(plans).where(plans.c.key == key).values(baseline=baseline, updated_at=_now()))

    def delete(self, profile: str | None, *, team: bool = False) -> bool:
        with self.store._write() as conn:
            if team:
                key = TEAM
            else:
                pid = self.store._profile_id(conn, profile or "")
                if pid is None:
                    return False
                key = f"profile:{pid}"
            return bool(conn.execute(delete(plans).where(plans.c.key == key)).rowcount)

    # ---------------------------------------------------------------- review cards

    def cards(self, profile: str) -> dict[str, StoredCard]:
        q = (select(reviews).join(profiles, profiles.c.id == reviews.c.profile_id).where(profiles.c.name == profile))
        with self.store._read() as conn:
            return {r.chapter: StoredCard(r.chapter, r.card, r.due, r.reps, r.last_rating) for r in conn.execute(q)}

    def save_card(self, profile: str, chapter: str, card: str, due: datetime, rating: str | None) -> None:
        """Upsert one chapter's card after a review (its count of reviews goes up by one)."""
        with self.store._write() as conn:
            pid = self.store._ensure_profile(conn, profile)
            now = _now()
            stmt = self.store._insert(reviews).values(profile_id=pid, chapter=chapter, card=card, due=due, reps=1,
                                                      last_rating=rating, updated_at=now)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=["profile_id", "chapter"],
                set_={"card": stmt.excluded.card, "due": stmt.excluded.due, "reps": reviews.c.reps + 1,
                      "last_rating": stmt.excluded.last_rating, "updated_at": stmt.excluded.updated_at}))
