"""The study plan: goals, a target date and minutes a day become a day-by-day plan along the routes.

The chapters to read are the goals' routes (:func:`topicgraph.routes.path_to`: what a goal needs through
prerequisite links, plus its context chain), closed under prerequisites, minus what is done or skipped
(not looked behind, as in a route). They are read in a reading order where every prerequisite comes first
(always), a context chapter comes first unless context links loop, and each goal's chain is read together
(a depth-first order from the goals, easiest first where the order is free). Then they are packed into
days by reading time (words / pace); reviews of done chapters (FSRS, :mod:`.reviews`) take their time from
the same daily budget first. A day's budget is never exceeded: a chapter longer than a whole day is read in
parts on consecutive days.

When the chapters do not fit before the target date, :class:`Fit` says by how much and :func:`make_plan`
offers cuts (:class:`Cut`), each with the new figures. Everything here is pure and deterministic: the same
request gives the same plan (``today`` is part of the request).
"""

from __future__ import annotations

import heapq
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import networkx as nx

from ..model import Curriculum
from ..reading import LEVEL, reading_order
from ..routes import BEFORE_KINDS
from ..stats import word_count
from . import texts
from .reviews import good_intervals

#: Default reading pace (the catalog's "minutes to read" uses the same).
DEFAULT_WPM = 200
#: A review takes this share of the chapter's reading time (at least a minute).
REVIEW_SHARE = 1 / 3
#: A plan that does not fit is simulated past its date to find when it would end, at most this far.
HORIZON_DAYS = 3 * 366
READ, REVIEW = "read", "review"


@dataclass(frozen=True)
class Budget:
    """Minutes of study per weekday and per weekend day; days off (dates, or weekdays 0=Mon..6=Sun) have none;
    ``extra`` adds minutes on given dates (a catch-up)."""

    weekday: int = 60
    weekend: int = 120
    days_off: frozenset[date] = frozenset()
    weekdays_off: frozenset[int] = frozenset()
    extra: Mapping[date, int] = field(default_factory=dict)

    def minutes(self, day: date) -> int:
        """
        >>> b = Budget(30, 90, days_off=frozenset({date(2026, 12, 25)}), weekdays_off=frozenset({2}))
        >>> [b.minutes(date(2026, 12, d)) for d in (21, 23, 25, 26)]
        [30, 0, 0, 90]
        """
        if day in self.days_off or day.weekday() in self.weekdays_off:
            return 0
        base = self.weekend if day.weekday() >= 5 else self.weekday
        return max(0, base + self.extra.get(day, 0))

    def raised(self, by: int) -> Budget:
        """Every study day (a day with a budget; every day not off when there is none) ``by`` minutes longer."""
        if self.weekday <= 0 and self.weekend <= 0:
            return replace(self, weekday=by, weekend=by)
        return replace(self, weekday=self.weekday + by if self.weekday > 0 else 0,
                       weekend=self.weekend + by if self.weekend > 0 else 0)


@dataclass(frozen=True)
class Request:
    """What to plan: goals (chapter or theme slugs), from ``today`` to ``target`` (both included)."""

    goals: tuple[str, ...]
    today: date
    target: date
    budget: Budget = Budget()
    wpm: int = DEFAULT_WPM
    done: frozenset[str] = frozenset()
    skipped: frozenset[str] = frozenset()
    #: Done or skipped today: done ones in the plan are shown on today, and their time counts against it.
    done_today: frozenset[str] = frozenset()
    #: Next review of each done chapter (from :mod:`.reviews`); overdue ones come first on the first day.
    reviews: Mapping[str, date] = field(default_factory=dict)
    #: Project reviews of chapters read in this plan (and the next ones of reviewed chapters), FSRS intervals.
    project_reviews: bool = True
    drop_optional: bool = False


@dataclass(frozen=True)
class Item:
    slug: str
    minutes: int
    kind: str = READ  # READ or REVIEW
    part: int = 1  # a chapter longer than a day is read in parts: part of parts
    parts: int = 1
    optional: bool = False  # only on the plan as a goal's context chain (a cut can drop it)
    done: bool = False  # done today already
    projected: bool = False  # a review of a chapter this plan reads (its date follows FSRS from the plan)


