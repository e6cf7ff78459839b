"""Synthetic curricula in the content format, for benchmarks and scale tests.

    python -m bench.synth --chapters 5000 --themes 25 --seed 1 --out /tmp/c5000

Shaped like the bundled content: ≈4.4 distinct links per chapter with a heavy tail
(a few hub chapters collect many links), ~40 % of links crossing themes, ~2.5 KB
bodies, acyclic prerequisites, no two chapters listing each other as "next", and one
easy ``order: 1`` chapter per theme. The same arguments give the same files.
"""

from __future__ import annotations

import argparse
import bisect
import colorsys
import itertools
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

_VOCABULARY = (
    "cache queue shard replica leader follower log index partition quorum lease token bucket window stream "
    "batch consumer producer broker topic offset snapshot checkpoint compaction tombstone vector clock gossip "
    "heartbeat timeout retry backoff jitter circuit breaker bulkhead throttle limit budget latency throughput "
    "tail percentile saturation error trace span metric alert runbook rollout canary feature flag schema "
    "migration backfill read write path hot key fan out fan in merge join filter projection predicate plan "
    "cost model storage engine page tree hash range scan seek flush memtable segment bloom filter consistent "
    "eventual strong linearizable serializable snapshot isolation conflict resolution idempotency key dedup "
    "outbox saga choreography orchestration gateway proxy mesh sidecar ingress egress tenant region zone"
)
WORDS = _VOCABULARY.split()
HEADINGS = ("What it is", "Why it matters", "How it works", "Trade-offs", "Failure modes", "In practice",
            "Numbers to remember", "Common mistakes")
TYPES = ("original",) * 14 + ("book-summary",) * 3 + ("case-study",) * 3 + ("documentary",)
LABELS = ("Context", "Foundation", "Related chapter", "Start")


def default_themes(chapters: int) -> int:
    """14 themes like the bundled content, more for bigger curricula (25 at 5,000, 40 at 20,000)."""
    return 14 if chapters <= 1000 else 25 if chapters <= 5000 else 40


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random, size: int = 2100) -> str:
    parts: list[str] = []
    total = 0
    for heading in rng.sample(HEADINGS, len(HEADINGS)):
        parts.append(f"## {heading}\n\n")
        for _ in range(2):
            para = " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))
            parts.append(para + "\n\n")
            total += len(para) + 2
        if total >= size:
            break
    return "".join(parts)


def _colour(i: int, n: int) -> str:
    r, g, b = colorsys.hsv_to_rgb((i * 0.618034) % 1.0, 0.55 + 0.2 * (i % 2), 0.8)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


class _Picker:
    """Chapters of one theme in reading order, picked with heavy-tailed weights
    (a Pareto popularity per chapter) from a prefix or suffix of that order."""

    def __init__(self, members: list[int], popularity: list[float]) -> None:
        self.members = members
        self.cum = list(itertools.accumulate(popularity[m] for m in members))

    def pick(self, rng: random.Random, lo: int, hi: int) -> int | None:
        """A member at position lo..hi-1 (positions in this theme), or None when the range is empty."""
        if lo >= hi:
            return None
        base = self.cum[lo - 1] if lo else 0.0
        x = base + rng.random() * (self.cum[hi - 1] - base)
        return self.members[min(bisect.bisect_left(self.cum, x, lo, hi), hi - 1)]


