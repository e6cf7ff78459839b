"""Stable node positions.

Positions are computed once with networkx and stored next to the content
(``layout.json``), so the picture is identical after every rerun and restart.
From scratch, ``spring_layout`` places the themes (one node per theme), then each
theme is laid out on its own: ``kamada_kawai_layout`` for small themes (the bundled
look), a fixed number of ``spring_layout`` iterations for bigger ones and of
``forceatlas2_layout`` from 500 nodes (where spring_layout turns into a Python loop),
so the cost grows with the sum of the squared theme sizes, not with the square of the
curriculum, and no shortest paths are computed on big themes. A chapter that is new
to the file is put beside its placed neighbours (their mean plus a small
deterministic offset off any occupied spot), so adding content never moves what
readers know.

``layout.json`` is written atomically (temporary file + ``os.replace``) under a
lock file next to it, and merged on every write, so readers never see a torn file
and two writers (two servers, or a server and ``python -m topicgraph layout``) keep
each other's entries. It is read entry by entry: a bad entry (not two finite
numbers, NaN, a torn line) is dropped and reported, the good ones are kept.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np
from filelock import FileLock, Timeout

from .model import Curriculum
from .notes import cache_dir

LAYOUT_FILE = "layout.json"
NODE_SPACING = 70.0  # canvas units between neighbouring chapters; the view zooms to fit
GAP = 170.0  # canvas units between theme discs
SEED = 42
KAMADA_KAWAI_MAX = 40  # themes up to this size (the bundled ones have ≤ 28) keep Kamada-Kawai: quadratic, nicest
SPRING_ITERATIONS = 60
SPARSE_FROM = 500  # from this size spring_layout goes sparse (a Python loop per node): use ForceAtlas2
LOCK_TIMEOUT = 30.0  # seconds a writer waits for another one

Positions = dict[str, tuple[float, float]]
Progress = Callable[[int, int], None]  # (themes done, themes in all)

log = logging.getLogger(__name__)


HUB_FACTOR = 3.0  # a node with more than this × sqrt(nodes) links (and at least HUB_MIN) is a hub
HUB_MIN = 12


def hubs(g: nx.DiGraph) -> frozenset[str]:
    """Index notes that link to (or are linked from) a large part of everything, such as a README.

    Their links would pull every node to one spot, so the layout leaves them out (the drawing keeps them).

    >>> g = nx.DiGraph([("readme", str(i)) for i in range(40)] + [("1", "2")])
    >>> sorted(hubs(g))
    ['readme']
    """
    limit = max(HUB_MIN, HUB_FACTOR * math.sqrt(max(1, g.number_of_nodes())))
    return frozenset(n for n, d in g.degree() if d > limit)


def layout_home(curriculum: Curriculum) -> Path:
    """Where ``layout.json`` lives: beside the content, or for an imported notes folder (read-only,
    perhaps tracked by git) in a cache directory keyed by the folder."""
    if not curriculum.is_notes:
        return Path(curriculum.root)
    home = cache_dir(curriculum.root)
    with contextlib.suppress(OSError):
        home.mkdir(parents=True, exist_ok=True)
    return home


def theme_centres(g: nx.DiGraph, curriculum: Curriculum, radius: dict[str, float],
                  skip: frozenset[str] = frozenset()) -> Positions:
    """Place themes so that themes with many links between them sit side by side,
    then spread them until no two theme discs (of the given radius) overlap. Links of *skip* (hubs)
    are not counted."""
    t = nx.Graph()
    t.add_nodes_from(th.slug for th in curriculum.themes if th.slug in radius)
    theme = nx.get_node_attributes(g, "theme")
    for u, v in g.edges:
        if u in skip or v in skip:
            continue
        a, b = theme[u], theme[v]
        if a != b:
            w = t.edges[a, b]["weight"] + 1 if t.has_edge(a, b) else 1
            t.add_edge(a, b, weight=w)
    if t.number_of_nodes() == 1:
        return {n: (0.0, 0.0) for n in t}
    raw = nx.spring_layout(t, weight="weight", seed=SEED, iterations=300)
    # Start at a size where discs roughly fit, then push overlapping discs apart
    # (networkx has no overlap removal; this is the classic pairwise relaxation).
    size = math.sqrt(sum(math.pi * r * r for r in radius.values())) * 0.9
    c = {n: [float(p[0]) * size, float(p[1]) * size] for n, p in raw.items()}
    names = sorted(c)
    for _ in range(300):
        moved = False
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                dx, dy = c[b][0] - c[a][0], c[b][1] - c[a][1]
                d = math.hypot(dx, dy) or 1e-6
                need = radius.get(a, 0) + radius.get(b, 0) + GAP
                if d < need:
                    push = (need - d) / 2 / d
                    c[a][0] -= dx * push
                    c[a][1] -= dy * push
                    c[b][0] += dx * push
                    c[b][1] += dy * push
                    moved = True
        if not moved:
            break
    return {n: (x, y) for n, (x, y) in c.items()}


def compute_positions(g: nx.DiGraph, curriculum: Curriculum, known: Positions | None = None,
                      progress: Progress | None = None) -> Positions:
    """Positions for every node of *g*, keeping every node of *known* where it is.

    From scratch: each theme becomes a disc, discs of closely linked themes sit
    next to each other, and inside a disc chapters that link out start on the side
    facing the theme they link to. With *known* positions, only new nodes are
    placed, each beside its placed neighbours (see :func:`place_new`).
    *progress* is called with (themes done, themes in all) while laying out.
    """
    known = {n: p for n, p in (known or {}).items() if n in g}
    missing = [n for n in g.nodes if n not in known]
    if not missing:
        return known
    if known:
        return place_new(g, known, missing)

    theme_of: dict[str, str] = nx.get_node_attributes(g, "theme")
    members: dict[str, list[str]] = {}
    for n in g.nodes:
        members.setdefault(theme_of[n], []).append(n)
    radius = {t: NODE_SPACING * math.sqrt(len(ns)) for t, ns in members.items()}
    hub = hubs(g)
    centres = theme_centres(g, curriculum, radius, hub)
    # One pass over the edges splits them into each theme's own (concrete) graph and the links
    # that leave it: shortest paths and spring forces on a filtered view are many times slower.
    subs = {t: nx.Graph() for t in members}
    for t, ns in members.items():
        subs[t].add_nodes_from(sorted(ns))
    outside: dict[str, list[str]] = {}
    for u, v in g.edges:
        if u in hub or v in hub:
            continue
        a, b = theme_of[u], theme_of[v]
        if a == b:
            subs[a].add_edge(u, v)
        else:
            outside.setdefault(u, []).append(b)
            outside.setdefault(v, []).append(a)
    pos: Positions = {}
    for done, (theme, nodes) in enumerate(sorted(members.items()), start=1):
        cx, cy = centres[theme]
        init = {}
        for i, n in enumerate(sorted(nodes)):
            angle = i * 2.399963  # golden angle spreads the rest evenly
            if n in outside:  # start on the side facing the themes this chapter links to
                ox = sum(centres[o][0] for o in outside[n]) / len(outside[n]) - cx
                oy = sum(centres[o][1] for o in outside[n]) / len(outside[n]) - cy
                norm = math.hypot(ox, oy) or 1.0
                init[n] = (0.6 * ox / norm + 0.1 * math.cos(angle), 0.6 * oy / norm + 0.1 * math.sin(angle))
            else:
                f = math.sqrt((i + 0.5) / len(nodes)) * 0.5
                init[n] = (f * math.cos(angle), f * math.sin(angle))
        pos.update(_fit_disc(_theme_layout(subs[theme], init), (cx, cy), radius[theme]))
        if progress:
            progress(done, len(members))
    return pos


def _theme_layout(sub: nx.Graph, init: Positions) -> Positions:
    """One theme on its own: Kamada-Kawai when small, a fixed number of spring iterations when big."""
    if sub.number_of_nodes() <= 2:
        return init
    if sub.number_of_nodes() <= KAMADA_KAWAI_MAX:
        local = nx.kamada_kawai_layout(sub, pos=init)
    elif sub.number_of_nodes() < SPARSE_FROM:  # networkx's vectorised Fruchterman-Reingold
        local = nx.spring_layout(sub, pos=init, iterations=SPRING_ITERATIONS, seed=SEED)
    else:  # spring_layout switches to a per-node Python loop here; ForceAtlas2 stays vectorised
        start = {n: np.array(p, dtype=float) for n, p in init.items()}
        local = nx.forceatlas2_layout(sub, pos=start, max_iter=SPRING_ITERATIONS, seed=SEED)
    return {n: (float(p[0]), float(p[1])) for n, p in local.items()}


def _fit_disc(pts: Positions, centre: tuple[float, float], r: float) -> Positions:
    """Scale a theme's layout into its disc (radius *r* around *centre*), rounded for a tidy file."""
    cx, cy = centre
    mx = sum(p[0] for p in pts.values()) / len(pts)
    my = sum(p[1] for p in pts.values()) / len(pts)
    dists = sorted(math.hypot(x - mx, y - my) for x, y in pts.values())
    span = dists[int(0.85 * (len(dists) - 1))] or 1.0  # a few outliers may poke out of the disc
    out: Positions = {}
    for n, (x, y) in pts.items():
        dx, dy = (x - mx) / span * r, (y - my) / span * r
        shrink = min(1.0, 1.1 * r / (math.hypot(dx, dy) or 1.0))  # keep outliers inside their disc
        out[n] = (round(cx + dx * shrink, 1), round(cy + dy * shrink, 1))
    return out


