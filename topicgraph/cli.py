"""Command line: ``python -m topicgraph <command> [DIR]``.

DIR defaults to ``$TOPICGRAPH_DATA`` or the bundled ``data/``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .export import FORMATS, export
from .graph import build_graph
from .i18n.cli import add_commands as add_i18n_commands
from .i18n.content import translation_warnings
from .layout import LAYOUT_FILE, compute_positions, read_positions, write_positions
from .lint import content_warnings
from .loader import read_curriculum
from .model import DIFFICULTIES, TYPES
from .query import Filters
from .stats import summary, theme_table


def _validate(args: argparse.Namespace) -> int:
    cur = read_curriculum(args.dir)
    g = build_graph(cur)
    warnings = content_warnings(cur) + translation_warnings(cur)
    print(f"{len(cur.chapters)} chapters, {len(cur.themes)} themes, {g.number_of_edges()} links ({cur.root})")
    for problem in cur.problems:
        print(problem)
    for warning in warnings:
        print(f"{warning.path}:{warning.line}: {warning.field}: warning: {warning.message}")
    if cur.problems or (warnings and args.strict):
        print(f"{len(cur.problems)} problem(s), {len(warnings)} warning(s)", file=sys.stderr)
        return 1
    print(f"0 problems, {len(warnings)} warning(s)" if warnings else "0 problems")
    return 0


def _stats(args: argparse.Namespace) -> int:
    cur = read_curriculum(args.dir)
    g = build_graph(cur)
    if args.json:
        print(json.dumps({"summary": summary(cur, g), "themes": theme_table(cur).reset_index().to_dict("records")}))
    else:
        print(theme_table(cur).to_string())
        print()
        for key, value in summary(cur, g).items():
            print(f"{key}: {value}")
    return 0


def _export(args: argparse.Namespace) -> int:
    cur = read_curriculum(args.dir)
    g = build_graph(cur)
    raw = {"theme": args.theme or "", "difficulty": args.difficulty or "", "type": args.type or ""}
    filters, notices = Filters.from_params(raw, [t.slug for t in cur.themes])
    if notices:  # a typo must not silently export everything
        for notice in notices:
            print(f"error: {notice.removesuffix(' was ignored.')}", file=sys.stderr)
        print(f"themes: {', '.join(t.slug for t in cur.themes)}", file=sys.stderr)
        return 2
    positions = None
    if args.format == "html":  # the stored layout; chapters missing from it are placed as the app would
        positions = compute_positions(g, cur, read_positions(f"{cur.root}/{LAYOUT_FILE}"))
    text = export(args.format, cur, g, filters, positions)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


def _layout(args: argparse.Namespace) -> int:
    cur = read_curriculum(args.dir)
    positions = compute_positions(build_graph(cur), cur, known=None)
    target = f"{cur.root}/{LAYOUT_FILE}"
    if not write_positions(target, positions):
        print(f"cannot write {target}", file=sys.stderr)
        return 1
    print(f"wrote {len(positions)} positions to {target}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m topicgraph",
        description="Check and inspect a System Design Space curriculum (themes.yaml + chapters/*.md).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("dir", nargs="?", help="content directory (default: $TOPICGRAPH_DATA or bundled data/)")
        return p

    p = command("validate", "Load every file and print a summary and every problem as path:line: field: message, "
                            "then warnings (remote images, which the app never loads). Exit 0 when there is no "
                            "problem, 1 when any (--strict: also on warnings). Once a content has any translation, "
                            "chapters and themes without one and stale translations are warnings too.")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(func=_validate)
    p = command("stats", "Chapters and words per theme, links and cross-theme links.")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_stats)
    p = command("export", "Print the chapters matching the filters: the graph (nodes, typed edges) as JSON or "
                          "GraphML, the catalog as CSV, or a standalone interactive HTML page that works offline.")
    p.add_argument("--format", choices=FORMATS, default="json", help="output format (default json)")
    p.add_argument("--theme", metavar="A,B", help="only chapters in any of these themes (slugs)")
    p.add_argument("--difficulty", metavar="A,B", help=f"only these difficulties ({', '.join(DIFFICULTIES)})")
    p.add_argument("--type", metavar="A,B", help=f"only these content types ({', '.join(TYPES)})")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=_export)
    command("layout", f"Recompute every node position from scratch and store it in DIR/{LAYOUT_FILE} "
                      "(moves every node; the app only ever adds new ones).").set_defaults(func=_layout)
    add_i18n_commands(sub, lambda p: p.add_argument("dir", nargs="?", help="content directory"))
    args = parser.parse_args(argv)
    return int(args.func(args))