@dataclass(frozen=True)
class Day:
    day: date
    budget: int
    items: tuple[Item, ...] = ()

    @property
    def used(self) -> int:
        return sum(i.minutes for i in self.items)

    @property
    def reads(self) -> list[Item]:
        return [i for i in self.items if i.kind == READ]

    @property
    def reviews(self) -> list[Item]:
        return [i for i in self.items if i.kind == REVIEW]


@dataclass(frozen=True)
class Fit:
    """How the plan meets its date. Minutes are study minutes: reading plus the reviews due by then."""

    fits: bool
    chapters: int  # chapters to read
    read_minutes: int
    review_minutes: int  # reviews placed up to the target date
    available: int  # budget from today to the target
    finish: date | None  # the day the last chapter is read (past the target when it does not fit); None: never
    late: int  # chapters read after the target date (or never)
    study_days: int  # days with a budget, today to target

    @property
    def need(self) -> int:
        return self.read_minutes + self.review_minutes

    @property
    def short(self) -> int:
        """Minutes missing before the target (0 when it fits)."""
        return 0 if self.fits else max(1, self.need - self.available)

    @property
    def per_study_day(self) -> int:
        """Minutes a study day it would take on average (every day, when there are no study days)."""
        return math.ceil(self.need / max(1, self.study_days))


@dataclass(frozen=True)
class Cut:
    """One way to make the plan fit, with the figures it gives."""

    kind: str  # "drop-optional" | "move-date" | "raise-time"
    chapters: int
    minutes: int
    finish: date | None
    fits: bool
    target: date | None = None
    budget: Budget | None = None
    dropped: tuple[str, ...] = ()
    short: int = 0  # minutes still missing after this cut (0 when it fits)
    #: "move-date": days after the old target; "raise-time": minutes more a study day.
    later: int = 0
    extra: int = 0

    def text(self, lang: str = "en") -> str:
        """What the cut does, with its figures, in *lang*: "Move the date to Fri 18 Dec 2026 (3 days later)…"."""
        budget = self.budget
        return texts.cut(self.kind, lang, chapters=self.chapters, minutes=self.minutes, fits=self.fits,
                         dropped=len(self.dropped), short=self.short, target=self.target, later=self.later,
                         extra=self.extra, weekday=budget.weekday if budget else 0,
                         weekend=budget.weekend if budget else 0)


@dataclass(frozen=True)
class Plan:
    request: Request
    order: tuple[str, ...]  # every chapter to read, in reading order
    optional: frozenset[str]
    days: tuple[Day, ...]  # today .. max(target, finish); days past the target only when it does not fit
    fit: Fit
    cuts: tuple[Cut, ...] = ()
    unknown_goals: tuple[str, ...] = ()

    def day(self, when: date) -> Day | None:
        i = (when - self.request.today).days
        return self.days[i] if 0 <= i < len(self.days) else None

    @property
    def today(self) -> Day | None:
        return self.days[0] if self.days else None

    def today_reads(self) -> list[str]:
        """Today's chapters still to read, in order (the graph numbers them)."""
        d = self.today
        return list(dict.fromkeys(i.slug for i in d.reads if not i.done)) if d else []

    def schedule(self) -> dict[str, list[str]]:
        """Chapters read per day (ISO date → slugs): what a saved plan keeps as its baseline."""
        return {d.day.isoformat(): list(dict.fromkeys(i.slug for i in d.reads)) for d in self.days if d.reads}


# --------------------------------------------------------------------------- the curriculum, prepared once


@dataclass(frozen=True)
class _Prepared:
    index: Mapping[str, int]
    slugs: tuple[str, ...]
    words: tuple[int, ...]
    ease: tuple[tuple[int, str], ...]
    prereqs: tuple[tuple[int, ...], ...]  # prerequisite predecessors (read before), easiest first
    context: tuple[int, ...]  # the context chapter's index, -1 when none / unknown


