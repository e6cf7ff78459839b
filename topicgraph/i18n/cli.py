"""``python -m topicgraph i18n stamp|status [DIR]``: the translations' source hashes and how far they got;
``i18n keys``: the interface's catalog keys with their texts in every language."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from ..loader import read_curriculum
from . import LANGS, catalog
from .content import stamp_plan, stamp_text, status


def _stamp(args: argparse.Namespace) -> int:
    cur = read_curriculum(args.dir)
    only = {s.strip() for s in args.only.split(",") if s.strip()} if args.only else None
    plan = stamp_plan(cur, refresh=args.refresh, only=only)
    for tr, new in plan:
        path = Path(tr.path)
        path.write_text(stamp_text(path.read_text(encoding="utf-8"), new), encoding="utf-8")
        print(f"{tr.path}: source: {tr.source or '(none)'} -> {new}")
    stamped = {tr.path for tr, _ in plan}
    left = [tr.path for c in cur.chapters for tr in c.i18n.values()
            if tr.stale and tr.source is not None and tr.path not in stamped]
    for stale in left:
        print(f"{stale}: stale, not stamped (update the text, then --only SLUG or --refresh)")
    print(f"stamped {len(plan)} translation(s)")
    return 0


def _status(args: argparse.Namespace) -> int:
    report = status(read_curriculum(args.dir))
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    for lang, r in report.items():
        shortest = f"; shortest body {r['shortest']['words']} words ({r['shortest']['slug']})" if r["shortest"] else ""
        print(f"{lang}: {r['translated']} of {r['chapters']} chapters, {len(r['stale'])} stale, "
              f"{r['themes']} themes named, {r['words']:,} words{shortest}")
    return 0


def _flat(entry: object) -> str:
    """A catalog entry on one line (plural forms as ``one: …  few: …``)."""
    if isinstance(entry, dict):
        return "  ".join(f"{form}: {text}" for form, text in entry.items())
    return str(entry).replace("\n", " ")


def _keys(args: argparse.Namespace) -> int:
    keys = sorted({k for lang in LANGS for k in catalog(lang)})
    keys = [k for k in keys if k.startswith(args.prefix or "")]
    if args.json:
        print(json.dumps({k: {lang: catalog(lang).get(k) for lang in LANGS} for k in keys}, ensure_ascii=False))
        return 0
    if args.count:
        groups: dict[str, int] = {}
        for k in keys:
            groups[k.split(".")[0]] = groups.get(k.split(".")[0], 0) + 1
        for group, n in sorted(groups.items()):
            print(f"{group}\t{n}")
        print(f"{len(keys)} keys")
        return 0
    for k in keys:
        print("\t".join([k, *(_flat(catalog(lang).get(k, "(missing)")) for lang in LANGS)]))
    return 0


def add_commands(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
                 dir_arg: Callable[[argparse.ArgumentParser], object]) -> None:
    """Add ``i18n stamp``, ``i18n status`` and ``i18n keys`` to the main parser's sub-commands."""
    p = sub.add_parser("i18n", help="Translations: stamp their source hash, show how far they got.",
                       description="Translations live beside the English files: chapters/<slug>.ru.md and "
                                   "themes.ru.yaml. 'stamp' records in each translation the hash of the English "
                                   "text it matches; validate warns when the English text has changed since.")
    inner = p.add_subparsers(dest="i18n_command", required=True, metavar="ACTION")
    s = inner.add_parser("stamp", help="write source: HASH into translations that have none (--refresh: also stale "
                                      "ones; --only: just these slugs)")
    dir_arg(s)
    s.add_argument("--refresh", action="store_true", help="also re-stamp stale translations (after updating them)")
    s.add_argument("--only", metavar="A,B", help="stamp just these chapters' translations")
    s.set_defaults(func=_stamp)
    s = inner.add_parser("status", help="per language: chapters translated, stale, words, the shortest body")
    dir_arg(s)
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=_status)
    s = inner.add_parser("keys", help="the interface's catalog keys, one per line: key, then its text in each "
                                     "language (tab-separated)")
    s.add_argument("--prefix", metavar="P", help="only keys starting with P (e.g. graph.)")
    s.add_argument("--count", action="store_true", help="print how many keys per group instead")
    s.add_argument("--json", action="store_true", help="print JSON: key -> {language: text}")
    s.set_defaults(func=_keys)
