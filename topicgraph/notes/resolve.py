"""Link resolution as Obsidian does it, plus the fallbacks a plain Markdown tree needs.

A wiki link names a note by file name anywhere in the folder (case-insensitive), optionally with part
of its path (``[[area/note]]``); when several files carry the name, the one in the linking note's own
folder wins, then the one with the shortest path; a tie left after that is *ambiguous* (reported with
the candidates, the first taken). A Markdown link is a path relative to the note (``/`` = the folder
root), URL-encoded; a folder link opens its ``README.md`` or ``index.md``. What resolves only by a
looser rule (front-matter ``aliases``, a title, a different case or spelling) is used and reported.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from ..model import Said

#: Extensions of files a link may point at that are not notes (embeds of images, PDFs, canvases…).
_ATTACHMENT_TEXT = (
    "png jpg jpeg gif bmp svg webp avif tif tiff ico heic pdf mp3 wav m4a ogg flac webm mp4 mov mkv avi ogv "
    "canvas excalidraw zip gz tgz 7z rar csv tsv xlsx xls docx doc pptx ppt odt ods json yaml yml txt html htm "
    "css js ts py ipynb sh drawio xml epub base"
)
ATTACHMENTS = frozenset(_ATTACHMENT_TEXT.split())
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
CROSS_VAULT = re.compile(r"\Adendron://[^/]*/", re.I)
_LOOSE = re.compile(r"[\s_\-–—.]+")


@dataclass(frozen=True)
class Resolution:
    """Where a link leads: ``note`` (an id) or nothing, and why.

    ``status``: ``ok``, ``loose`` (``detail`` says how, ``how`` in any language), ``ambiguous`` (``candidates``),
    ``broken``, ``outside`` (leaves the folder), ``attachment``, ``external``, ``self`` (a heading in the same note).
    """

    status: str
    note: str | None = None
    detail: str = ""
    candidates: tuple[str, ...] = ()
    how: Said | None = None


#: How a link was resolved loosely: the English words of ``Resolution.detail`` → catalog key.
HOW = {"by alias": "problem.how.alias", "by title": "problem.how.title",
       "by a looser spelling": "problem.how.spelling"}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _loose(text: str) -> str:
    return _LOOSE.sub("", _norm(text))


def _stem(note_id: str) -> str:
    name = note_id.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


class NoteIndex:
    """Every note id (relative path with ``.md``) by path, by name and by looser keys.

    >>> idx = NoteIndex(["README.md", "a/README.md", "a/Redis.md", "b/index.md", "c/index.md"])
    >>> idx.wiki("redis", "README.md").note, idx.wiki("README", "b/x.md").note
    ('a/Redis.md', 'README.md')
    >>> r = idx.wiki("index", "README.md"); r.status, r.candidates
    ('ambiguous', ('b/index.md', 'c/index.md'))
    >>> idx.wiki("index", "c/other.md").note, idx.markdown("../a/Redis.md", "b/index.md").note
    ('c/index.md', 'a/Redis.md')
    >>> idx.markdown("../../x.md", "a/Redis.md").status, idx.markdown("a/", "README.md").note
    ('outside', 'a/README.md')
    >>> NoteIndex(["wiki/Getting-Started.md"]).wiki("Getting Started", "Home.md").note
    'wiki/Getting-Started.md'
    """

    def __init__(self, ids: Iterable[str], aliases: Mapping[str, Iterable[str]] | None = None,
                 titles: Mapping[str, str] | None = None) -> None:
        self.ids = sorted(ids)
        self.exact = set(self.ids)
        self.lower: dict[str, list[str]] = {}
        self.by_name: dict[str, list[str]] = {}
        self.by_loose: dict[str, list[str]] = {}
        for i in self.ids:
            self.lower.setdefault(_norm(i), []).append(i)
            self.by_name.setdefault(_norm(_stem(i)), []).append(i)
            self.by_loose.setdefault(_loose(_stem(i)), []).append(i)
        self.by_alias: dict[str, list[str]] = {}
        for i, names in (aliases or {}).items():
            for name in names:
                self.by_alias.setdefault(_norm(name), []).append(i)
        self.by_title: dict[str, list[str]] = {}
        for i, title in (titles or {}).items():
            self.by_title.setdefault(_norm(title), []).append(i)

    # ------------------------------------------------------------------ choosing among candidates

    @staticmethod
    def _pick(found: list[str], source: str) -> Resolution:
        if len(found) == 1:
            return Resolution("ok", found[0])
        folder = posixpath.dirname(source)
        mine = [f for f in found if posixpath.dirname(f) == folder]
        if len(mine) == 1:
            return Resolution("ok", mine[0])
        depth = min(f.count("/") for f in found)
        shortest = sorted(f for f in found if f.count("/") == depth)
        if len(shortest) == 1:
            return Resolution("ok", shortest[0])
        return Resolution("ambiguous", shortest[0], candidates=tuple(shortest))

    def _loosely(self, name: str, source: str) -> Resolution | None:
        key = _norm(name.rsplit("/", 1)[-1])
        for how, table, k in (("by alias", self.by_alias, _norm(name)), ("by title", self.by_title, _norm(name)),
                              ("by a looser spelling", self.by_loose, _loose(key))):
            found = sorted(set(table.get(k, ())))
            if found:
                picked = self._pick(found, source)
                if picked.status == "ambiguous":
                    return picked
                return Resolution("loose", picked.note, f"{how} {name!r}", how=Said(HOW[how], name=repr(name)))
        return None

    # ------------------------------------------------------------------ wiki links

    def wiki(self, target: str, source: str) -> Resolution:
        """Resolve the part of a wiki link before ``#`` / ``|`` (see :func:`split_wiki`)."""
        name = target.strip().replace("\\", "/")
        if not name:
            return Resolution("self")
        ext = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
        if ext in ATTACHMENTS:
            return Resolution("attachment")
        if name.lower().endswith(".md"):
            name = name[:-3]
        if name.startswith(("./", "../")):
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), name))
            if joined.startswith("../") or joined == "..":
                return Resolution("outside", detail=joined)
            name = joined
        name = name.lstrip("/")
        if name + ".md" in self.exact:
            return Resolution("ok", name + ".md")
        whole = self.lower.get(_norm(name + ".md"))
        if whole:
            return self._pick(whole, source)
        last = _norm(name.rsplit("/", 1)[-1])
        # a GitHub wiki's [[Page Name]] is the file Page-Name.md
        found = self.by_name.get(last) or self.by_name.get(last.replace(" ", "-"), [])
        if "/" in name:
            tail = "/" + _norm(name) + ".md"
            found = [f for f in found if _norm("/" + f).endswith(tail)]
        if found:
            return self._pick(found, source)
        return self._loosely(name, source) or Resolution("broken")

    # ------------------------------------------------------------------ Markdown links

    def markdown(self, dest: str, source: str, by_name: bool = True) -> Resolution:
        """Resolve a Markdown link destination written in *source* (both relative to the folder root)."""
        dest = dest.strip()
        if dest.startswith("<") and dest.endswith(">"):
            dest = dest[1:-1].strip()
        if not dest:
            return Resolution("self")
        if _SCHEME.match(dest) or dest.startswith("//"):
            return Resolution("external")
        path = unquote(dest.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
        if not path:
            return Resolution("self")
        ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
        if ext in ATTACHMENTS:
            return Resolution("attachment")
        base = "" if path.startswith("/") else posixpath.dirname(source)
        joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if joined == ".." or joined.startswith("../"):
            return Resolution("outside", detail=joined)
        joined = "" if joined == "." else joined
        if ext == "md" and not path.endswith("/"):
            tries = [joined]
        elif joined:
            tries = [joined + ".md", f"{joined}/README.md", f"{joined}/index.md", f"{joined}/_index.md"]
        else:
            tries = ["README.md", "index.md"]
        for t in tries:
            t = t.lstrip("/")
            if t in self.exact:
                return Resolution("ok", t)
        for t in tries:
            found = self.lower.get(_norm(t.lstrip("/")))
            if found:
                return Resolution("loose", found[0], "by a different letter case", how=Said("problem.how.case"))
        if by_name and joined:
            named = self.wiki(joined.rsplit("/", 1)[-1], source)
            if named.status in ("ok", "ambiguous", "loose"):
                if named.status == "ok":
                    return Resolution("byname", named.note)
                return named
        return Resolution("broken")


def split_wiki(inner: str, dendron: bool = False) -> tuple[str, str, str]:
    """``[[inner]]`` as ``(target, heading, label)``; Dendron writes ``[[label|target]]``.

    >>> split_wiki("Redis#Persistence|Redis on disk")
    ('Redis', 'Persistence', 'Redis on disk')
    >>> split_wiki("the cache|databases.redis", dendron=True)
    ('databases.redis', '', 'the cache')
    >>> split_wiki("Office hours|dendron://site/community.office-hours", dendron=True)[0]
    'community.office-hours'
    >>> split_wiki("note#^block"), split_wiki("#Local heading")
    (('note', '^block', ''), ('', 'Local heading', ''))
    """
    target, _, label = inner.replace("\\|", "|").partition("|")  # "\|" inside a table cell
    if dendron and label:
        target, label = label, target
    target = CROSS_VAULT.sub("", target.strip())  # Dendron's [[dendron://vault/note]] names its vault
    target, _, heading = target.partition("#")
    return target.strip(), heading.strip(), label.strip()