def _prepare(cur: Curriculum, g: nx.DiGraph) -> _Prepared:
    found: _Prepared | None = cur.memo.get("planner.prepared")
    if found is not None:
        return found
    slugs = tuple(c.slug for c in cur.chapters)
    index = {s: i for i, s in enumerate(slugs)}
    ease = tuple((LEVEL[c.difficulty], c.slug) for c in cur.chapters)
    pre: list[list[int]] = [[] for _ in slugs]
    ctx = [-1] * len(slugs)
    for u, v, data in g.edges(data=True):
        if u not in index or v not in index:
            continue
        kinds = data.get("kinds", (data.get("kind"),))
        if "prerequisite" in kinds:
            pre[index[v]].append(index[u])
    for c in cur.chapters:
        i = index[c.slug]
        j = index.get(c.context.chapter, -1)
        # a context link is a reading-order edge only when the graph has it (BEFORE_KINDS)
        if j >= 0 and j != i and g.has_edge(c.context.chapter, c.slug) and \
                set(g.edges[c.context.chapter, c.slug].get("kinds", ())) & set(BEFORE_KINDS):
            ctx[i] = j
    found = _Prepared(index, slugs, tuple(word_count(c.body) for c in cur.chapters), ease,
                      tuple(tuple(sorted(set(p), key=ease.__getitem__)) for p in pre), tuple(ctx))
    cur.memo["planner.prepared"] = found
    return found


def expand_goals(cur: Curriculum, goals: Iterable[str]) -> tuple[list[str], list[str]]:
    """Goal slugs → chapter slugs in order (a theme becomes its chapters in reading order), and the unknown ones.

    >>> from topicgraph.loader import read_curriculum
    >>> cur = read_curriculum("tests/fixtures/content")
    >>> expand_goals(cur, ["redis-architecture", "nope"])
    (['redis-architecture'], ['nope'])
    """
    chapters: dict[str, None] = {}
    unknown: list[str] = []
    for goal in goals:
        if goal in cur.chapter_map:
            chapters[goal] = None
        elif goal in cur.theme_map:
            chapters.update(dict.fromkeys(c.slug for c in reading_order(cur, goal)))
        else:
            unknown.append(goal)
    return list(chapters), unknown


def minutes_to_read(words: int, wpm: int) -> int:
    """
    >>> minutes_to_read(401, 200), minutes_to_read(0, 200)
    (3, 1)
    """
    return max(1, math.ceil(words / max(1, wpm)))


def review_minutes(read_minutes: int) -> int:
    return max(1, math.ceil(read_minutes * REVIEW_SHARE))


# --------------------------------------------------------------------------- what to read, in what order


def _closure(prep: _Prepared, seeds: Iterable[int], stop: set[int]) -> set[int]:
    """Seeds and everything they need through prerequisites, not looking behind ``stop``."""
    seen = {s for s in seeds if s not in stop}
    todo = list(seen)
    while todo:
        for p in prep.prereqs[todo.pop()]:
            if p not in seen and p not in stop:
                seen.add(p)
                todo.append(p)
    return seen


def _needed(prep: _Prepared, goals: Sequence[int], stop: set[int]) -> tuple[set[int], set[int]]:
    """(every chapter to read, the optional ones: there only through a goal's context chain)."""
    targets = [gl for gl in goals if gl not in stop]
    chain: set[int] = set()
    walked: set[int] = set()
    for gl in targets:
        seen = {gl}
        walked.add(gl)
        c = prep.context[gl]
        # a chapter an earlier walk reached (or started from) has its chain added already
        while c >= 0 and c not in seen and c not in stop and c not in chain and c not in walked:
            seen.add(c)
            chain.add(c)
            c = prep.context[c]
        if c >= 0 and c not in stop and c not in seen:
            chain.add(c)
    required = _closure(prep, targets, stop)
    everything = _closure(prep, [*targets, *chain], stop)
    return everything, everything - required