def place_new(g: nx.DiGraph, known: Positions, missing: list[str]) -> Positions:
    """Put each missing node at the mean of its placed neighbours (or of its theme, or at the
    picture's edge), then step along a golden-angle spiral until no node is within half a spacing.

    Linear in the number of nodes (one grid of occupied cells), so one new chapter in a
    5,000-chapter layout takes milliseconds; nothing already placed moves.

    >>> g = nx.DiGraph([("a", "c"), ("b", "c")])
    >>> g.add_nodes_from("abc", theme="t")
    >>> place_new(g, {"a": (0.0, 0.0), "b": (140.0, 0.0)}, ["c"])["c"]
    (70.0, 0.0)
    """
    out = dict(known)
    cell = NODE_SPACING / 2
    grid: dict[tuple[int, int], list[tuple[float, float]]] = {}

    def occupy(p: tuple[float, float]) -> None:
        grid.setdefault((math.floor(p[0] / cell), math.floor(p[1] / cell)), []).append(p)

    def free(p: tuple[float, float]) -> bool:
        gx, gy = math.floor(p[0] / cell), math.floor(p[1] / cell)
        return all(math.dist(p, q) >= cell for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                   for q in grid.get((gx + dx, gy + dy), ()))

    for p in known.values():
        occupy(p)
    undirected = g.to_undirected(as_view=True)
    theme_of = nx.get_node_attributes(g, "theme")
    theme_mean: dict[str, tuple[float, float] | None] = {}
    todo = sorted(missing)
    # New chapters that only link to other new chapters wait until those are placed.
    for attempt in range(3):
        waiting = []
        for n in todo:
            around = [out[m] for m in undirected.neighbors(n) if m in out]
            if not around and attempt < 2:
                waiting.append(n)
                continue
            if not around:
                theme = theme_of.get(n)
                if theme not in theme_mean:
                    mates = [p for m, p in out.items() if theme_of.get(m) == theme]
                    theme_mean[theme] = (sum(p[0] for p in mates) / len(mates),
                                         sum(p[1] for p in mates) / len(mates)) if mates else None
                mean = theme_mean[theme]
                if mean is None:  # a new theme: at the right edge of the picture
                    right = max((p[0] for p in out.values()), default=0.0)
                    mean = (right + 2 * NODE_SPACING, 0.0)
                around = [mean]
            cx = sum(p[0] for p in around) / len(around)
            cy = sum(p[1] for p in around) / len(around)
            spot = (round(cx, 1), round(cy, 1))
            k = 0
            while not free(spot) and k < 10_000:
                k += 1
                angle, dist = k * 2.399963, cell * math.sqrt(k)  # a sunflower spiral
                spot = (round(cx + dist * math.cos(angle), 1), round(cy + dist * math.sin(angle), 1))
            out[n] = spot
            occupy(spot)
        todo = waiting
        if not todo:
            break
    return out


