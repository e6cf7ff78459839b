"""Profiles by name and by identity (topicgraph/progress/people.py), on a real SQLite file and a real PostgreSQL
server: which names are refused, which collide, creating, finding, deleting, and a signed-in person's profile."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest

from tests.postgres import pg_server, store_url  # noqa: F401  (fixtures: url = each back end)
from topicgraph import progress as p
from topicgraph.access import Person, Policy
from topicgraph.progress import people


@pytest.fixture
def store(url: str) -> Iterator[p.ProgressStore]:
    s = p.ProgressStore.open(p.StoreConfig(url))
    yield s
    s.close()


# --------------------------------------------------------------------------- names (pure)

ACCEPTED = {
    "Ada Lovelace": "Latin",
    "Zoë": "Latin with a diaeresis",
    "دوست\u200cداشتن": "Persian word with a zero-width non-joiner",
    "क्\u200dष": "Devanagari conjunct with a zero-width joiner",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467": "family emoji (ZWJ sequence)",
    "\U0001f44d\U0001f3fd": "emoji with a skin tone",
    "❤\ufe0f": "emoji with a variation selector",
    "Иван Ivanov": "two words in two scripts",
    "https://evil.example/login": "link-looking (shown as text, see the app tests)",
    ":material/home: **x**": "icon code and Markdown (shown as text)",
}
REFUSED = {
    "Ad\u200ba": "zero-width space",
    "\u202eadA": "right-to-left override",
    "Ada\u2066": "bidi isolate",
    "\u200dAda": "joiner at the start",
    "Ada\u200c": "joiner at the end",
    "A\u200c b": "joiner before a space",
    "\u3164": "Hangul filler (draws nothing)",
    "\u2800\u2800": "braille blanks",
    "\u00ad": "soft hyphen alone",
    "   ": "spaces",
    "._.": "punctuation only",
    "\u0410da": "Cyrillic A inside a Latin word",
    "p\u0430ypal": "Cyrillic a inside a Latin word",
    "Ada\x07": "control character",
    "x" * 41: "too long",
    "id:22be43e31a2efa14cb65897784ad6c5d": "looks like a signed-in person's profile",
}


@pytest.mark.parametrize("name", ACCEPTED, ids=list(ACCEPTED.values()))
def test_names_that_are_accepted(name: str) -> None:
    assert people.check_name(name) == unicodedata.normalize("NFC", name)


@pytest.mark.parametrize("name", REFUSED, ids=list(REFUSED.values()))
def test_names_that_are_refused(name: str) -> None:
    with pytest.raises(ValueError):
        people.check_name(name)


@pytest.mark.parametrize("a,b", [
    ("Ada", "ada"), ("Ada", "ADA"), ("Zo\u00eb", "Zoe\u0308"), ("Ada", "\uff21\uff24\uff21"),  # fullwidth
    ("ABC", "\u0410\u0412\u0421"), ("Al", "AI"), ("Straße", "STRASSE"),
])
def test_names_that_are_the_same_profile(a: str, b: str) -> None:
    assert people.name_key(a) == people.name_key(b)


@pytest.mark.parametrize("a,b", [("Ada", "Adam"), ("Иван", "Ivan"), ("Jörg", "Jorg")])
def test_names_that_are_different_profiles(a: str, b: str) -> None:
    assert people.name_key(a) != people.name_key(b)


# --------------------------------------------------------------------------- the store


def test_create_refuses_a_name_that_exists_in_another_form(store: p.ProgressStore) -> None:
    assert people.create_named(store, "  Ada  ") == "Ada"
    for same in ("ada", "ADA", "\uff21\uff24\uff21"):
        with pytest.raises(people.NameTaken):
            people.create_named(store, same)
    people.create_named(store, "Zo\u00eb")
    with pytest.raises(people.NameTaken):
        people.create_named(store, "Zoe\u0308")  # NFD of the same name
    with pytest.raises(ValueError):
        people.create_named(store, "Ad\u200ba")
    assert people.named_profiles(store) == ["Ada", "Zoë"]


def test_find_selects_an_existing_profile_and_never_creates(store: p.ProgressStore) -> None:
    people.create_named(store, "Ada")
    assert people.find_named(store, "Ada") == "Ada"
    assert people.find_named(store, "ada") == "Ada"  # the same profile in another case
    for i in range(1000 if store.dialect == "sqlite" else 200):  # the one store call a ?profile= visit makes
        assert people.find_named(store, f"Visitor {i}") is None
    assert store.profiles() == ["Ada"]


def test_delete_removes_the_profile_and_its_statuses(store: p.ProgressStore) -> None:
    people.create_named(store, "Ada")
    store.set_status("Ada", "redis-architecture", p.DONE)
    store.set_status("Ada", "caching-strategies", p.READING)
    store.set_status("Grace", "redis-architecture", p.DONE)
    assert people.delete_profile(store, "Ada") == 2
    assert people.delete_profile(store, "Ada") is None
    assert store.profiles() == ["Grace"] and store.statuses("Grace") == {"redis-architecture": p.DONE}
    assert store.all_progress()[0][0] == "Grace"


def test_a_signed_in_person_has_one_profile_per_issuer_and_subject(store: p.ProgressStore) -> None:
    ada = people.ensure_identity(store, "https://idp.example", "42", "Ada", "ada@example.com")
    assert ada == people.identity_profile("https://idp.example", "42") and ada.startswith("id:")
    again = people.ensure_identity(store, "https://idp.example", "42", "Ada Lovelace", "ada@example.com")
    assert again == ada  # the same person: a new display name, the same profile
    other = people.ensure_identity(store, "https://other.example", "42", "Impostor", None)
    assert other != ada  # the same subject at another issuer is another person
    store.set_status(ada, "redis-architecture", p.DONE)
    assert people.display_names(store)[ada] == "Ada Lovelace"
    assert people.named_profiles(store) == []  # never offered to pick by name
    info = {i.name: i for i in people.profile_list(store)}
    assert info[ada].display == "Ada Lovelace" and info[ada].email == "ada@example.com"
    assert info[ada].statuses == 1 and info[ada].signed_in and info[ada].updated is not None
    assert people.delete_profile(store, ada) == 1
    assert set(store.profiles()) == {other}


def test_claims_and_policy() -> None:
    ada = Person.from_claims({"is_logged_in": True, "iss": "https://idp", "sub": "1", "name": "Ada",
                              "email": "Ada@Example.com"})
    assert ada is not None and ada.name == "Ada"
    assert Person.from_claims({"is_logged_in": True}) is None  # no subject: not a usable sign-in
    policy = Policy.resolve({}, {"admins": ["ada@example.com"], "team": "admins"})
    assert policy.is_admin(ada) and policy.sees_team(ada)
    bob = Person("https://idp", "2", "Bob", "bob@example.com")
    assert not policy.is_admin(bob) and not policy.sees_team(bob) and not policy.sees_team(None)
    assert Policy.resolve({}, {}).sees_team(bob)  # members see the team page by default
