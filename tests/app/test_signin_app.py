"""Profiles and sign-in in the whole app (Streamlit AppTest, a real SQLite file).

Without sign-in a URL never creates or writes a profile; with sign-in (``[auth]`` in secrets, ``st.user`` set
the way Streamlit sets it after an OIDC login) the profile is the person, whatever the URL or session says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_app import rerun
from tests.unit.test_progress_app import add_profiles, bars, make_app, my_status, sidebar_warnings
from topicgraph import progress as p
from topicgraph.progress import people
from topicgraph.safe_md import literal

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s" * 32, "client_id": "app",
        "client_secret": "x", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
ISSUER = "http://127.0.0.1:9"
ADA = {"is_logged_in": True, "iss": ISSUER, "sub": "ada", "name": "Ada", "email": "ada@example.com"}
BOB = {"is_logged_in": True, "iss": ISSUER, "sub": "bob", "name": "Bob", "email": "bob@example.com"}
ROOT_USER = {"is_logged_in": True, "iss": ISSUER, "sub": "root", "name": "Root", "email": "root@example.com"}


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "progress.sqlite")


def store(db: str) -> p.ProgressStore:
    return p.ProgressStore.open(p.StoreConfig(p.as_url(db)))


def signed_in(monkeypatch: pytest.MonkeyPatch, db: str, user: dict[str, Any], admins: tuple[str, ...] = (),
              team: str = "members", **params: str) -> AppTest:
    at = make_app(monkeypatch, db, **params)
    at.secrets["auth"] = AUTH
    at.secrets["topicgraph"] = {"admins": list(admins), "team": team}
    at.user = dict(user)
    return at


def profile_of(user: dict[str, Any]) -> str:
    return people.identity_profile(user["iss"], user["sub"])


# --------------------------------------------------------------------------- without sign-in


def test_a_url_naming_a_missing_profile_neither_creates_nor_marks_it(monkeypatch: pytest.MonkeyPatch,
                                                                    db: str) -> None:
    """Defect on main: /?chapter=x&profile=Victim created Victim and marked the chapter Reading."""
    add_profiles(db, "Ada")
    at = make_app(monkeypatch, db, chapter="redis-architecture", profile="Victim")
    at.run()
    assert not at.exception
    assert any("There is no profile named “Victim”" in w for w in sidebar_warnings(at))
    assert "profile" not in at.query_params and not bars(at)
    s = store(db)
    assert s.profiles() == ["Ada"] and s.all_progress() == []
    s.close()


def test_a_url_selects_an_existing_profile_in_any_case(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    add_profiles(db, "Ada")
    at = make_app(monkeypatch, db, chapter="redis-architecture", profile="ada")
    at.run()
    assert not at.exception and at.query_params["profile"] == "Ada" and bars(at)
    s = store(db)
    assert s.statuses("Ada") == {"redis-architecture": p.READING} and s.profiles() == ["Ada"]
    s.close()


def test_distinct_profile_urls_create_no_profile(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    """Defect on main: 1,000 visits with distinct ?profile= values created 1,000 profiles. Here 40 whole-app
    visits (each a new session); tests/unit/test_people.py makes the lookup they do 1,000 times."""
    add_profiles(db, "Ada")
    for i in range(40):
        at = make_app(monkeypatch, db, chapter="redis-architecture", profile=f"Visitor {i}")
        at.run()
        assert not at.exception
    s = store(db)
    assert s.profiles() == ["Ada"] and s.all_progress() == []
    s.close()


def test_settings_creates_deletes_and_refuses_same_names(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = make_app(monkeypatch, db)
    at.switch_page("pages/settings.py")
    at.run()
    at.toggle(key="_w_track").set_value(True).run()

    def create(name: str) -> None:
        at.text_input(key="_w_new").input(name)
        next(b for b in at.button if b.label == "Create and use it").click().run()
        assert not at.exception

    create("Ada")
    assert at.session_state["v_profile"] == "Ada"
    for same in ("ada", "Ad\u200ba", "\u3164", "\u0410da"):  # case, zero-width space, filler, look-alike
        create(same)
        assert at.error, same
        assert at.session_state["v_profile"] == "Ada"
    create("https://evil.example/login")
    assert literal("https://evil.example/login") in at.success[0].value  # never a live link (see the browser test)
    s = store(db)
    assert s.profiles() == ["Ada", "https://evil.example/login"]
    s.set_status("https://evil.example/login", "redis-architecture", p.DONE)
    rerun(at)
    next(b for b in at.button if b.label == "Delete this profile…").click().run()
    assert s.profiles() == ["Ada", "https://evil.example/login"]  # nothing before the confirmation
    assert "and its 1 status?" in at.warning[0].value
    next(b for b in at.button if b.label == "Yes, delete it").click().run()
    assert not at.exception
    assert s.profiles() == ["Ada"] and s.all_progress() == []
    assert at.session_state["v_profile"] is None
    s.close()


# --------------------------------------------------------------------------- with sign-in


def test_signed_in_the_profile_is_the_person_whatever_the_url(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    add_profiles(db, "Victim")
    at = signed_in(monkeypatch, db, ADA, chapter="redis-architecture", profile="Victim")
    at.run()
    assert not at.exception
    assert any("ignored" in w for w in sidebar_warnings(at))
    assert "profile" not in at.query_params
    my_status(at).set_value(p.DONE)
    rerun(at)
    s = store(db)
    assert s.statuses(profile_of(ADA)) == {"redis-architecture": p.DONE}
    assert s.statuses("Victim") == {}
    assert any(c.value.startswith("Signed in as Ada") for c in at.sidebar.caption)
    # A crafted session value (what a widget would write) does not change whose progress this is.
    at.session_state["v_profile"] = profile_of(BOB)
    at.query_params["profile"] = profile_of(BOB)
    rerun(at)
    my_status(at).set_value(p.SKIPPED)
    rerun(at)
    assert s.statuses(profile_of(ADA)) == {"redis-architecture": p.SKIPPED}
    assert s.statuses(profile_of(BOB)) == {} and profile_of(BOB) not in s.profiles()
    s.close()


def test_signed_out_visitors_read_but_cannot_write(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    add_profiles(db, "Ada")
    at = signed_in(monkeypatch, db, {"is_logged_in": False}, chapter="redis-architecture", profile="Ada")
    at.run()
    assert not at.exception
    assert not [c for c in at.segmented_control if c.label == "My status"] and not bars(at)
    assert "Sign in" in [b.label for b in at.button]
    at.switch_page("pages/settings.py")
    at.run()
    assert not at.exception and "Sign in to track your progress" in at.info[0].value
    assert not [t for t in at.text_input if t.label in ("New profile", "Stored in")]
    assert not [s for s in at.selectbox if s.label == "Profile"]
    at.switch_page("pages/team.py")
    at.run()
    assert not at.exception and "Sign in to see your team" in at.info[0].value
    assert not at.get("vega_lite_chart") and not at.dataframe
    s = store(db)
    assert s.profiles() == ["Ada"] and s.all_progress() == []
    s.close()


def test_team_page_shows_display_names_and_can_be_for_admins_only(monkeypatch: pytest.MonkeyPatch,
                                                                  db: str) -> None:
    s = store(db)
    for user in (ADA, BOB):
        name = people.ensure_identity(s, user["iss"], user["sub"], user["name"], user["email"])
        s.set_status(name, "redis-architecture", p.DONE)
    s.close()
    at = signed_in(monkeypatch, db, BOB, chapter="redis-architecture")
    at.switch_page("pages/team.py")
    at.run()
    assert not at.exception
    readers = at.dataframe[0].value
    assert sorted(readers["profile"]) == ["Ada", "Bob"] and set(readers["status"]) == {"Done"}
    at = signed_in(monkeypatch, db, BOB, team="admins")
    at.switch_page("pages/team.py")
    at.run()
    assert "Only this deployment's admins" in at.info[0].value and not at.dataframe
    at = signed_in(monkeypatch, db, ROOT_USER, admins=("root@example.com",), team="admins")
    at.switch_page("pages/team.py")
    at.run()
    assert sorted(at.dataframe[0].value["profile"]) == ["Ada", "Bob", "Root"]


def test_admins_see_every_profile_and_reset_or_delete_one(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    s = store(db)
    ada = people.ensure_identity(s, ISSUER, "ada", "Ada", "ada@example.com")
    s.set_status(ada, "redis-architecture", p.DONE)
    s.set_status(ada, "caching-strategies", p.DONE)
    at = signed_in(monkeypatch, db, BOB)  # a member: no admin section, no database location
    at.switch_page("pages/settings.py")
    at.run()
    assert not at.exception and not [b for b in at.button if "Delete the profile" in b.label]
    assert not [t for t in at.text_input if t.label == "Stored in"]
    at = signed_in(monkeypatch, db, ROOT_USER, admins=("root@example.com",))
    at.switch_page("pages/settings.py")
    at.run()
    assert not at.exception
    assert next(t for t in at.text_input if t.label == "Stored in").value == db
    table = at.dataframe[0].value
    assert "Ada" in list(table["name"]) and "ada@example.com" in list(table["e-mail"])
    at.selectbox(key="_w_admin_pick").set_value(ada).run()
    next(b for b in at.button if b.label == "Reset its progress…").click().run()
    assert len(s.statuses(ada)) == 2  # nothing before the confirmation
    next(b for b in at.button if b.label == "Yes, reset").click().run()
    assert not at.exception and s.statuses(ada) == {} and ada in s.profiles()
    at.selectbox(key="_w_admin_pick").set_value(ada).run()
    next(b for b in at.button if b.label == "Delete the profile…").click().run()
    next(b for b in at.button if b.label == "Yes, delete").click().run()
    assert not at.exception and ada not in s.profiles()
    s.close()


def test_behind_an_authenticating_proxy_its_headers_name_the_person(monkeypatch: pytest.MonkeyPatch,
                                                                   db: str) -> None:
    """``server.trustedUserHeaders`` maps a proxy's headers into st.user (no is_logged_in, no [auth])."""
    from streamlit import config

    before = config.get_option("server.trustedUserHeaders")
    config.set_option("server.trustedUserHeaders", {"X-Forwarded-Email": "email"})
    try:
        at = make_app(monkeypatch, db, chapter="redis-architecture", profile="Victim")
        at.user = {"email": "carol@example.com"}  # what Streamlit puts in st.user from the header
        at.run()
        assert not at.exception
        my_status(at).set_value(p.DONE)
        rerun(at)
        s = store(db)
        assert s.statuses(people.identity_profile("proxy", "carol@example.com")) == {"redis-architecture": p.DONE}
        assert "Victim" not in s.profiles()
        s.close()
        at = make_app(monkeypatch, db, chapter="redis-architecture")
        at.user = {"email": None}  # the header was missing: nobody is signed in
        at.run()
        assert not at.exception and not [c for c in at.segmented_control if c.label == "My status"]
    finally:
        config.set_option("server.trustedUserHeaders", before)