def _order(prep: _Prepared, goals: Sequence[int], need: set[int]) -> list[int]:
    """Reading order of ``need``: prerequisites always first; otherwise depth-first from the goals (each
    goal's chain together), context before the chapter unless context links loop, easiest first."""
    rank: dict[int, int] = {}
    on_stack: set[int] = set()

    def before(n: int) -> list[int]:
        found = [p for p in prep.prereqs[n] if p in need]
        c = prep.context[n]
        if c in need and c not in found:
            found.append(c)
        return sorted(found, key=prep.ease.__getitem__)

    starts = [gl for gl in goals if gl in need] + sorted(need, key=prep.ease.__getitem__)
    for s in starts:
        if s in rank:
            continue
        stack = [(s, iter(before(s)))]
        on_stack.add(s)
        while stack:
            n, it = stack[-1]
            for p in it:
                if p not in rank and p not in on_stack:
                    on_stack.add(p)
                    stack.append((p, iter(before(p))))
                    break
            else:
                stack.pop()
                on_stack.discard(n)
                rank[n] = len(rank)
    # Kahn's algorithm over prerequisite links only, taking the best-ranked ready chapter: the depth-first
    # order wherever it already puts prerequisites first (always, unless context and prerequisites loop).
    waiting = {n: sum(1 for p in prep.prereqs[n] if p in need) for n in need}
    after: dict[int, list[int]] = {}
    for n in need:
        for p in prep.prereqs[n]:
            if p in need:
                after.setdefault(p, []).append(n)
    ready = [(rank[n], n) for n, k in waiting.items() if k == 0]
    heapq.heapify(ready)
    out: list[int] = []
    while ready:
        _, n = heapq.heappop(ready)
        out.append(n)
        for m in after.get(n, ()):
            waiting[m] -= 1
            if waiting[m] == 0:
                heapq.heappush(ready, (rank[m], m))
    return out


# --------------------------------------------------------------------------- packing days


# A pending review on the heap: (due day's ordinal, seq, slug, minutes, projected, Good reviews assumed so far).
_Due = tuple[int, int, str, int, bool, int]


def _pack(req: Request, reads: Sequence[tuple[str, int, bool]], today_done: Sequence[tuple[str, int]],
          review_read: Mapping[str, int], intervals: Sequence[int], *,
          to_target: bool = False) -> tuple[list[Day], Fit]:
    """Fill days from ``req.today``; returns the days (to the target, or on until everything is read) and the fit.

    ``to_target``: only whether it fits (stop at the target, build no days). Days are ordinals in the loop
    and items plain tuples until the end: this runs a few times per plan (the cuts) over thousands of items."""
    heap: list[_Due] = []
    seq = 0
    for slug, due in sorted(req.reviews.items(), key=lambda kv: (kv[1], kv[0])):
        heap.append((due.toordinal(), seq, slug, review_minutes(review_read.get(slug, 1)), False, 1))
        seq += 1
    heapq.heapify(heap)
    project = req.project_reviews and bool(intervals)
    gaps = tuple(intervals)
    queue = [(slug, m, optional, review_minutes(m)) for slug, m, optional in reads]
    n = len(queue)
    qi, left = 0, 0  # left: minutes still to read of queue[qi] once it was started
    start, target = req.today.toordinal(), req.target.toordinal()
    last = start + HORIZON_DAYS
    budgets = [req.budget.minutes(req.today + timedelta(days=k)) for k in range(7)]
    week = sum(budgets)
    read_minutes = sum(m for _, m, _, _ in queue)
    review_total = available = study_days = on_time = 0
    finish = start if not queue else None
    rows: list[tuple[int, int, list[tuple[Any, ...]]]] = []
    day = start
    while day <= target or (not to_target and qi < n and day <= last and week > 0):
        budget = req.budget.minutes(date.fromordinal(day))
        if day <= target:
            available += budget
            study_days += budget > 0
        used = 0
        items: list[tuple[Any, ...]] = []
        if day == start:
            for slug, m in today_done:
                items.append((slug, m, READ, False, True, False))
                used += m
        while heap and heap[0][0] <= day:
            _, _, rslug, rmin, projected, step = heap[0]
            if used + rmin > budget:
                break  # it waits for a day with room (overdue)
            heapq.heappop(heap)
            items.append((rslug, rmin, REVIEW, False, False, projected))
            used += rmin
            if day <= target:
                review_total += rmin
            if project and step < len(gaps):
                heapq.heappush(heap, (day + gaps[step], seq, rslug, rmin, True, step + 1))
                seq += 1
        while qi < n:
            slug, m, optional, rm = queue[qi]
            if not left:
                left = m
            room = budget - used
            if left <= room:
                piece = left
            elif m > budget and room > 0:  # never fits in a day like this one: read a part now
                piece = room
            else:
                break
            items.append((slug, piece, READ, optional, False, False))
            used += piece
            left -= piece
            if not left:
                qi += 1
                finish = day
                on_time += day <= target
                if project:
                    heapq.heappush(heap, (day + gaps[0], seq, slug, rm, True, 1))
                    seq += 1
        if not to_target:
            rows.append((day, budget, items))
        day += 1
    days = [Day(date.fromordinal(d), b, tuple(Item(slug, m, kind, optional=o, done=dn, projected=pj)
                                              for slug, m, kind, o, dn, pj in items)) for d, b, items in rows]
    return days, Fit(on_time == n, n, read_minutes, review_total, available,
                     date.fromordinal(finish) if finish is not None and qi == n else None, n - on_time, study_days)