def generate(chapters: int, themes: int, seed: int, out: Path) -> None:
    """Write ``themes.yaml`` and ``chapters/*.md`` under *out* (replacing what is there)."""
    if chapters < 2 * themes:
        raise SystemExit("need at least two chapters per theme")
    rng = random.Random(seed)
    theme_slugs = [f"theme-{t:02d}" for t in range(themes)]
    # Theme sizes vary (0.5x to 1.5x the mean); every theme gets at least two chapters.
    shares = [0.5 + rng.random() for _ in range(themes)]
    sizes = [max(2, int(chapters * s / sum(shares))) for s in shares]
    sizes[0] += chapters - sum(sizes)
    home: list[int] = []
    pos: list[int] = []
    members: list[list[int]] = [[] for _ in range(themes)]
    for t, size in enumerate(sizes):
        for k in range(size):
            members[t].append(len(home))
            home.append(t)
            pos.append(k)
    popularity = [rng.paretovariate(1.6) for _ in range(chapters)]
    pickers = [_Picker(m, popularity) for m in members]
    slugs = [f"{theme_slugs[home[i]].removeprefix('theme-')}-topic-{pos[i] + 1:05d}-{WORDS[i % len(WORDS)]}"
             for i in range(chapters)]

    def frac(i: int) -> float:
        return pos[i] / sizes[home[i]]

    def other_theme(t: int) -> int:
        # Neighbouring themes link most (like "databases" and "storage"), a few links go anywhere.
        if rng.random() < 0.7:
            return (t + rng.choice((-2, -1, 1, 2))) % themes
        return rng.randrange(themes)

    def target(i: int, later: bool) -> int | None:
        """A chapter read after (later) or before chapter i: same theme mostly, another theme half the time."""
        t = home[i]
        if rng.random() < 0.5 and themes > 1:
            o = other_theme(t)
            cut = int(frac(i) * sizes[o]) + (1 if later else 0)
            lo, hi = (cut, sizes[o]) if later else (0, min(cut, sizes[o]))
            return pickers[o].pick(rng, lo, hi)
        lo, hi = (pos[i] + 1, sizes[t]) if later else (0, pos[i])
        return pickers[t].pick(rng, lo, hi)

    # Rank = (fraction through its theme, theme): "next" always points to a higher rank and
    # prerequisites to a lower one, so prerequisites are acyclic and no pair lists each other as next.
    nexts: list[list[int]] = [[] for _ in range(chapters)]
    prereqs: list[list[int]] = [[] for _ in range(chapters)]
    for i in range(chapters):
        want = min(8, 1 + int(rng.expovariate(1 / 3.0)))
        for _ in range(want * 2):
            j = target(i, later=True)
            if j is not None and j != i and j not in nexts[i] and (frac(j), home[j]) > (frac(i), home[i]):
                nexts[i].append(j)
            if len(nexts[i]) >= want:
                break
        for _ in range(min(3, int(rng.expovariate(1.0)))):
            j = target(i, later=False)
            if j is not None and j != i and j not in prereqs[i] and (frac(j), home[j]) < (frac(i), home[i]):
                prereqs[i].append(j)
    # The very last chapters of the reading order have nobody later: they point back to a theme's
    # first chapter, which never lists them (its own next links go to higher ranks only).
    for i in range(chapters):
        if not nexts[i]:
            j = members[home[i]][0] if pos[i] else members[(home[i] + 1) % themes][0]
            nexts[i].append(j if j != i else members[(home[i] + 1) % themes][0])

    shutil.rmtree(out / "chapters", ignore_errors=True)
    (out / "chapters").mkdir(parents=True)
    with (out / "themes.yaml").open("w", encoding="utf-8") as f:
        f.write(f"# Synthetic curriculum: {chapters} chapters, {themes} themes, seed {seed} (bench/synth.py)\n")
        for t, slug in enumerate(theme_slugs):
            f.write(f"- slug: {slug}\n  name: Theme {t + 1:02d}\n  description: Synthetic theme number {t + 1}.\n"
                    f"  color: \"{_colour(t, themes)}\"\n  order: {t + 1}\n")
    start = datetime(2025, 1, 1)
    # Difficulties first (their own generator), so an easy chapter's context can avoid hard ones.
    drng = random.Random(f"{seed}-difficulty")
    def pick_difficulty(i: int) -> str:
        level = pos[i] / sizes[home[i]]
        if pos[i] == 0:
            return "easy"
        return drng.choices(("easy", "medium", "hard", "expert"),
                            weights=(1.5 - level, 3, 1 + 2 * level, 0.3 + level))[0]

    difficulties = [pick_difficulty(i) for i in range(chapters)]
    for i in range(chapters):
        t, k = home[i], pos[i]
        difficulty = difficulties[i]
        extra = [theme_slugs[other_theme(t)]] if rng.random() < 0.08 else []
        themes_of = [theme_slugs[t], *[e for e in extra if e != theme_slugs[t]]]
        context = prereqs[i][0] if prereqs[i] else (members[t][0] if k else members[(t + 1) % themes][0])
        if difficulty == "easy" and difficulties[context] in ("hard", "expert"):
            context = members[t][0] if k else members[(t + 1) % themes][0]  # theme entries are easy
        if context == i:
            context = nexts[i][0]
        lines = [
            "---",
            f"title: \"{WORDS[i % len(WORDS)].capitalize()} {WORDS[(i * 7 + 3) % len(WORDS)]} "
            f"{t + 1:02d}.{k + 1}\"",
            f"themes: [{', '.join(themes_of)}]",
            f"difficulty: {difficulty}",
            f"type: {'original' if k == 0 else rng.choice(TYPES)}",
            f"updated: {(start + timedelta(minutes=rng.randrange(500_000))).isoformat(timespec='seconds')}",
            f"summary: \"{_sentence(rng)}\"",
            "context:",
            f"  chapter: {slugs[context]}",
            f"  label: {'Start' if k == 0 else rng.choice(LABELS)}",
            f"  why: \"{_sentence(rng)}\"",
            f"next: [{', '.join(slugs[j] for j in nexts[i])}]",
        ]
        if prereqs[i]:
            lines.append(f"prerequisites: [{', '.join(slugs[j] for j in prereqs[i])}]")
        lines.append(f"order: {k + 1}")
        lines.append("---")
        (out / "chapters" / f"{slugs[i]}.md").write_text("\n".join(lines) + "\n" + _body(rng), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chapters", type=int, required=True)
    parser.add_argument("--themes", type=int, help="default: 14 up to 1,000 chapters, 25 up to 5,000, else 40")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    themes = args.themes or default_themes(args.chapters)
    generate(args.chapters, themes, args.seed, args.out)
    print(f"wrote {args.chapters} chapters in {themes} themes to {args.out}")


if __name__ == "__main__":
    main()
