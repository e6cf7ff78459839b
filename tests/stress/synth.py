"""A quick synthetic curriculum in the content format, for load-time measurements.

(bench/synth.py, owned by the scale work, is the full generator; this one only has to be valid,
reproducible and shaped like real content: ~4.4 links per chapter, ~2.5 KB bodies.)
"""

from __future__ import annotations

import random
from pathlib import Path


def synth(root: Path, chapters: int, themes: int = 14, seed: int = 1) -> Path:
    rng = random.Random(seed)
    (root / "chapters").mkdir(parents=True, exist_ok=True)
    theme_slugs = [f"theme-{i}" for i in range(themes)]
    (root / "themes.yaml").write_text("".join(
        f"- slug: {s}\n  name: Theme {i}\n  description: Synthetic theme {i}.\n"
        f"  color: \"#{rng.randrange(0x1000000):06x}\"\n  order: {i + 1}\n" for i, s in enumerate(theme_slugs)))
    slugs = [f"chapter-{i}" for i in range(chapters)]
    body = ("## Section\n\n" + "Synthetic words about systems and trade-offs. " * 12 + "\n\n") * 4
    for i, slug in enumerate(slugs):
        others = [s for s in rng.sample(slugs, min(6, chapters)) if s != slug]
        nexts = others[:3] or [slugs[(i + 1) % chapters]]
        ctx = others[3] if len(others) > 3 else slugs[(i + 1) % chapters]
        # prerequisites only point backwards, so there is never a cycle
        pre = f"prerequisites: [{slugs[i - 1]}]\n" if i > 0 and rng.random() < 0.4 else ""
        (root / "chapters" / f"{slug}.md").write_text(
            f"---\ntitle: \"Chapter {i}\"\nthemes: [{theme_slugs[i % themes]}]\n"
            f"difficulty: {rng.choice(['easy', 'medium', 'hard', 'expert'])}\ntype: original\n"
            f"updated: 2026-03-01T10:00:00\nsummary: \"Synthetic chapter {i}.\"\n"
            f"context:\n  chapter: {ctx}\n  label: Context\n  why: \"Read it first.\"\n"
            f"next: [{', '.join(nexts)}]\n{pre}---\n{body}", encoding="utf-8")
    return root