def _fix_parts(days: list[Day]) -> list[Day]:
    """Number the parts of a chapter read over several days as 1 of 3, 2 of 3, 3 of 3."""
    pieces: dict[str, list[tuple[int, int]]] = {}
    for di, d in enumerate(days):
        for ii, it in enumerate(d.items):
            if it.kind == READ and not it.done:
                pieces.setdefault(it.slug, []).append((di, ii))
    split = {s: where for s, where in pieces.items() if len(where) > 1}
    if not split:
        return days
    out = [list(d.items) for d in days]
    for where in split.values():
        for k, (di, ii) in enumerate(where, 1):
            out[di][ii] = replace(out[di][ii], part=k, parts=len(where))
    return [replace(d, items=tuple(items)) for d, items in zip(days, out, strict=True)]


# --------------------------------------------------------------------------- the plan


def _trim(days: list[Day], target: date) -> list[Day]:
    """Past the target, keep days up to the last one with reading (not the review tail)."""
    end = len(days)
    while end > 0 and days[end - 1].day > target and not days[end - 1].reads:
        end -= 1
    return days[:end]


@dataclass(frozen=True)
class _Selection:
    """What a request reads, in order, before packing (the same for any budget or date)."""

    reads: list[tuple[str, int, bool]]
    optional: frozenset[str]
    today_done: list[tuple[str, int]]
    review_read: dict[str, int]
    reviews: dict[str, date]
    unknown: tuple[str, ...]


def _select(cur: Curriculum, g: nx.DiGraph, req: Request) -> _Selection:
    prep = _prepare(cur, g)
    goal_slugs, unknown = expand_goals(cur, req.goals)
    goals = [prep.index[s] for s in goal_slugs]
    finished = req.done | req.skipped
    stop = {prep.index[s] for s in finished if s in prep.index}
    need, optional = _needed(prep, goals, stop)
    if req.drop_optional:
        need -= optional
        optional = set()
    order = _order(prep, goals, need)
    reads = [(prep.slugs[i], minutes_to_read(prep.words[i], req.wpm), i in optional) for i in order]
    # Chapters done today that this plan would have read: their time is today's.
    today_done: list[tuple[str, int]] = []
    done_today = {prep.index[s] for s in req.done_today & req.done if s in prep.index}
    if done_today:
        would, _ = _needed(prep, goals, stop - done_today)
        today_done = [(prep.slugs[i], minutes_to_read(prep.words[i], req.wpm))
                      for i in sorted(would & done_today, key=prep.ease.__getitem__)]
    review_read = {s: minutes_to_read(prep.words[prep.index[s]], req.wpm) for s in req.reviews if s in prep.index}
    reviews = {s: d for s, d in req.reviews.items() if s in prep.index}
    return _Selection(reads, frozenset(prep.slugs[i] for i in optional), today_done, review_read, reviews,
                      tuple(unknown))