# --------------------------------------------------------------------------- layout.json

_ENTRY = re.compile(r'^\s*("(?:[^"\\]|\\.)*")\s*:\s*(.*?)\s*,?\s*$')


def _constant(name: str) -> str:
    """NaN and Infinity (which Python's json accepts) come back as text, which :func:`_point` rejects."""
    return name


_NUMBER = (int, float)  # exact types: a bool is not a coordinate


def _point(value: object) -> tuple[float, float]:
    """Two finite numbers (not booleans, not strings), else ValueError."""
    if type(value) is list and len(value) == 2:
        x, y = value
        if type(x) in _NUMBER and type(y) in _NUMBER and math.isfinite(x) and math.isfinite(y):
            return float(x), float(y)
        raise ValueError("x and y must be finite numbers")
    raise ValueError("expected [x, y]")


def load_positions(path: str | os.PathLike[str]) -> tuple[Positions, list[str]]:
    r"""Positions stored at *path* and one problem per entry that was dropped.

    A missing file is no problem. Each entry is checked on its own, so one bad entry (or a
    file cut short) loses only itself: when the whole file is not valid JSON, entries are
    recovered line by line (the file is written one entry per line).

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "layout.json"
    >>> _ = f.write_text('{\n"a": [1, 2],\n"b": [NaN, 0],\n"c": ["x", 1],\n"d": [3')
    >>> pos, problems = load_positions(f)
    >>> pos
    {'a': (1.0, 2.0)}
    >>> len(problems)
    3
    """
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [f"{name}: cannot read: {exc}"]
    positions: Positions = {}
    problems: list[str] = []
    try:
        raw = json.loads(text, parse_constant=_constant)
        if not isinstance(raw, dict):
            return {}, [f"{name}: expected an object of slug: [x, y]"]
        items: list[tuple[int, str, object]] = [(0, str(k), v) for k, v in raw.items()]
    except ValueError:  # torn or hand-broken: take what can be read, line by line
        items = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip() in ("{", "}", ""):
                continue
            m = _ENTRY.match(line)
            slug = None
            try:
                if not m:
                    raise ValueError("not a \"slug\": [x, y] line")
                slug = json.loads(m.group(1))
                try:
                    value = json.loads(m.group(2), parse_constant=_constant)
                except json.JSONDecodeError:
                    raise ValueError("not [x, y] (cut short?)") from None
                items.append((number, slug, value))
            except ValueError as exc:
                label = f" {slug!r}:" if slug is not None else ""
                problems.append(f"{name}:{number}:{label} {exc}; entry dropped")
    for number, slug, value in items:
        try:
            positions[slug] = _point(value)
        except ValueError as exc:
            where = f"{name}:{number}" if number else name
            problems.append(f"{where}: {slug!r}: {exc}; entry dropped")
    return positions, problems


