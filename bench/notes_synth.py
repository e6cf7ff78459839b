"""A synthetic Obsidian vault for the notes-import benchmark: ``python -m bench.notes_synth --notes N --links L``.

Reproducible (``--seed``): numbered top-level folders with sub-folders, names with spaces (some with
emoji), a ``README.md`` and an ``index.md`` in many folders, front matter on most notes (tags, aliases,
epoch-millisecond or ISO dates, a description now and then), wiki links in every Obsidian form
(alias, heading, block, embed), relative Markdown links with URL-encoded spaces, links to targets drawn
from a heavy-tailed distribution, a few broken links, image embeds, and links inside code that must not
count. A root ``README.md`` links to 200 notes (a hub).
"""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path
from urllib.parse import quote

_WORD_TEXT = ("cache queue shard replica leader log index tree hash ring token bucket lease quorum vector stream batch "
         "window join snapshot compaction gossip clock lock retry backoff tenant region edge proxy gateway schema "
         "migration rollout canary budget alert trace metric span sample encoder embedding model serving feature "
         "store lake table partition consumer producer offset topic cluster node pod service mesh policy")
WORDS = _WORD_TEXT.split()
EMOJI = ("🚀", "📚", "🧠", "✅")


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        words = rng.sample(WORDS, rng.choice((1, 2, 2, 3)))
        name = " ".join(w.capitalize() if i == 0 else w for i, w in enumerate(words))
        if rng.random() < 0.03:
            name += " " + rng.choice(EMOJI)
        if name.lower() not in taken:
            taken.add(name.lower())
            return name


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(out: Path, notes: int, links: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / ".obsidian").mkdir(exist_ok=True)
    (out / ".obsidian" / "app.json").write_text("{}\n")
    tops = max(4, int(notes ** 0.5 / 4))
    folders = [f"{i + 1:02d} - {_name(rng, set()).title()}" for i in range(tops)]
    subfolders = [f"{f}/{_name(rng, set())}" for f in folders for _ in range(rng.randint(0, 4))]
    places = folders + subfolders
    taken: set[str] = set()
    paths: list[str] = []
    for k in range(notes - 1):
        folder = rng.choice(places)
        if k < len(places) and k % 2 == 0:
            stem = "README"
            folder = places[k]
        elif k < len(places):
            stem = "index"
            folder = places[k]
        else:
            stem = _name(rng, taken)
        paths.append(f"{folder}/{stem}.md")
    paths = list(dict.fromkeys(paths))
    stems = [p.rsplit("/", 1)[1][:-3] for p in paths]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(paths))]
    rng.shuffle(weights)
    per_note = links / max(1, len(paths))
    written = 0
    for i, path in enumerate(paths):
        lines: list[str] = []
        if rng.random() < 0.7:
            lines.append("---")
            lines.append(f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]")
            if rng.random() < 0.2:
                lines.append(f"aliases: [{rng.choice(WORDS)} {rng.choice(WORDS)} {i}]")
            if rng.random() < 0.5:
                lines.append(f"created: {1_600_000_000_000 + rng.randrange(10**11)}")
            else:
                lines.append(f"date: 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
            if rng.random() < 0.3:
                lines.append(f"description: {_text(rng, 12)}")
            lines.append("---")
        if rng.random() < 0.5:
            lines += [f"# {stems[i]}", ""]
        count = min(len(paths) - 1, int(per_note) + (1 if rng.random() < per_note % 1 else 0))
        targets = rng.choices(range(len(paths)), weights=weights, k=count)
        paragraphs = []
        for t in targets:
            if t == i:
                continue
            form = rng.random()
            stem = stems[t]
            if stem in ("README", "index"):
                link = f"[[{paths[t][:-3]}]]"
            elif form < 0.45:
                link = f"[[{stem}]]"
            elif form < 0.6:
                link = f"[[{stem}|{rng.choice(WORDS)}]]"
            elif form < 0.7:
                link = f"[[{stem}#{rng.choice(WORDS).capitalize()}]]"
            elif form < 0.75:
                link = f"![[{stem}]]"
            else:
                rel = os.path.relpath(paths[t], os.path.dirname(path)).replace(os.sep, "/")
                link = f"[{rng.choice(WORDS)}]({quote(rel)})"
            paragraphs.append(f"{_text(rng, rng.randint(8, 30))} See {link}. {_text(rng, rng.randint(5, 20))}")
            written += 1
        if rng.random() < 0.05:
            paragraphs.append(f"A note to write later: [[Unwritten {rng.randint(1, 50)}]].")
        if rng.random() < 0.1:
            paragraphs.append(f"![[diagram {i}.png]]")
        if rng.random() < 0.1:
            paragraphs.append("```\n[[Not a link]] inside code\n```")
        if not paragraphs:
            paragraphs.append(_text(rng, 25))
        for p in paragraphs:
            lines += [p, ""]
            if rng.random() < 0.25:
                lines += [f"## {rng.choice(WORDS).capitalize()}", "", _text(rng, rng.randint(20, 60)), ""]
        file = out / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("\n".join(lines), encoding="utf-8")
    hub = sorted(rng.sample(range(len(paths)), min(200, len(paths))))
    (out / "README.md").write_text("# Index\n\n" + "\n".join(f"- [[{paths[t][:-3]}]]" for t in hub) + "\n",
                                   encoding="utf-8")
    return {"notes": len(paths) + 1, "links": written + len(hub)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--notes", type=int, default=2000)
    ap.add_argument("--links", type=int, default=None, help="links in all (default: 3.4 per note)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    print(generate(args.out, args.notes, args.links or int(args.notes * 3.4), args.seed))


if __name__ == "__main__":
    main()