def _packed(req: Request, sel: _Selection, intervals: Sequence[int], *,
            to_target: bool = False) -> tuple[list[Day], Fit]:
    return _pack(replace(req, reviews=sel.reviews), sel.reads, sel.today_done, sel.review_read, intervals,
                 to_target=to_target)


def _build(cur: Curriculum, g: nx.DiGraph, req: Request, intervals: Sequence[int]) -> tuple[Plan, _Selection]:
    sel = _select(cur, g, req)
    days, fit = _packed(req, sel, intervals)
    days = _fix_parts(_trim(days, req.target))
    return Plan(req, tuple(s for s, _, _ in sel.reads), sel.optional, tuple(days), fit,
                unknown_goals=sel.unknown), sel


def _cuts(cur: Curriculum, g: nx.DiGraph, plan: Plan, sel: _Selection, intervals: Sequence[int]) -> tuple[Cut, ...]:
    req, fit = plan.request, plan.fit
    cuts: list[Cut] = []
    if plan.optional:
        lean, _ = _build(cur, g, replace(req, drop_optional=True), intervals)
        dropped = tuple(s for s in plan.order if s in plan.optional)
        cuts.append(Cut("drop-optional", lean.fit.chapters, lean.fit.need, lean.fit.finish, lean.fit.fits,
                        dropped=dropped, short=0 if lean.fit.fits else lean.fit.short))
    if fit.finish is not None:
        cuts.append(Cut("move-date", fit.chapters, fit.need, fit.finish, True, target=fit.finish,
                        later=(fit.finish - req.target).days))
    raise_by = _raise_needed(req, sel, fit, intervals)
    if raise_by is not None:
        budget = req.budget.raised(raise_by)
        cuts.append(Cut("raise-time", fit.chapters, fit.need, req.target, True, budget=budget, extra=raise_by))
    return tuple(cuts)


def _raise_needed(req: Request, sel: _Selection, fit: Fit, intervals: Sequence[int]) -> int | None:
    """The fewest extra minutes per study day (in steps of 5) that make the plan fit; None when none does.

    Starts from the average shortfall per study day, then steps: a handful of packings, not a full search."""

    def fits(by: int) -> bool:
        return _packed(replace(req, budget=req.budget.raised(by)), sel, intervals, to_target=True)[1].fits

    days = max(1, fit.study_days or (req.target - req.today).days + 1)
    guess = max(5, math.ceil(fit.short / days / 5) * 5)
    if fits(guess):
        hi = guess
        while hi > 5 and fits(hi - 5):
            hi -= 5
        return hi
    lo, hi = guess, guess * 2
    while not fits(hi):
        lo, hi = hi, hi * 2
        if hi > 24 * 60:
            return None
    while hi - lo > 5:
        mid = (lo + hi) // 2 // 5 * 5
        if mid <= lo:
            break
        if fits(mid):
            hi = mid
        else:
            lo = mid
    return hi


def make_plan(cur: Curriculum, g: nx.DiGraph, req: Request, intervals: Sequence[int] | None = None) -> Plan:
    """The plan for *req*; when it does not fit, with its cuts.

    ``intervals``: days between a chapter's reading and its projected reviews (default: FSRS with "Good" each
    time, :func:`.reviews.good_intervals`); ``()`` projects none.

    >>> from topicgraph.loader import read_curriculum
    >>> from topicgraph.graph import build_graph
    >>> cur = read_curriculum("tests/fixtures/content"); g = build_graph(cur)
    >>> plan = make_plan(cur, g, Request(("redis-architecture",), date(2026, 1, 5), date(2026, 1, 9), Budget(2, 2)))
    >>> plan.order, plan.fit.fits
    (('system-types', 'scalable-systems', 'data-storage-overview', 'caching-strategies', 'redis-architecture'), True)
    >>> [(d.day.day, [(i.kind, i.slug) for i in d.items]) for d in plan.days][2]  # reviews first, read two days ago
    (7, [('review', 'system-types'), ('review', 'scalable-systems')])
    >>> [d.day.day for d in plan.days for i in d.reads if i.slug == "redis-architecture"]
    [9]
    """
    if intervals is None:
        intervals = good_intervals()
    plan, sel = _build(cur, g, req, intervals)
    if not plan.fit.fits and plan.order:
        plan = replace(plan, cuts=_cuts(cur, g, plan, sel, intervals))
    return plan


