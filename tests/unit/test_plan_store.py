"""Plans and review cards in the progress store, on a SQLite file and a real PostgreSQL server, and the
upgrade in place of a version-2 database (the schema before plans)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import create_engine, inspect, select

from tests.postgres import PostgresServer, pg_server, store_url  # noqa: F401  (fixtures)
from topicgraph import progress as p
from topicgraph.planner import Budget, Spec
from topicgraph.planner.reviews import first_card, from_json, review, to_json
from topicgraph.progress.plans import PlanStore
from topicgraph.progress.schema import profiles, progress, schema_version

UTC = timezone.utc
SPEC = Spec(("consensus-protocols", "databases"), date(2027, 1, 15), Budget(90, 180))


@pytest.fixture
def store(url: str) -> Iterator[p.ProgressStore]:
    s = p.ProgressStore.open(p.StoreConfig(url))
    yield s
    s.close()


def test_a_plan_is_saved_replaced_and_keeps_its_calendar_uid(store: p.ProgressStore) -> None:
    plans = PlanStore(store)
    assert plans.plan("Ada") is None
    first = plans.save("Ada", SPEC.to_json(), '{"2026-12-07": ["cap-theorem"]}')
    assert Spec.from_json(first.spec) == SPEC and first.owner == "Ada" and len(first.uid) == 16
    plans.set_calendar(first.key, '{"2026-12-07": ["abc", 2]}')
    changed = Spec(("databases",), date(2027, 2, 1), Budget(30, 60))
    second = plans.save("Ada", changed.to_json(), "{}")
    assert second.uid == first.uid and second.calendar == '{"2026-12-07": ["abc", 2]}'
    assert Spec.from_json(second.spec) == changed and second.updated_at >= first.updated_at
    assert plans.plan("Grace") is None  # per person
    plans.save("Grace", SPEC.to_json(), "{}")
    assert plans.plan("Grace").uid != first.uid  # type: ignore[union-attr]
    assert plans.delete("Ada") and plans.plan("Ada") is None and plans.plan("Grace") is not None


def test_one_team_plan_given_by_a_lead(store: p.ProgressStore) -> None:
    plans = PlanStore(store)
    assert plans.team_plan() is None
    plans.save("Lead", SPEC.to_json(), '{"2026-12-07": ["cap-theorem"]}', team=True)
    team = plans.team_plan()
    assert team is not None and team.owner == "Lead" and team.key == "team"
    assert plans.plan("Lead") is None  # the team's plan is not the lead's own
    plans.save("Other Lead", SPEC.to_json(), "{}", team=True)
    assert plans.team_plan().owner == "Other Lead"  # type: ignore[union-attr]  (still one team plan)
    assert plans.delete(None, team=True) and plans.team_plan() is None


def test_review_cards_round_trip(store: p.ProgressStore) -> None:
    plans = PlanStore(store)
    card = first_card(datetime(2026, 12, 1, 9, tzinfo=UTC))
    plans.save_card("Ada", "cap-theorem", to_json(card), card.due, None)
    again = review(card, "good", card.due)
    plans.save_card("Ada", "cap-theorem", to_json(again), again.due, "good")
    stored = plans.cards("Ada")
    assert list(stored) == ["cap-theorem"] and stored["cap-theorem"].reps == 2
    assert stored["cap-theorem"].last_rating == "good" and stored["cap-theorem"].due == again.due
    assert from_json(stored["cap-theorem"].card).due == again.due
    assert plans.cards("Grace") == {}


def _build_v2(url: str) -> None:
    """A database as the previous release left it: schema version 2, no plans or reviews tables."""
    engine = create_engine(url)
    with engine.begin() as conn:
        p.metadata.create_all(conn, tables=[schema_version, profiles, progress])
        conn.execute(schema_version.insert().values(version=2))
        conn.execute(profiles.insert().values(name="Ada", mark_reading=True, created_at=datetime.now(UTC)))
        pid = conn.execute(select(profiles.c.id)).scalar()
        conn.execute(progress.insert().values(profile_id=pid, chapter="cap-theorem", status="done",
                                              updated_at=datetime.now(UTC)))
    engine.dispose()


def test_a_v2_database_is_upgraded_in_place(url: str) -> None:
    _build_v2(url)
    store = p.ProgressStore.open(p.StoreConfig(url))
    try:
        assert store.version() == p.SCHEMA_VERSION == 3
        with store.engine.connect() as conn:
            assert {"plans", "reviews"} <= set(inspect(conn).get_table_names())
        assert store.statuses("Ada") == {"cap-theorem": p.DONE}  # nothing lost
        plans = PlanStore(store)
        plans.save("Ada", SPEC.to_json(), "{}")
        assert plans.plan("Ada") is not None
    finally:
        store.close()
    again = p.ProgressStore.open(p.StoreConfig(url))  # opening the upgraded store changes nothing
    assert again.version() == 3 and PlanStore(again).plan("Ada") is not None
    again.close()


def test_a_v1_database_is_upgraded_all_the_way(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        p.create_v1(conn)
    engine.dispose()
    store = p.ProgressStore.open(p.StoreConfig(url))
    assert store.version() == 3 and PlanStore(store).team_plan() is None
    store.close()
