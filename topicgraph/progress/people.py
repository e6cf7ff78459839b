"""Profiles: their names (what may be one, when two are the same), and the profile of a signed-in person.

Without sign-in a profile is a name chosen in Settings. A name is stored in NFC with its spaces collapsed;
invisible characters, bidi controls and blank-looking names are refused, joiners inside a word (ZWJ in an
emoji sequence, ZWNJ in Persian or Indic words) are kept, and a word mixing scripts with letters that look
alike (a Cyrillic "а" in "Аda") is refused. Two names are the same profile when their :func:`name_key`
agrees: compatibility forms, case and look-alike letters folded (``Ada``, ``ada``, ``ＡＤＡ`` and ``АDA``).

With sign-in, the profile *is* the person: :func:`identity_profile` names it from the token's issuer and
subject (``id:`` + a hash), and the ``identities`` table keeps the display name and e-mail shown for it.
That table is created here, beside the store's schema, on first use (``CREATE TABLE IF NOT EXISTS``).
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Column,
    Connection,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    func,
    inspect,
    select,
)
from sqlalchemy import text as sql_text

from .schema import UTCDateTime, profiles, progress
from .store import ProgressStore
from .values import NAME_MAX, StoreUnavailable, _now, clean_profile_name

IDENTITY_PREFIX = "id:"
ZWNJ, ZWJ = "\u200c", "\u200d"
# Characters that draw nothing yet are not format characters (category Cf, refused anyway): Hangul fillers,
# the braille blank, the combining grapheme joiner, Khmer inherent vowels, Mongolian selectors.
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f")
_VARIATION = frozenset(chr(c) for c in [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])

_meta = MetaData()
_profiles = profiles.to_metadata(_meta)  # for the foreign key; never created from here
identities = Table(
    "identities", _meta,
    Column("profile_id", Integer, ForeignKey(_profiles.c.id, ondelete="CASCADE"), primary_key=True),
    Column("issuer", String(255), nullable=False),
    Column("subject", String(255), nullable=False),
    Column("display", String(200), nullable=False),
    Column("email", String(320), nullable=True),
    Column("seen_at", UTCDateTime, nullable=False),
)


class NameTaken(ValueError):
    """A new profile's name is the same, after folding, as an existing one's (``existing``)."""

    def __init__(self, name: str, existing: str) -> None:
        self.existing = existing
        super().__init__("A profile with this name already exists (case, accents' encoding and look-alike "
                         "letters do not make a new name). Choose it in the list, or pick another name.")


def _joiner_ok(name: str, i: int) -> bool:
    """ZWJ/ZWNJ between two visible characters of a word (letters, marks, digits, emoji, skin tones)."""
    if i == 0 or i == len(name) - 1:
        return False
    return all(unicodedata.category(c)[0] in "LMNS" for c in (name[i - 1], name[i + 1]))


def check_name(name: str) -> str:
    """A new profile's name as stored, or ValueError saying what is wrong with it.

    >>> check_name("  Ada \\u3000 Lovelace ")
    'Ada Lovelace'
    >>> check_name("Zoe\\u0308") == "Zo\\u00eb"  # NFC
    True
    >>> check_name("\\U0001f468\\u200d\\U0001f469\\u200d\\U0001f467")  # a family emoji keeps its joiners
    '👨\\u200d👩\\u200d👧'
    >>> check_name("Ad\\u200ba")
    Traceback (most recent call last):
    ...
    ValueError: A profile name cannot contain invisible or text-direction characters.
    >>> check_name("\\u3164")  # a Hangul filler draws nothing
    Traceback (most recent call last):
    ...
    ValueError: A profile name cannot contain invisible or text-direction characters.
    >>> check_name("._.")
    Traceback (most recent call last):
    ...
    ValueError: A profile name must contain a visible letter, digit or symbol.
    >>> check_name("\\u0410da")  # Cyrillic A in a Latin word
    Traceback (most recent call last):
    ...
    ValueError: A profile name cannot mix look-alike letters of different scripts in one word ('Аda').
    """
    name = unicodedata.normalize("NFC", name)
    for i, ch in enumerate(name):
        if ch in (ZWJ, ZWNJ):
            bad = not _joiner_ok(name, i)
        elif ch in _VARIATION:
            bad = i == 0 or name[i - 1].isspace()  # a selector changes the character before it: there must be one
        else:  # format (bidi controls, zero-width space), private-use, unassigned, surrogates, fillers
            bad = ch in _INVISIBLE or (unicodedata.category(ch) in ("Cf", "Co", "Cn", "Cs") and not ch.isspace())
        if bad:
            raise ValueError("A profile name cannot contain invisible or text-direction characters.")
    name = clean_profile_name(name)  # control characters, spaces, length
    if not any(unicodedata.category(c)[0] in "LNS" and c not in _INVISIBLE for c in name):
        raise ValueError("A profile name must contain a visible letter, digit or symbol.")
    if name.startswith(IDENTITY_PREFIX):
        raise ValueError(f"A profile name cannot start with {IDENTITY_PREFIX!r} (kept for signed-in people).")
    from confusable_homoglyphs import confusables  # type: ignore[import-untyped]  # its 900 kB table is loaded only when a name is checked

    for word in name.split(" "):  # joiners and variation selectors belong to no script
        if confusables.is_dangerous("".join(c for c in word if c not in _VARIATION and c not in (ZWJ, ZWNJ))):
            raise ValueError(f"A profile name cannot mix look-alike letters of different scripts in one word "
                             f"({word!r}).")
    return name


@functools.cache
def _ascii_classes() -> dict[str, str]:
    """ASCII look-alikes grouped (I, l, 1 and | are one group): each character → its group's smallest one."""
    from confusable_homoglyphs.confusables import confusables_data  # type: ignore[import-untyped]

    parent = {chr(c): chr(c) for c in range(128)}

    def root(c: str) -> str:
        while parent[c] != c:
            c = parent[c]
        return c

    for c in map(chr, range(128)):
        for g in confusables_data.get(c, ()):
            if len(g["c"]) == 1 and g["c"].isascii():
                a, b = root(c), root(g["c"])
                parent[max(a, b)] = min(a, b)
    return {c: root(c) for c in parent}