# --------------------------------------------------------------------------- following the learner


@dataclass(frozen=True)
class Behind:
    """Chapters a saved plan put before today that are not done or skipped, and a way to catch up."""

    chapters: tuple[str, ...]
    minutes: int
    extra_per_day: int = 0
    until: date | None = None
    days: tuple[date, ...] = ()

    def text(self, lang: str = "en") -> str:
        """"2 chapters behind, +20 min a day until Friday (11 Dec)" in *lang* (the UI catalogs' words)."""
        return texts.behind(len(self.chapters), self.extra_per_day, self.until, lang)

    def budget(self, base: Budget) -> Budget:
        """``base`` with the catch-up minutes added on its days."""
        extra = dict(base.extra)
        for d in self.days:
            extra[d] = extra.get(d, 0) + self.extra_per_day
        return replace(base, extra=extra)


def behind(cur: Curriculum, g: nx.DiGraph, baseline: Mapping[str, Sequence[str]], req: Request,
           catch_up_days: int = 5) -> Behind:
    """Compare the saved plan (``baseline``: ISO date → slugs) with what is done by ``req.today``; spread the
    missed reading over the next study days (up to ``catch_up_days``, ending at the week's end when sooner)."""
    prep = _prepare(cur, g)
    finished = req.done | req.skipped
    missed = [s for d, slugs in sorted(baseline.items()) if d < req.today.isoformat() for s in slugs
              if s not in finished and s in prep.index]
    missed = list(dict.fromkeys(missed))
    minutes = sum(minutes_to_read(prep.words[prep.index[s]], req.wpm) for s in missed)
    if not missed:
        return Behind((), 0)
    study: list[date] = []
    day = req.today
    week_end = req.today + timedelta(days=6 - req.today.weekday())
    while len(study) < catch_up_days and day <= max(req.target, req.today) and (day <= week_end or len(study) < 2):
        if req.budget.minutes(day) > 0:
            study.append(day)
        day += timedelta(days=1)
    if not study:
        return Behind(tuple(missed), minutes)
    extra = math.ceil(minutes / len(study) / 5) * 5
    return Behind(tuple(missed), minutes, extra, study[-1], tuple(study))


def plan_vs_actual(baseline: Mapping[str, Sequence[str]], today: date, finished: Iterable[str]) -> dict[str, Any]:
    """For a team view: chapters the plan put before today, how many of them are done, and everything planned.

    >>> plan_vs_actual({"2026-01-05": ["a", "b"], "2026-01-07": ["c"]}, date(2026, 1, 6), {"a", "c"})
    {'planned': 3, 'due': 2, 'done_due': 1, 'done': 2, 'behind': 1}
    """
    finished = set(finished)
    all_slugs = [s for slugs in baseline.values() for s in slugs]
    due = [s for d, slugs in baseline.items() if d < today.isoformat() for s in slugs]
    done_due = sum(1 for s in due if s in finished)
    return {"planned": len(set(all_slugs)), "due": len(set(due)), "done_due": done_due,
            "done": len(set(all_slugs) & finished), "behind": len(set(due)) - done_due}


# --------------------------------------------------------------------------- what a person chose, stored

#: Limits on a stored spec (it may come from a hand-edited database or an old version).
GOALS_MAX, DAYS_OFF_MAX, MINUTES_MAX, WPM_RANGE = 2000, 366, 24 * 60, (50, 1000)