def read_positions(path: str | os.PathLike[str]) -> Positions:
    """Positions stored at *path*; bad entries are left out (and logged)."""
    positions, problems = load_positions(path)
    for problem in problems:
        log.warning("%s", problem)
    return positions


def _dump(positions: Positions) -> str:
    rows = [f"{json.dumps(k)}: [{positions[k][0]}, {positions[k][1]}]" for k in sorted(positions)]
    return "{\n" + ",\n".join(rows) + "\n}\n"


def _replace_atomically(path: Path, text: str) -> None:
    """Write a temporary file in the same directory and rename it over *path* (atomic on POSIX)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


Stamp = tuple[int, int, int]  # inode, mtime, size: every write replaces the file, so a new inode


def _stamp(file: Path) -> Stamp | None:
    try:
        st = file.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def merge_positions(path: str | os.PathLike[str], positions: Positions, *, overwrite: bool = False,
                    seen: tuple[Stamp | None, Positions] | None = None) -> Positions | None:
    """Add *positions* to the file under its lock and return everything it now holds.

    The file is re-read under the lock, so entries another writer stored meanwhile are kept
    (unless *seen*, a stamp taken before an earlier read and what that read gave, still matches).
    Positions already in the file win unless *overwrite* (a fresh ``layout`` run). Returns
    None when the place is read-only or the lock is held too long (the caller keeps its
    own positions for this run).
    """
    file = Path(path)
    try:
        with FileLock(str(file) + ".lock", timeout=LOCK_TIMEOUT):
            if seen is not None and seen[0] is not None and _stamp(file) == seen[0]:
                stored = seen[1]  # unchanged since the caller read it: no second parse
            else:
                stored, _ = load_positions(file)
            merged = {**stored, **positions} if overwrite else {**positions, **stored}
            if merged != stored or not file.exists():
                _replace_atomically(file, _dump(merged))
            return merged
    except (OSError, Timeout) as exc:
        log.warning("cannot write %s: %s", file, exc)
        return None


def write_positions(path: str | os.PathLike[str], positions: Positions) -> bool:
    """Store *positions* (replacing those slugs' entries, keeping all others); False when read-only."""
    return merge_positions(path, positions, overwrite=True) is not None


def stable_positions(g: nx.DiGraph, curriculum: Curriculum, root: str | os.PathLike[str] | None = None,
                     progress: Progress | None = None) -> Positions:
    """Read stored positions, place new chapters, store the result when something changed."""
    file = Path(root or layout_home(curriculum)) / LAYOUT_FILE
    stamp = _stamp(file)  # before reading: a write in between changes it, and the merge re-reads
    stored = read_positions(file)
    positions = compute_positions(g, curriculum, stored, progress=progress)
    new = {n: p for n, p in positions.items() if n not in stored}
    if new:
        merged = merge_positions(file, new, seen=(stamp, stored))
        if merged is not None:  # another writer may have placed the same chapter first: theirs wins
            positions = {n: merged.get(n, p) for n, p in positions.items()}
    return positions


def has_layout(g: nx.DiGraph, root: str | os.PathLike[str]) -> bool:
    """True when most chapters of *g* already have a stored position (placing the rest is quick)."""
    stored = read_positions(Path(root) / LAYOUT_FILE)
    return sum(1 for n in g if n in stored) * 2 >= int(g.number_of_nodes())


BACKGROUND_FROM = 1000  # chapters: from here a fresh layout takes seconds, so it runs in a thread


class LayoutJob:
    """Positions for a curriculum, computed in a background thread when that takes long.

    Long means a fresh layout (no stored one) of at least ``BACKGROUND_FROM`` chapters;
    otherwise (a stored layout plus a few new chapters, or a small curriculum) the work is done
    at once. Meanwhile :attr:`fraction` tells how far it got (themes laid out / themes).

    >>> from topicgraph.model import Curriculum
    >>> job = LayoutJob(nx.DiGraph(), Curriculum((), ()), root=".", background=False)
    >>> job.done, job.result(), job.fraction
    (True, {}, 1.0)
    """

    def __init__(self, g: nx.DiGraph, curriculum: Curriculum, root: str | os.PathLike[str] | None = None, *,
                 background: bool | None = None) -> None:
        self.chapters = int(g.number_of_nodes())
        self.themes_done, self.themes = 0, 1
        self.positions: Positions | None = None
        self.error: BaseException | None = None
        self._finished = threading.Event()
        where = root or layout_home(curriculum)
        if background is None:
            background = self.chapters >= BACKGROUND_FROM and not has_layout(g, where)
        self.background = background
        if background:
            threading.Thread(target=self._run, args=(g, curriculum, where), name="topicgraph-layout",
                             daemon=True).start()
        else:
            self._run(g, curriculum, where)

    def _run(self, g: nx.DiGraph, curriculum: Curriculum, root: str | os.PathLike[str]) -> None:
        try:
            self.positions = stable_positions(g, curriculum, root, progress=self._progress)
        except Exception as exc:  # surfaced by result(), in the caller's thread
            log.exception("layout of %s failed", root)
            self.error = exc
        finally:
            self._finished.set()

    def _progress(self, done: int, total: int) -> None:
        self.themes_done, self.themes = done, total

    @property
    def done(self) -> bool:
        return self._finished.is_set()

    @property
    def fraction(self) -> float:
        return 1.0 if self.done else min(1.0, self.themes_done / max(1, self.themes))

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to *timeout* seconds; True when finished."""
        return self._finished.wait(timeout)

    def result(self) -> Positions:
        """The positions (waiting for them); re-raises what went wrong in the thread."""
        self._finished.wait()
        if self.error is not None:
            raise self.error
        assert self.positions is not None
        return self.positions
