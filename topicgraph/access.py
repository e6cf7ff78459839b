"""Who is signed in and what they may do: pure rules over the claims Streamlit puts in ``st.user``.

Sign-in is Streamlit's own (OIDC through Authlib, ``[auth]`` in secrets.toml) or an authenticating proxy's
headers mapped into ``st.user`` by ``server.trustedUserHeaders``. A person is known by the token's issuer and
subject (``iss`` + ``sub``), or, behind a proxy, by the header mapped to ``sub`` (else ``email``); the name
shown is ``name``, else ``email``, else the subject.

Admins are listed by e-mail (``[topicgraph] admins`` in secrets.toml or ``$TOPICGRAPH_ADMINS``, comma
separated); ``team`` says who sees the team page: ``members`` (everyone signed in, the default) or ``admins``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PROXY_ISSUER = "proxy"  # the issuer recorded for people known from trusted headers
TEAM_CHOICES = ("members", "admins")


@dataclass(frozen=True)
class Person:
    """A signed-in person."""

    issuer: str
    subject: str
    name: str
    email: str | None
    email_verified: bool = True

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any]) -> Person | None:
        """The person in ``st.user``'s claims, or None when nobody is signed in.

        >>> Person.from_claims({"is_logged_in": True, "iss": "https://idp", "sub": "7", "name": "Ada",
        ...                     "email": "ada@example.com"})
        Person(issuer='https://idp', subject='7', name='Ada', email='ada@example.com', email_verified=True)
        >>> Person.from_claims({"is_logged_in": False}) is None, Person.from_claims({}) is None
        (True, True)
        >>> Person.from_claims({"email": "bo@example.com"}).subject  # from a proxy's headers
        'bo@example.com'
        """
        def text(key: str) -> str | None:
            value = claims.get(key)
            return value.strip() if isinstance(value, str) and value.strip() else None

        if claims.get("is_logged_in") is True and text("sub"):
            issuer = text("iss") or str(claims.get("provider") or "oidc")
            subject = text("sub") or ""
        elif "is_logged_in" not in claims and (text("sub") or text("email")):
            issuer, subject = PROXY_ISSUER, text("sub") or text("email") or ""
        else:
            return None
        email = text("email")
        verified = claims.get("email_verified")
        return cls(issuer, subject, text("name") or email or subject, email,
                   email_verified=verified is not False and verified != "false")


@dataclass(frozen=True)
class Policy:
    """Who administers and who sees the team page."""

    admins: frozenset[str] = frozenset()
    team: str = "members"

    @classmethod
    def resolve(cls, env: Mapping[str, str], section: Mapping[str, Any] | None) -> Policy:
        """``$TOPICGRAPH_ADMINS`` / ``$TOPICGRAPH_TEAM`` win over ``[topicgraph]`` in secrets.toml.

        >>> p = Policy.resolve({"TOPICGRAPH_ADMINS": "Ada@Example.com, bo@x.org"}, {"team": "admins"})
        >>> sorted(p.admins), p.team
        (['ada@example.com', 'bo@x.org'], 'admins')
        >>> Policy.resolve({}, {"admins": ["a@x"], "team": "nonsense"}).team
        'members'
        """
        section = section or {}
        raw: Any = env.get("TOPICGRAPH_ADMINS")
        if raw is None:
            raw = section.get("admins", ())
        items = raw.split(",") if isinstance(raw, str) else list(raw) if isinstance(raw, (list, tuple)) else []
        admins = frozenset(str(a).strip().casefold() for a in items if str(a).strip())
        team = str(env.get("TOPICGRAPH_TEAM") or section.get("team") or "members").strip().lower()
        return cls(admins, team if team in TEAM_CHOICES else "members")

    def is_admin(self, person: Person | None) -> bool:
        """An admin is a signed-in person whose (verified) e-mail is listed.

        >>> p = Policy(frozenset({"ada@example.com"}))
        >>> p.is_admin(Person("i", "1", "Ada", "ADA@example.com")), p.is_admin(None)
        (True, False)
        >>> p.is_admin(Person("i", "1", "Ada", "ada@example.com", email_verified=False))
        False
        """
        return bool(person and person.email and person.email_verified and person.email.casefold() in self.admins)

    def sees_team(self, person: Person | None) -> bool:
        """Signed-in members (or only admins, when ``team = "admins"``) see the team page."""
        if person is None:
            return False
        return self.team == "members" or self.is_admin(person)