class SpecError(ValueError):
    """A stored or submitted plan spec that is not valid; ``field`` names the problem."""

    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class Spec:
    """What a person asked for: goals, a date, minutes a day, pace. With ``today`` and progress it is a Request."""

    goals: tuple[str, ...]
    target: date
    budget: Budget = Budget()
    wpm: int = DEFAULT_WPM
    drop_optional: bool = False

    def request(self, today: date, *, done: Iterable[str] = (), skipped: Iterable[str] = (),
                done_today: Iterable[str] = (), reviews: Mapping[str, date] | None = None) -> Request:
        return Request(self.goals, today, self.target, self.budget, self.wpm, frozenset(done), frozenset(skipped),
                       frozenset(done_today), dict(reviews or {}), drop_optional=self.drop_optional)

    def to_dict(self) -> dict[str, Any]:
        b = self.budget
        return {"goals": list(self.goals), "target": self.target.isoformat(), "weekday": b.weekday,
                "weekend": b.weekend, "days_off": sorted(d.isoformat() for d in b.days_off),
                "weekdays_off": sorted(b.weekdays_off), "extra": {d.isoformat(): m for d, m in sorted(b.extra.items())},
                "wpm": self.wpm, "drop_optional": self.drop_optional}

    @classmethod
    def from_dict(cls, data: Any) -> Spec:
        """Validate every field (a bad value raises :class:`SpecError` naming it).

        >>> Spec.from_dict({"goals": ["a"], "target": "2027-01-15", "weekday": 90, "weekend": 180}).budget.weekend
        180
        >>> Spec.from_dict({"goals": ["a"], "target": "2027-02-30"})
        Traceback (most recent call last):
        ...
        topicgraph.planner.core.SpecError: target: '2027-02-30' is not a date (YYYY-MM-DD)
        """
        if not isinstance(data, dict):
            raise SpecError("spec", "must be an object")
        goals = data.get("goals")
        if not isinstance(goals, list) or not all(isinstance(g, str) and 0 < len(g) <= 200 for g in goals):
            raise SpecError("goals", "must be a list of chapter or theme slugs")
        if len(goals) > GOALS_MAX:
            raise SpecError("goals", f"at most {GOALS_MAX}")

        def day(value: Any, field_: str) -> date:
            try:
                return date.fromisoformat(value)
            except (TypeError, ValueError):
                raise SpecError(field_, f"{value!r} is not a date (YYYY-MM-DD)") from None

        def minutes(name: str, default: int) -> int:
            value = data.get(name, default)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MINUTES_MAX:
                raise SpecError(name, f"must be whole minutes from 0 to {MINUTES_MAX}")
            return value

        days_off = data.get("days_off", [])
        if not isinstance(days_off, list) or len(days_off) > DAYS_OFF_MAX:
            raise SpecError("days_off", f"must be a list of at most {DAYS_OFF_MAX} dates")
        weekdays_off = data.get("weekdays_off", [])
        if not isinstance(weekdays_off, list) or not all(isinstance(w, int) and 0 <= w <= 6 for w in weekdays_off):
            raise SpecError("weekdays_off", "must be weekday numbers 0 (Monday) to 6 (Sunday)")
        extra = data.get("extra", {})
        if not isinstance(extra, dict) or len(extra) > DAYS_OFF_MAX or not all(
                isinstance(m, int) and -MINUTES_MAX <= m <= MINUTES_MAX for m in extra.values()):
            raise SpecError("extra", "must map dates to minutes")
        wpm = data.get("wpm", DEFAULT_WPM)
        if not isinstance(wpm, int) or not WPM_RANGE[0] <= wpm <= WPM_RANGE[1]:
            raise SpecError("wpm", f"must be words per minute from {WPM_RANGE[0]} to {WPM_RANGE[1]}")
        budget = Budget(minutes("weekday", 60), minutes("weekend", 120),
                        frozenset(day(d, f"days_off[{i}]") for i, d in enumerate(days_off)), frozenset(weekdays_off),
                        {day(d, "extra"): m for d, m in extra.items()})
        return cls(tuple(goals), day(data.get("target"), "target"), budget, wpm, bool(data.get("drop_optional")))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Spec:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise SpecError("spec", f"not JSON ({e.msg})") from None
        return cls.from_dict(data)