def _skeleton(text: str) -> str:
    """Each character replaced by the smallest ASCII character it can be confused with (or kept)."""
    from confusable_homoglyphs.confusables import confusables_data

    classes = _ascii_classes()
    out = []
    for ch in text:
        if ch.isascii():
            out.append(classes[ch])
            continue
        alike = [classes[g["c"]] for g in confusables_data.get(ch, ()) if len(g["c"]) == 1 and g["c"].isascii()]
        out.append(min(alike) if alike else ch)
    return "".join(out)


def name_key(name: str) -> str:
    """What makes two names the same profile: NFKC, case folding and look-alike letters.

    >>> name_key("Ada") == name_key("ada") == name_key("ＡＤＡ") == name_key("\\u0410DA")
    True
    >>> name_key("ABC") == name_key("\\u0410\\u0412\\u0421"), name_key("Al") == name_key("AI")  # Cyrillic АВС
    (True, True)
    >>> name_key("Zo\\u00eb") == name_key("Zoe\\u0308"), name_key("Ada") == name_key("Adam")
    (True, False)
    """
    once = _skeleton(unicodedata.normalize("NFKC", name)).casefold()  # capitals first ("А" → "A"), then small
    return unicodedata.normalize("NFKC", _skeleton(unicodedata.normalize("NFKC", once)).casefold())


def identity_profile(issuer: str, subject: str) -> str:
    """The profile name of a signed-in person: stable for one issuer and subject, never a chosen name.

    >>> identity_profile("https://idp.example", "42")
    'id:22be43e31a2efa14cb65897784ad6c5d'
    >>> len(identity_profile("x" * 255, "y" * 255)) <= 40
    True
    """
    digest = hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:32]
    return IDENTITY_PREFIX + digest


@dataclass(frozen=True)
class ProfileInfo:
    """One profile as an admin sees it."""

    name: str  # the stored name (for a signed-in person: ``id:…``)
    display: str  # what people see
    email: str | None
    statuses: int
    updated: datetime | None
    signed_in: bool  # a person's identity profile, not a chosen name


# --------------------------------------------------------------------------- store functions


def ensure_tables(store: ProgressStore, *, write: bool = False) -> bool:
    """Whether the identities table is there; created when missing if the database takes writes (a read-only
    one without it simply has no signed-in people). ``write``: it must be there (raises when it cannot be)."""
    if getattr(store, "_tg_identities", False):
        return True
    with store._read() as conn:
        found = inspect(conn).has_table("identities")
    if not found:
        try:
            with store._write() as conn:
                if store.dialect == "postgresql":
                    conn.execute(sql_text("SELECT pg_advisory_xact_lock(860709)"))
                identities.create(conn, checkfirst=True)
        except StoreUnavailable as e:
            if write or e.kind != "read-only":
                raise
            return False
    store._tg_identities = True  # type: ignore[attr-defined]
    return True


def _identity_ids(store: ProgressStore, conn: Connection) -> set[int]:
    if not getattr(store, "_tg_identities", False):
        return set()
    return set(conn.execute(select(identities.c.profile_id)).scalars())


def _unnamed(name: str) -> str:
    """What to show for a profile without a display name: its name, or for a signed-in person's profile whose
    identity row is gone (deleted while they were still signed in) a short stable label.

    >>> _unnamed("Ada"), _unnamed("id:22be43e31a2efa14cb65897784ad6c5d")
    ('Ada', 'Signed-in person 22be43')
    """
    return f"Signed-in person {name[len(IDENTITY_PREFIX):][:6]}" if name.startswith(IDENTITY_PREFIX) else name


def named_profiles(store: ProgressStore) -> list[str]:
    """Profiles chosen by name (not signed-in people's), sorted case-insensitively."""
    ensure_tables(store)
    with store._read() as conn:
        taken = _identity_ids(store, conn)
        rows = conn.execute(select(profiles.c.id, profiles.c.name).order_by(func.lower(profiles.c.name))).all()
    return [r.name for r in rows if r.id not in taken and not r.name.startswith(IDENTITY_PREFIX)]


def find_named(store: ProgressStore, name: str) -> str | None:
    """The existing named profile ``name`` refers to (exactly, else the one with the same :func:`name_key`)."""
    names = named_profiles(store)
    if name in names:
        return name
    key = name_key(name)
    same = [n for n in names if name_key(n) == key]
    return same[0] if len(same) == 1 else None


def create_named(store: ProgressStore, name: str) -> str:
    """Create a profile by name (Settings' explicit action); returns the stored name.

    Raises ValueError for a name that is not allowed and :class:`NameTaken` for one that exists already."""
    name = check_name(name)
    key = name_key(name)
    ensure_tables(store)
    with store._write() as conn:
        if store.dialect == "postgresql":  # two people creating "Ada" and "ada" at once: one after the other
            conn.execute(sql_text("SELECT pg_advisory_xact_lock(860710)"))
        for existing in conn.execute(select(profiles.c.name)).scalars():
            if name_key(existing) == key:
                raise NameTaken(name, existing)
        conn.execute(profiles.insert().values(name=name, created_at=_now()))
    return name


def delete_profile(store: ProgressStore, name: str) -> int | None:
    """Delete a profile and every status it has; returns the statuses removed (None: no such profile)."""
    known = ensure_tables(store)
    with store._write() as conn:
        pid = conn.execute(select(profiles.c.id).where(profiles.c.name == name)).scalar()
        if pid is None:
            return None
        removed = int(conn.execute(delete(progress).where(progress.c.profile_id == pid)).rowcount)
        if known:
            conn.execute(delete(identities).where(identities.c.profile_id == pid))
        conn.execute(delete(profiles).where(profiles.c.id == pid))
    return removed


def ensure_identity(store: ProgressStore, issuer: str, subject: str, display: str, email: str | None) -> str:
    """The profile of a signed-in person, created on their first sign-in; their display name and e-mail are
    refreshed from the token each time. Returns the profile's stored name."""
    name = identity_profile(issuer, subject)
    display = " ".join(display.split())[:200] or "(no name)"
    email = email[:320] if email else None
    ensure_tables(store, write=True)
    with store._write() as conn:
        pid = conn.execute(select(profiles.c.id).where(profiles.c.name == name)).scalar()
        if pid is None:
            pid = conn.execute(profiles.insert().values(name=name, created_at=_now())
                               .returning(profiles.c.id)).scalar_one()
        row = {"issuer": issuer[:255], "subject": subject[:255], "display": display, "email": email,
               "seen_at": _now()}
        if conn.execute(select(identities.c.profile_id).where(identities.c.profile_id == pid)).first() is None:
            conn.execute(identities.insert().values(profile_id=pid, **row))
        else:
            conn.execute(identities.update().where(identities.c.profile_id == pid).values(**row))
    return name


def display_names(store: ProgressStore) -> dict[str, str]:
    """Stored profile name → the name people see (a signed-in person's display name, else the name)."""
    if not ensure_tables(store):
        return {n: n for n in store.profiles()}
    with store._read() as conn:
        rows = conn.execute(select(profiles.c.name, identities.c.display)
                            .select_from(profiles.outerjoin(identities, identities.c.profile_id == profiles.c.id)))
        return {r.name: (r.display or _unnamed(r.name)) for r in rows}


def profile_list(store: ProgressStore, prefix: str | None = None) -> list[ProfileInfo]:
    """Every profile with its status count and last change (for admins); with ``prefix`` counted in one
    curriculum only (keys ``prefix + slug``; ``""``: the plain slugs, see topicgraph/curricula.py)."""
    if not ensure_tables(store):
        return [ProfileInfo(n, n, None, sum(_in_curriculum(k, prefix) for k in store.statuses(n)), None, False)
                for n in store.profiles()]
    counts = select(progress.c.profile_id, func.count().label("n"), func.max(progress.c.updated_at).label("at"))
    if prefix is not None:
        counts = counts.where(progress.c.chapter.startswith(prefix, autoescape=True) if prefix
                              else ~progress.c.chapter.contains(":", autoescape=True))
    counted = counts.group_by(progress.c.profile_id).subquery()
    q = (select(profiles.c.name, identities.c.display, identities.c.email, identities.c.profile_id.label("ident"),
                counted.c.n, counted.c.at)
         .select_from(profiles.outerjoin(identities, identities.c.profile_id == profiles.c.id)
                      .outerjoin(counted, counted.c.profile_id == profiles.c.id)))
    with store._read() as conn:
        rows = conn.execute(q).all()
    out = [ProfileInfo(r.name, r.display or _unnamed(r.name), r.email, int(r.n or 0), r.at, r.ident is not None)
           for r in rows]
    return sorted(out, key=lambda i: (i.display.casefold(), i.name))


def _in_curriculum(key: str, prefix: str | None) -> bool:
    return prefix is None or (key.startswith(prefix) if prefix else ":" not in key)


assert len(identity_profile("", "")) <= NAME_MAX
